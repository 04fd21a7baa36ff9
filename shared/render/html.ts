import sanitizeHtml from 'sanitize-html';
import { stripIllegal } from '../model/plain-text.js';

/**
 * The article body as it leaves wirefeed: sanitized again (the normalizer already sanitizes, but a feed reader
 * trusts us, and stored data can come from anywhere), with links made absolute, since readers resolve relative
 * links against the feed URL, not the article.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'em', 'strong', 'b', 'i', 'u', 's',
    'sub', 'sup', 'small', 'mark', 'q', 'cite', 'abbr', 'time', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img',
    'figure', 'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'span', 'div',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'hreflang'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    abbr: ['title'],
    time: ['datetime'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
    q: ['cite'],
    blockquote: ['cite'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template'],
};

function absolutize(base: string | undefined): sanitizeHtml.IOptions['transformTags'] {
  const fix = (attr: string) => (tagName: string, attribs: sanitizeHtml.Attributes) => {
    const value = attribs[attr];
    if (value !== undefined) {
      try {
        attribs[attr] = new URL(value.trim(), base).href;
      } catch {
        delete attribs[attr];
      }
    }
    return { tagName, attribs };
  };
  return { a: fix('href'), img: fix('src'), q: fix('cite'), blockquote: fix('cite') };
}

// Bodies arrive already sanitized by the normalizer, so most are in the allowed subset. Checking that is a
// regex scan; running sanitize-html is a parse and a re-serialization, a hundred times slower. Anything the
// check is unsure of (a tag or attribute outside the lists, an unquoted value, a comment, a URL that is not
// plainly absolute http(s)/mailto) goes through sanitize-html.
const ALLOWED_TAGS = new Set(OPTIONS.allowedTags as string[]);
const ALLOWED_ATTRIBUTES = new Map(Object.entries(OPTIONS.allowedAttributes as Record<string, string[]>).map(([t, a]) => [t, new Set(a)]));
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite']);
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
      const allowed = ALLOWED_ATTRIBUTES.get(name);
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

/** Sanitized HTML with absolute links; `base` is the article URL that relative links resolve against. */
export function safeBodyHtml(html: string, base: string | undefined): string {
  if (html === '') return '';
  let byBase = cache.get(html);
  const hit = byBase?.get(base ?? '');
  if (hit !== undefined) return hit;
  const out = isAllowedHtml(html)
    ? stripIllegal(html).trim()
    : stripIllegal(sanitizeHtml(html, { ...OPTIONS, transformTags: absolutize(base) })).trim();
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
