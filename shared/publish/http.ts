import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

/** A request as the publish use case sees it, independent of API Gateway or node:http. */
export interface HttpRequest {
  method: string;
  /** The path as received, still percent-encoded. */
  rawPath: string;
  /** The query string as received, without `?`. */
  rawQueryString: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  /** Text, or bytes when compressed. */
  body?: string | Uint8Array;
}

/** A representation ready to be served with validators: the caller decides nothing else about caching. */
export interface Representation {
  contentType: string;
  /**
   * The body, or a function that renders it, called only when the response needs the bytes: a conditional
   * request that matches `etag` is answered without it.
   */
  body: string | (() => string | Uint8Array);
  /** A strong ETag known without the body (from what it is rendered from); by default a hash of the body. */
  etag?: string;
  /**
   * True for the core of a client's tag that names these same bytes under an older tag (a feed's tag whose
   * content part matches and whose stamp part is older, publish/feed-stamp.ts): the request is then answered 304
   * with the current tag, which the client's cache takes in its place.
   */
  sameContent?: (tagCore: string) => boolean;
  /** Newest content instant (ms), for Last-Modified; 0 when unknown. */
  lastModified: number;
  /** Header names that chose this representation besides Accept-Encoding (e.g. Accept). */
  vary?: string[];
  /** Extra headers (Content-Location, Link). */
  headers?: Record<string, string>;
}

const MIN_COMPRESS_BYTES = 1024;

/**
 * On every response: browsers must not sniff a feed into HTML, and feeds and the article API are public data
 * that newsroom pages may read from script (no credentials are ever involved).
 */
const COMMON_HEADERS = { 'x-content-type-options': 'nosniff', 'access-control-allow-origin': '*' } as const;

