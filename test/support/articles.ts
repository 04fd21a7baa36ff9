import type { Article } from '../../shared/model/article.js';
import { articleId, contentHash } from '../../shared/normalize/identity.js';

/** A valid canonical article with a fixed date; `n` makes the id, title and times distinct and ordered. */
export function makeArticle(n: number, overrides: Partial<Article> = {}): Article {
  const minute = String(n % 60).padStart(2, '0');
  const hour = String(Math.floor(n / 60) % 24).padStart(2, '0');
  return {
    id: `art-${String(n).padStart(4, '0')}`,
    partnerId: 'antara',
    guid: `guid-${n}`,
    version: 1,
    url: `https://partner.example/news/${n}`,
    title: `Story ${n}`,
    bodyHtml: `<p>Body of story ${n}</p>`,
    bodyText: `Body of story ${n}`,
    authors: ['A. Reporter'],
    language: 'en',
    publishedAt: `2024-06-13T${hour}:${minute}:00.000Z`,
    categories: ['Politics'],
    media: [],
    relatedLinks: [],
    contentHash: `hash-${n}`,
    status: 'usable',
    ...overrides,
  };
}

/** The next version of an article with new content, as the ingest use case would build it. */
export function nextVersion(article: Article, changes: Partial<Article> = {}): Article {
  return { ...article, version: article.version + 1, contentHash: `${article.contentHash}+`, ...changes };
}

/** One usable KONTAN article with a real id and content hash (the hash follows any overridden field). */
export function kontanArticle(over: Partial<Article> = {}): Article {
  const base: Article = {
    id: articleId('kontan', 'g1'),
    partnerId: 'kontan',
    guid: 'g1',
    version: 1,
    url: 'https://kontan.example/g1',
    title: 'Title',
    bodyHtml: '<p>Body</p>',
    bodyText: 'Body',
    authors: [],
    categories: [],
    media: [],
    relatedLinks: [],
    contentHash: '',
    status: 'usable',
    publishedAt: '2024-06-13T02:30:00.000Z',
  };
  const a = { ...base, ...over };
  return { ...a, contentHash: over.contentHash ?? contentHash(a) };
}
