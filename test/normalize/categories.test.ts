import { describe, expect, it } from 'vitest';
import { categoryKey } from '../../shared/model/article-rules.js';
import { normalizeCategories, normalizeCategoryLabels } from '../../shared/normalize/categories.js';

describe('categories', () => {
  it.each([
    ['id', ['Internasional', ' internasional ', 'Ekonomi'], ['Internasional', 'Ekonomi']],
    ['en', ['World  News', 'world news', 'Markets'], ['World News', 'Markets']],
    ['fr', ['Économie', 'ÉCONOMIE', 'économie'], ['Économie']],
    ['de', ['Wirtschaft', 'wirtschaft', 'Straße'], ['Wirtschaft', 'Straße']],
    ['es', ['Economía', 'ECONOMÍA', 'Política'], ['Economía', 'Política']],
  ])('dedupes the %s categories %j case-insensitively, trimmed, first spelling kept', (_lang, input, expected) => {
    expect(normalizeCategories(input)).toEqual(expected);
  });

  it('drops empty and blank categories', () => {
    expect(normalizeCategories(['', '  ', '\u00a0', 'News'])).toEqual(['News']);
  });

  it.each([
    ['a label kept under its term', ['startup'], { startup: 'Startup' }, { startup: 'Startup' }],
    ['a label given for another spelling, moved to the kept one', ['World'], { ' world ': 'World News' }, { World: 'World News' }],
    ['a label equal to its category, dropped', ['Sports'], { Sports: 'Sports' }, undefined],
    ['a label for a category that was not kept, dropped', ['Sports'], { weather: 'Weather' }, undefined],
  ])('keeps display labels: %s', (_name, kept, labels, expected) => {
    expect(normalizeCategoryLabels(kept, labels)).toEqual(expected);
  });

  it.each([
    ['case', 'World', 'world'],
    ['surrounding whitespace', ' World\u00a0', 'World'],
    ['repeated inner whitespace', 'World  News', 'world news'],
  ])('gives categories that differ only in %s one key', (_name, a, b) => {
    expect(categoryKey(a)).toBe(categoryKey(b));
  });
});