/** Strong ETag of the identity bytes (text hashes as its UTF-8): the same content gives the same tag on every instance. */
export function strongEtag(body: string | Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** HTTP-date (RFC 9110 IMF-fixdate). */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

function etagCore(tag: string): string {
  // Weak comparison (RFC 9110 §13.1.2) and our per-encoding suffix: any variant of the same content matches.
  return tag.trim().replace(/^W\//, '').replace(/^"(.*?)(?:\+(?:gzip|br))?"$/, '$1');
}

/** The cores of the tags in If-None-Match (see etagCore), or undefined without the header. */
export function ifNoneMatchCores(headers: HttpRequest['headers']): string[] | undefined {
  return headers['if-none-match']?.split(',').map(etagCore);
}

/** True when the client's validators show it already holds this content (RFC 9110 §13.2.2 order). */
export function isNotModified(
  headers: HttpRequest['headers'],
  etag: string,
  lastModified: number,
  sameContent?: (tagCore: string) => boolean,
  now?: number,
): boolean {
  const cores = ifNoneMatchCores(headers);
  if (cores !== undefined) {
    const core = etagCore(etag);
    return cores.some((tag) => tag === '*' || tag === core || sameContent?.(tag) === true);
  }
  const ims = headers['if-modified-since'];
  if (ims !== undefined && lastModified > 0) {
    const since = parseHttpDate(ims);
    // Not an HTTP date (`2030`), or a date later than now, is ignored (RFC 9110 §13.1.3; RFC 7232 §3.3: a future
    // date is invalid): either would hold a 304 however the feed changes. HTTP dates have whole seconds.
    if (since === undefined || (now !== undefined && since > now)) return false;
    return Math.floor(lastModified / 1000) * 1000 <= since;
  }
  return false;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must still accept.
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Za-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/** Epoch ms of an HTTP-date in any of its three forms (always UTC), or undefined for anything else. */
export function parseHttpDate(value: string): number | undefined {
  const v = value.trim();
  let fields: { day: string; month: string; year: number; time: string[] } | undefined;
  let match: RegExpExecArray | null;
  if ((match = IMF_FIXDATE.exec(v))) fields = { day: match[1]!, month: match[2]!, year: Number(match[3]), time: match.slice(4, 7) };
  else if ((match = RFC850_DATE.exec(v))) {
    // Two-digit years: a sender of this obsolete form is old, so 70–99 are 19xx (as most servers read them).
    const yy = Number(match[3]);
    fields = { day: match[1]!, month: match[2]!, year: yy < 70 ? 2000 + yy : 1900 + yy, time: match.slice(4, 7) };
  } else if ((match = ASCTIME_DATE.exec(v))) fields = { day: match[2]!.trim(), month: match[1]!, year: Number(match[6]), time: match.slice(3, 6) };
  if (fields === undefined) return undefined;
  const month = MONTHS.indexOf(fields.month.toLowerCase());
  const [h, m, sec] = fields.time.map(Number) as [number, number, number];
  const day = Number(fields.day);
  const ms = Date.UTC(fields.year, month, day, h, m, sec);
  const check = new Date(ms);
  // An unknown month, or fields that roll over (31 Feb, 25:00), which Date.UTC would carry into the next unit.
  if (month === -1 || check.getUTCDate() !== day || check.getUTCHours() !== h || check.getUTCMinutes() !== m || check.getUTCSeconds() !== sec) return undefined;
  return ms;
}

/** The best content coding the client accepts among br and gzip, or undefined for identity. */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  if (acceptEncoding === undefined) return undefined;
  const q: Record<string, number> = {};
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q=([0-9.]+)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    if (name) q[name.trim()] = weight;
  }
  const weightOf = (name: string) => q[name] ?? q['*'] ?? 0;
  const br = weightOf('br');
  const gzip = Math.max(weightOf('gzip'), q['x-gzip'] ?? 0);
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return undefined;
}

/**
 * Serves a representation: strong ETag and Last-Modified, 304 for a matching conditional request (no body),
 * Cache-Control, and gzip/br when accepted. HEAD gets the same headers without a body.
 */
export function serve(request: HttpRequest, rep: Representation, maxAgeSeconds: number, now?: number): HttpResponse {
  const lazy = typeof rep.body === 'function';
  let rendered: string | Uint8Array | undefined = typeof rep.body === 'string' ? rep.body : undefined;
  const body = () => (rendered ??= (rep.body as () => string | Uint8Array)());
  const etag = rep.etag ?? strongEtag(body());
  const vary = [...(rep.vary ?? []), 'Accept-Encoding'].join(', ');
  const headers: Record<string, string> = {
    'cache-control': `public, max-age=${maxAgeSeconds}`,
    vary,
    ...COMMON_HEADERS,
    ...rep.headers,
  };
  if (rep.lastModified > 0) headers['last-modified'] = httpDate(rep.lastModified);
  // A body not rendered yet is compressed whatever its size, so that a 304 names the same variant a 200 would.
  const encoding = lazy || Buffer.byteLength(body()) >= MIN_COMPRESS_BYTES ? chooseEncoding(request.headers['accept-encoding']) : undefined;
  // A strong ETag names exact bytes, so each coding gets its own tag (sharing the content hash).
  headers.etag = encoding === undefined ? etag : `${etag.slice(0, -1)}+${encoding}"`;
  if (isNotModified(request.headers, etag, rep.lastModified, rep.sameContent, now)) return { statusCode: 304, headers };
  headers['content-type'] = rep.contentType;
  if (encoding !== undefined) headers['content-encoding'] = encoding;
  if (request.method === 'HEAD') return { statusCode: 200, headers };
  if (encoding === 'br') {
    // Quality 5 compresses feeds almost as well as 11 at a tenth of the CPU, which a Lambda pays per request.
    const compressed = brotliCompressSync(body(), {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(body()), [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT },
    });
    return { statusCode: 200, headers, body: compressed };
  }
  if (encoding === 'gzip') return { statusCode: 200, headers, body: gzipSync(body(), { level: 6 }) };
  // An identity body stays text, as it always was (an adapter sends bytes base64-encoded): bytes rendered for
  // compression are decoded back, which only a client that accepts neither coding pays for.
  const identity = body();
  return { statusCode: 200, headers, body: typeof identity === 'string' ? identity : Buffer.from(identity.buffer, identity.byteOffset, identity.byteLength).toString('utf8') };
}

/** A short plain-text answer for errors: one line, never cached by shared caches. */
export function textResponse(statusCode: number, message: string, extra: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...COMMON_HEADERS, ...extra },
    body: `${message}\n`,
  };
}
