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
// regex scan; sanitizing is a parse and a re-serialization, a hundred times slower. Anything the
// check is unsure of (a tag or attribute outside the lists, an unquoted value, a comment, a URL that is not
// plainly absolute http(s)/mailto) goes through the sanitizer walk.
const ALLOWED_TAGS: ReadonlySet<string> = HTML_POLICY.elements;
const URL_ATTRIBUTES: ReadonlySet<string> = HTML_POLICY.urlAttributes;
const TAG_AT = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z-]*\s*=\s*"[^"<>]*")*)\s*\/?>/y;
const ATTRIBUTE = /\s+([a-z][a-z-]*)\s*=\s*"([^"<>]*)"/g;
const SAFE_URL = /^(?:https?:\/\/[a-z0-9.-]+(?::\d{1,5})?(?:[/?#](?:[!#-%'-;=?-\[\]_a-z~]|&amp;)*)?|mailto:[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+)$/;
// Character references are fine in text; in attribute values only &amp; (a plain &) is let through unsanitized.
const ENTITY_IN_VALUE = /&(?!amp;)/;

/** True when the HTML is already in the allowed subset with absolute links: sanitizing would not change its meaning. */
export function isAllowedHtml(html: string): boolean {
  let at = html.indexOf('<');
  while (at !== -1) {
    TAG_AT.lastIndex = at;
    const m = TAG_AT.exec(html);
    if (m === null) return false;
    const name = m[2]!;
    if (!ALLOWED_TAGS.has(name)) return false;
    if (m[3] !== '') {
      if (m[1] === '/') return false;
      const allowed = HTML_POLICY.attributes[name];
      ATTRIBUTE.lastIndex = 0;
      for (let a = ATTRIBUTE.exec(m[3]!); a !== null; a = ATTRIBUTE.exec(m[3]!)) {
        const attr = a[1]!;
        const value = a[2]!;
        if (allowed === undefined || !allowed.has(attr)) return false;
        if (ENTITY_IN_VALUE.test(value)) return false;
        if (URL_ATTRIBUTES.has(attr) && !SAFE_URL.test(value)) return false;
      }
    }
    at = html.indexOf('<', TAG_AT.lastIndex);
  }
  return true;
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
