import sanitizeHtml from 'sanitize-html';
import { stripIllegal } from './xml.js';

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

// Sanitizing dominates render time, and the same article is rendered into many feeds and formats: memoize by
// the body itself (the key is the string already held, not a copy), bounded so a warm Lambda does not grow.
const CACHE_LIMIT = 2000;
const cache = new Map<string, { base: string | undefined; out: string }>();

/** Sanitized HTML with absolute links; `base` is the article URL that relative links resolve against. */
export function safeBodyHtml(html: string, base: string | undefined): string {
  if (html === '') return '';
  const hit = cache.get(html);
  if (hit !== undefined && hit.base === base) return hit.out;
  const out = stripIllegal(sanitizeHtml(html, { ...OPTIONS, transformTags: absolutize(base) })).trim();
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(html, { base, out });
  return out;
}
