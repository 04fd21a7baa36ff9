import { describe, expect, it } from 'vitest';
import { makeArticle } from './articles.js';
import { harness } from './harness.js';

describe('publish: the index page lists categories', () => {
  it('lists categories that differ only in case or whitespace once, by label, linked by term', async () => {
    const res = await harness([
      makeArticle({ id: 'a1', categories: ['world'], categoryLabels: { world: 'World News' } }),
      makeArticle({ id: 'a2', categories: ['World'] }),
      makeArticle({ id: 'a3', categories: ['WORLD'] }),
    ]).get('/');
    const links = res.text.match(/href="https:\/\/news\.example\.com\/feeds\/categories\/[^".]*\.rss"/gi) ?? [];
    expect(links).toHaveLength(1);
    expect(res.text).toContain('World News');
  });
});
