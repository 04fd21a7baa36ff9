import type { Article } from '../../model/article.js';
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

/** Reads a cursor from a previous page; throws BadRequestError for anything else. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
    if (body.v === 1 && typeof body.before === 'string' && body.before.length > 0) return body.before;
  } catch {
    // fall through to the one error below
  }
  throw new BadRequestError('invalid page cursor');
}

const ARTICLE_FIELDS = Object.keys(articleSchema.shape) as (keyof Article)[];

/** The Article part of a stored item (keys, index and TTL attributes dropped). */
export function pickArticle(item: Record<string, unknown>): Article {
  const article: Record<string, unknown> = {};
  for (const field of ARTICLE_FIELDS) if (item[field] !== undefined) article[field] = item[field];
  return article as Article;
}

/** Orders by sort key descending: newest first. */
export function newestFirst(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
