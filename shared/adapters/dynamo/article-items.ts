import type { Article } from '../../model/article.js';
import { articleSchema } from '../../model/article.js';
import type { ArticleQuery } from '../../ports.js';
import { BadRequestError } from '../../errors.js';
import { indexSortKey } from './table.js';

/** What the store shares between its DynamoDB and in-memory forms: ordering, visibility, cursors, expiry. */

/** Articles with no date at all sort oldest, never newest. */
const NO_DATE = '0000-00-00T00:00:00.000Z';

/**
 * The time an article is listed by: last updated, else published, else fetched. A corrected story comes back to
 * the top of "latest", as on a wire; the publish layer orders the same way.
 */
export function sortTimeOf(article: Article): string {
  return article.updatedAt ?? article.publishedAt ?? article.fetchedAt ?? NO_DATE;
}

/** The sort key of an article in every "newest first" index. */
export function articleSortKey(article: Article): string {
  return indexSortKey(sortTimeOf(article), article.id);
}

/** Withdrawn articles are hidden; embargoed ones until their embargo passes (always, when it has no end). */
export function isHidden(article: Article, now: Date): boolean {
  if (article.status === 'withdrawn') return true;
  if (article.embargoedUntil !== undefined) return Date.parse(article.embargoedUntil) > now.getTime();
  return article.status === 'embargoed';
}

/** The primary language subtag ("id" for "id-ID"): the language index groups regions so "id" finds "id-ID". */
export function primaryLanguage(language: string): string {
  return language.toLowerCase().split('-')[0]!;
}

/** Whether an article belongs to a query's partner, language ("id" matches "id-ID") and category. */
export function matchesQuery(article: Article, query: Pick<ArticleQuery, 'partnerId' | 'language' | 'category'>): boolean {
  if (query.partnerId !== undefined && article.partnerId !== query.partnerId) return false;
  if (query.language !== undefined) {
    const wanted = query.language.toLowerCase();
    const lang = article.language?.toLowerCase();
    if (lang === undefined || (lang !== wanted && !lang.startsWith(`${wanted}-`))) return false;
  }
  if (query.category !== undefined) {
    const wanted = query.category.toLowerCase();
    if (!article.categories.some((c) => c.toLowerCase() === wanted)) return false;
  }
  return true;
}

/** Distinct lower-cased categories: one index item each. */
export function categoryKeysOf(article: Article): string[] {
  return [...new Set(article.categories.map((c) => c.toLowerCase()))];
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
