import { BadRequestError, NotFoundError } from '../errors.js';

export type FeedFormat = 'rss' | 'atom' | 'json' | 'html';

/** Which articles a feed holds: one scope from the path, narrowed by query parameters. */
export interface FeedScope {
  partnerId?: string;
  category?: string;
  language?: string;
}

export type Route =
  | { kind: 'index' }
  | { kind: 'stylesheet' }
  | { kind: 'feed'; scope: FeedScope; scopePath: string; format?: FeedFormat }
  | { kind: 'favicon' }
  | { kind: 'article'; id: string }
  | { kind: 'article-page'; id: string }
  | { kind: 'articles' }
  | { kind: 'partners'; format: 'json' | 'html' }
  | { kind: 'health' };

export const FORMAT_BY_EXTENSION: Record<string, FeedFormat> = { rss: 'rss', atom: 'atom', json: 'json', html: 'html' };

export const PARTNER_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** BCP 47 tag, at most 64 characters: it becomes part of a DynamoDB partition key (LANG#…, 2048 bytes at most). */
export const LANGUAGE = /^(?=.{2,64}$)[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/;
const MAX_CATEGORY_CHARS = 100;
/**
 * Article ids are 32 hex characters (a hash, identity.ts); anything longer than this cannot be one and is 404
 * without a lookup. The bound keeps the key `ART#{id}` far below DynamoDB's 2048-byte partition key limit
 * (128 characters are at most 512 bytes in UTF-8), which a longer id would break with a 5xx.
 */
export const MAX_ARTICLE_ID_CHARS = 128;

function decodeSegment(segment: string, path: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadRequestError(`malformed percent-encoding in ${path}`);
  }
}

/** Checks a category name from a path or query: printable, bounded. */
export function checkCategory(value: string): string {
  const category = value.trim();
  // eslint-disable-next-line no-control-regex
  if (category === '' || category.length > MAX_CATEGORY_CHARS || /[\u0000-\u001f\u007f]/.test(category)) {
    throw new BadRequestError(`invalid category (1 to ${MAX_CATEGORY_CHARS} printable characters)`);
  }
  return category;
}

/** Checks a BCP 47 language tag from a path or query. */
export function checkLanguage(value: string): string {
  if (!LANGUAGE.test(value)) throw new BadRequestError(`invalid language "${value.slice(0, 20)}" (a BCP 47 tag such as "id" or "en")`);
  return value.toLowerCase();
}

/** Checks a partner id from a path or query. */
export function checkPartnerId(value: string): string {
  if (!PARTNER_ID.test(value)) throw new BadRequestError(`invalid partner id "${value.slice(0, 64)}"`);
  return value;
}

/** Maps a raw path to a route; NotFoundError for anything wirefeed does not serve. */
export function matchRoute(rawPath: string): Route {
  const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  if (path === '/' || path === '' || path === '/index.html') return { kind: 'index' };
  if (path === '/feeds/style.xsl') return { kind: 'stylesheet' };
  if (path === '/favicon.svg') return { kind: 'favicon' };
  if (path === '/articles') return { kind: 'articles' };
  if (path === '/partners' || path === '/partners.json') return { kind: 'partners', format: 'json' };
  if (path === '/partners.html') return { kind: 'partners', format: 'html' };
  if (path === '/health') return { kind: 'health' };
  const parts = path.split('/');
  if (parts[1] === 'articles' && parts.length === 3 && parts[2] !== '') {
    const segment = parts[2]!;
    // Ids are partner hashes or partner-given strings, never ending in ".html": the suffix always names the page.
    const page = segment.endsWith('.html') && segment.length > 5;
    const id = decodeSegment(page ? segment.slice(0, -5) : segment, rawPath);
    if (id.length > MAX_ARTICLE_ID_CHARS) throw new NotFoundError(`no such article: ${id.slice(0, 100)}`);
    return { kind: page ? 'article-page' : 'article', id };
  }
  if (parts[1] === 'feeds') {
    const last = parts[parts.length - 1]!;
    const dot = last.lastIndexOf('.');
    const ext = dot > 0 ? last.slice(dot + 1) : undefined;
    const format = ext === undefined ? undefined : FORMAT_BY_EXTENSION[ext];
    if (ext !== undefined && format === undefined) throw new NotFoundError(`no such feed: ${rawPath.slice(0, 200)}`);
    const name = decodeSegment(ext === undefined ? last : last.slice(0, dot), rawPath);
    const scopePath = `/${[...parts.slice(1, -1), ext === undefined ? last : last.slice(0, dot)].join('/')}`;
    if (parts.length === 3 && name === 'all') return { kind: 'feed', scope: {}, scopePath, format };
    if (parts.length === 4 && name !== '') {
      if (parts[2] === 'partners') {
        if (!PARTNER_ID.test(name)) throw new NotFoundError(`no such partner feed: ${name.slice(0, 64)}`);
        return { kind: 'feed', scope: { partnerId: name }, scopePath, format };
      }
      if (parts[2] === 'categories') return { kind: 'feed', scope: { category: checkCategory(name) }, scopePath, format };
      if (parts[2] === 'languages') {
        if (!LANGUAGE.test(name)) throw new NotFoundError(`no such language feed: ${name.slice(0, 20)}`);
        return { kind: 'feed', scope: { language: name.toLowerCase() }, scopePath, format };
      }
    }
  }
  throw new NotFoundError(`not found: ${rawPath.slice(0, 200)}`);
}

const MEDIA_TYPES: Array<[string, FeedFormat]> = [
  ['application/rss+xml', 'rss'],
  ['application/atom+xml', 'atom'],
  ['application/feed+json', 'json'],
  ['text/html', 'html'],
  ['application/json', 'json'],
  ['application/xml', 'rss'],
  ['text/xml', 'rss'],
];

/**
 * Picks a format for the bare feed path from Accept (RFC 9110 §12.5.1): the most specific matching range sets
 * each type's quality, the highest quality wins, ties go to the order above (RSS first, the widest read).
 * Undefined when nothing acceptable is offered (406).
 */
export function negotiateFormat(accept: string | undefined): FeedFormat | undefined {
  if (accept === undefined || accept.trim() === '') return 'rss';
  const ranges = accept.split(',').map((part) => {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    let q = 1;
    for (const p of params) {
      const m = /^\s*q=([0-9.]+)\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    return { range: range!.trim(), q };
  });
  let best: FeedFormat | undefined;
  let bestQ = 0;
  for (const [type, format] of MEDIA_TYPES) {
    const major = type.split('/')[0];
    let q: number | undefined;
    let specificity = -1;
    for (const r of ranges) {
      const s = r.range === type ? 2 : r.range === `${major}/*` ? 1 : r.range === '*/*' ? 0 : -1;
      if (s > specificity) {
        specificity = s;
        q = r.q;
      }
    }
    if (q !== undefined && q > bestQ) {
      best = format;
      bestQ = q;
    }
  }
  return best;
}
