import { describe, expect, it } from 'vitest';
import { kontanArticle as article } from '../support/articles.js';
import { type Article, articleSchema } from '../../shared/model/article.js';
import { isPublic, matchesQuery, sortTimeOf, storyTimeOf } from '../../shared/model/article-rules.js';

const NOW = '2024-06-13T10:00:00.000Z';


describe('article rules: visibility', () => {
  it('shows usable articles, hides withdrawn ones and embargoed ones until their time', () => {
    expect(isPublic(article(), NOW)).toBe(true);
    expect(isPublic(article({ status: 'withdrawn' }), NOW)).toBe(false);
    const embargoed = article({ status: 'embargoed', embargoedUntil: '2024-06-13T12:00:00.000Z' });
    expect(isPublic(embargoed, '2024-06-13T11:59:59.999Z')).toBe(false);
    expect(isPublic(embargoed, '2024-06-13T12:00:00.000Z')).toBe(true);
    expect(isPublic(embargoed, new Date('2024-06-14T00:00:00.000Z'))).toBe(true);
  });

  it('keeps an embargoed article with no end hidden, however late it is', () => {
    expect(isPublic(article({ status: 'embargoed' }), new Date('2099-01-01T00:00:00.000Z'))).toBe(false);
  });

  it('keeps an article with an unreadable embargo time hidden', () => {
    expect(isPublic(article({ status: 'embargoed', embargoedUntil: 'soon' }), NOW)).toBe(false);
  });
});

describe('article rules: sort time and story time', () => {
  it('lists a corrected story by its update, but files it as a story under its publication', () => {
    const corrected = article({ publishedAt: '2024-06-13T02:30:00.000Z', updatedAt: '2024-06-14T08:00:00.000Z' });
    expect(sortTimeOf(corrected)).toBe('2024-06-14T08:00:00.000Z');
    expect(storyTimeOf(corrected)).toBe('2024-06-13T02:30:00.000Z');
  });
});

describe('article rules: query match', () => {
  it.each([
    ['a region of the asked language', { language: 'id' }, true],
    ['another language', { language: 'en' }, false],
    ['a category in another case', { category: 'ECONOMY' }, true],
    ['another partner', { partnerId: 'meridian' }, false],
  ] as const)('matches %s: %j → %s', (_name, query, expected) => {
    expect(matchesQuery(article({ language: 'id-ID', categories: ['Economy'] }), query)).toBe(expected);
  });
});
