import { UnsafeHtmlError } from '../errors.js';
import { HTML_POLICY } from '../model/html-policy.js';
import { stripIllegal } from '../model/plain-text.js';
import { parseHtml, toHtml } from '../normalize/dom.js';
import { sanitizeTree } from '../normalize/sanitize.js';
import { registerMemo } from './memo.js';

/**
 * The article body as it leaves wirefeed: checked again (the normalizer sanitizes every body at ingestion, but a
 * feed reader trusts us, and stored data can come from anywhere), with links made absolute, since readers
 * resolve relative links against the feed URL, not the article. The check is the ingestion allowlist
 * (model/html-policy.ts) and, for a body outside it, the same tree walk ingestion uses: no second sanitizer.
 */

// Bodies arrive already sanitized by the normalizer, so most are in the allowed subset. Checking that is a
// scan of the tags; sanitizing is a parse and a re-serialization, a hundred times slower. Anything the
// check is unsure of (a tag or attribute outside the lists, an unquoted value, a comment, a URL that is not
// plainly absolute http(s)/mailto) goes through the sanitizer walk.
const ALLOWED_TAGS: ReadonlySet<string> = HTML_POLICY.elements;
const URL_ATTRIBUTES: ReadonlySet<string> = HTML_POLICY.urlAttributes;
const SAFE_URL = /^(?:https?:\/\/[a-z0-9.-]+(?::\d{1,5})?(?:[/?#](?:[!#-%'-;=?-\[\]_a-z~]|&amp;)*)?|mailto:[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+)$/;
// Character references are fine in text; in attribute values only &amp; (a plain &) is let through unsanitized.
const ENTITY_IN_VALUE = /&(?!amp;)/;

/**
 * True when the HTML is already in the allowed subset with absolute links: sanitizing would not change its meaning.
 * Every `<` must open a tag of the form `<name( attr="value")* />` or `</name>`: a lower-case allowed name, then
 * lower-case allowed attributes with double-quoted values holding no `"`, `<` or `>` (JavaScript's \s between the
 * parts), no attribute on an end tag, no entity but `&amp;` in a value, URL values plainly absolute http(s) or
 * mailto. Text between tags is not read. A hand scan by character codes: a regex per tag with captures allocated
 * a match array and strings per tag, and this runs on every body of every feed.
 */
export function isAllowedHtml(html: string): boolean {
  let at = html.indexOf('<');
  while (at !== -1) {
    const end = allowedTagEnd(html, at);
    if (end === -1) return false;
    at = html.indexOf('<', end);
  }
  return true;
}

/** Past the `>` of the allowed tag that opens at `at` (a `<`), or -1 when what opens there is not one. */
function allowedTagEnd(s: string, at: number): number {
  let i = at + 1;
  const isEnd = s.charCodeAt(i) === 0x2f;
  if (isEnd) i++;
  const nameStart = i;
  if (!isLower(s.charCodeAt(i))) return -1;
  i++;
  while (isLower(s.charCodeAt(i)) || isDigit(s.charCodeAt(i))) i++;
  const name = s.slice(nameStart, i);
  if (!ALLOWED_TAGS.has(name)) return -1;
  for (;;) {
    const spaceStart = i;
    while (isSpace(s.charCodeAt(i))) i++;
    const c = s.charCodeAt(i);
    if (c === 0x3e) return i + 1;
    if (c === 0x2f) return s.charCodeAt(i + 1) === 0x3e ? i + 2 : -1;
    // Anything else must be an attribute, after at least one space, and end tags carry none.
    if (i === spaceStart || isEnd) return -1;
    i = allowedAttributeEnd(s, i, name);
    if (i === -1) return -1;
  }
}

/** Past the closing quote of the allowed `attr="value"` that starts at `i` on element `name`, or -1. */
function allowedAttributeEnd(s: string, i: number, name: string): number {
  const attrStart = i;
  if (!isLower(s.charCodeAt(i))) return -1;
  i++;
  for (let c = s.charCodeAt(i); isLower(c) || c === 0x2d; c = s.charCodeAt(++i));
  const attr = s.slice(attrStart, i);
  while (isSpace(s.charCodeAt(i))) i++;
  if (s.charCodeAt(i) !== 0x3d) return -1;
  i++;
  while (isSpace(s.charCodeAt(i))) i++;
  if (s.charCodeAt(i) !== 0x22) return -1;
  const valueStart = i + 1;
  const close = s.indexOf('"', valueStart);
  if (close === -1) return -1;
  const value = s.slice(valueStart, close);
  if (value.indexOf('<') !== -1 || value.indexOf('>') !== -1) return -1;
  const allowed = HTML_POLICY.attributes[name];
  if (allowed === undefined || !allowed.has(attr)) return -1;
  if (value.indexOf('&') !== -1 && ENTITY_IN_VALUE.test(value)) return -1;
  if (URL_ATTRIBUTES.has(attr)) {
    if (!SAFE_URL.test(value)) return -1;
    // The policy allows mailto: in links only; an image's mailto: goes through the walk, which drops it.
    if (name === 'img' && !HTML_POLICY.imageSchemes.has('mailto:') && value.startsWith('mailto:')) return -1;
  }
  return close + 1;
}

const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** JavaScript's \s: what the regex this scan replaced allowed between a tag's parts. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

// The same article is rendered into many feeds and formats, and polled again and again: memoize by content,
// bounded so a warm Lambda does not grow. Keyed by body, then base (the base changes how relative links resolve).
const CACHE_LIMIT = 1000;
const cache = new Map<string, Map<string, string>>();
registerMemo(cache);

function sanitized(html: string, base: string | undefined): string {
  try {
    const doc = parseHtml(html);
    sanitizeTree(doc, base);
    return toHtml(doc);
  } catch (error) {
    // A stored body past the HTML limits never came through ingestion: publish the article without it.
    if (error instanceof UnsafeHtmlError) return '';
    throw error;
  }
}

/** Sanitized HTML with absolute links; `base` is the article URL that relative links resolve against. */
export function safeBodyHtml(html: string, base: string | undefined): string {
  if (html === '') return '';
  let byBase = cache.get(html);
  const hit = byBase?.get(base ?? '');
  if (hit !== undefined) return hit;
  const out = stripIllegal(isAllowedHtml(html) ? html : sanitized(html, base)).trim();
  if (byBase === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    byBase = new Map();
    cache.set(html, byBase);
  }
  // One body under many bases only happens with syndicated copies; keep a few.
  if (byBase.size >= 16) byBase.clear();
  byBase.set(base ?? '', out);
  return out;
}
