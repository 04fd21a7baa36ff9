import { unpackBodies } from './item-size.js';
import type { Article } from '../../model/article.js';
import type { FeedStampScope } from '../../ports.js';
import { articleSchema } from '../../model/article.js';
import { BadRequestError } from '../../errors.js';
import { indexSortKey } from './table.js';
import { categoryKey, sortTimeOf } from '../../model/article-rules.js';

/** What the store shares between its DynamoDB and in-memory forms: sort keys, cursors, expiry (the article rules themselves live in model/article-rules.ts). */

/** The sort key of an article in every "newest first" index. */
export function articleSortKey(article: Article): string {
  return indexSortKey(sortTimeOf(article), article.id);
}

/** Distinct category keys (model/article-rules.ts categoryKey): one index item each. */
export function categoryKeysOf(article: Article): string[] {
  return [...new Set(article.categories.map(categoryKey))];
}

/** Epoch seconds at which DynamoDB may delete an item written at `now`; undefined keeps it forever. */
export function expiresAt(now: Date, retentionDays: number | undefined): number | undefined {
  if (!retentionDays || retentionDays <= 0) return undefined;
  return Math.floor(now.getTime() / 1000) + retentionDays * 86_400;
}

interface CursorBody {
  v: 1;
  /** Sort key of the last article returned: the next page starts strictly below it. */
  before: string;
}

/** An opaque cursor: base64url JSON, so a client cannot depend on its shape. */
export function encodeCursor(before: string): string {
  const body: CursorBody = { v: 1, before };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/**
 * What `before` must look like: a sort key as articleSortKey writes it, `{ISO instant}#{article id}`. Checked
 * because it goes to DynamoDB as a key condition: a forged 1,400-character one broke the 1024-byte sort key limit
 * (a 500), and no well-formed key comes near it (the id is bounded as in the article route).
 */
// eslint-disable-next-line no-control-regex
const SORT_KEY = /^[+-]?\d{4,6}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z#[^\u0000-\u001f#]{1,128}$/;

/** Reads a cursor from a previous page; throws BadRequestError for anything else (including a forged sort key). */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
    if (body.v === 1 && typeof body.before === 'string' && SORT_KEY.test(body.before)) return body.before;
  } catch {
    // fall through to the one error below
  }
  throw new BadRequestError('invalid page cursor');
}

const ARTICLE_FIELDS = Object.keys(articleSchema.shape) as (keyof Article)[];

/** The Article part of a stored item (keys, index and TTL attributes dropped). */
export function pickArticle(stored: Record<string, unknown>): Article {
  const item = unpackBodies(stored);
  const article: Record<string, unknown> = {};
  for (const field of ARTICLE_FIELDS) if (item[field] !== undefined) article[field] = item[field];
  return article as Article;
}

/** Orders by sort key descending: newest first. */
export function newestFirst(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

/** The stamps a write of `articles` must replace (ports.ts FeedStamp): the one over all articles and each partner's. */
export function stampScopesOf(articles: Pick<Article, 'partnerId'>[]): FeedStampScope[] {
  return [{}, ...[...new Set(articles.map((a) => a.partnerId))].map((partnerId) => ({ partnerId }))];
}

/** The instants (ms) after `now` at which an embargo of `articles` lifts, for the stamps they are written under. */
export function embargoLifts(articles: Pick<Article, 'embargoedUntil'>[], now: Date): number[] {
  const lifts = new Set<number>();
  for (const article of articles) {
    const at = article.embargoedUntil === undefined ? Number.NaN : Date.parse(article.embargoedUntil);
    if (at > now.getTime()) lifts.add(at);
  }
  return [...lifts];
}
