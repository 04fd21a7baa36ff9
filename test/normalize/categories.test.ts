import { describe, expect, it } from 'vitest';
import { normalizeCategories } from '../../shared/normalize/categories.js';

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
});
