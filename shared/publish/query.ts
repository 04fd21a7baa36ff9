import { BadRequestError } from '../errors.js';
import { checkCategory, checkLanguage, checkPartnerId, type FeedScope } from './routes.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
const MAX_CURSOR_CHARS = 2048;

/** What a feed or article list request asks for, checked. */
export interface Selection extends FeedScope {
  limit: number;
  cursor?: string;
  /** `all` keeps every near-duplicate; `first` (the default) keeps one per cluster. */
  duplicates: 'first' | 'all';
}

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw new BadRequestError(`parameter ${name} given more than once`);
  return values[0];
}

function narrow(scope: FeedScope, key: keyof FeedScope, value: string | undefined): void {
  if (value === undefined) return;
  const current = scope[key];
  // /feeds/languages/en.rss?lang=id can hold nothing: say so rather than serve an empty feed.
  if (current !== undefined && current.toLowerCase() !== value.toLowerCase()) {
    throw new BadRequestError(`parameter conflicts with the feed path (${key} is already "${current}")`);
  }
  scope[key] = value;
}

/** Reads `lang`, `category`, `partner`, `limit`, `cursor`, `duplicates` on top of the path's scope; BadRequestError on junk. */
export function parseSelection(rawQueryString: string, pathScope: FeedScope): Selection {
  const params = new URLSearchParams(rawQueryString);
  const scope: FeedScope = { ...pathScope };
  const lang = single(params, 'lang');
  narrow(scope, 'language', lang === undefined ? undefined : checkLanguage(lang));
  const category = single(params, 'category');
  narrow(scope, 'category', category === undefined ? undefined : checkCategory(category));
  const partner = single(params, 'partner');
  narrow(scope, 'partnerId', partner === undefined ? undefined : checkPartnerId(partner));

  let limit = DEFAULT_LIMIT;
  const rawLimit = single(params, 'limit');
  if (rawLimit !== undefined) {
    if (!/^\d{1,4}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_LIMIT) {
      throw new BadRequestError(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
    }
    limit = Number(rawLimit);
  }
  const cursor = single(params, 'cursor');
  if (cursor !== undefined && (cursor === '' || cursor.length > MAX_CURSOR_CHARS)) throw new BadRequestError('invalid cursor');
  const duplicates = single(params, 'duplicates') ?? 'first';
  if (duplicates !== 'first' && duplicates !== 'all') throw new BadRequestError('duplicates must be "all" or "first"');
  return { ...scope, limit, cursor, duplicates };
}

/** The query string with `cursor` replaced (or removed when undefined), other parameters kept in order. */
export function withCursor(rawQueryString: string, cursor: string | undefined): string {
  const params = new URLSearchParams(rawQueryString);
  params.delete('cursor');
  if (cursor !== undefined) params.append('cursor', cursor);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
