import { stripIllegal } from '../model/plain-text.js';
import { memoLong } from './memo.js';

/**
 * The one place where text becomes markup. Every renderer passes every string through here, so escaping rules
 * live once: the five XML specials are escaped, characters XML 1.0 forbids are dropped, and no CDATA is ever
 * written (escaping `>` means a `]]>` in content can never end anything).
 */

const NEEDS_WORK = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;

// Five native replace passes measure faster than one pass with a callback or a hand-written loop in V8.
function escapeSpecials(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Escapes text for XML/HTML element content or a double- or single-quoted attribute. */
export function esc(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return escapeSpecials(stripIllegal(text));
}

const SPECIAL = /[&<>"']/;

/**
 * esc() for long text that is already free of XML-illegal characters, memoized by content (see memo.ts): article
 * bodies (safeBodyHtml strips them) and plain text (plainText does, textToHtml adds none). It skips esc's two
 * scans for illegal characters, which for a body always find work to do (a body has tags) and never find any.
 * The string renderers (the ETag probe, tests) use it; the bytes publishing sends escape bodies on their bytes
 * instead (utf8.ts Utf8Writer.pushEscapedLong), to the same result.
 */
export const escLong = memoLong((text: string) => (SPECIAL.test(text) ? escapeSpecials(text) : text));

/** `<name>text</name>` when the text is present, else nothing. */
export function el(name: string, text: string | undefined): string {
  return text === undefined || text === '' ? '' : `<${name}>${esc(text)}</${name}>`;
}

/** Builds ` a="v" b="w"` from pairs, leaving out absent values. */
export function attrs(pairs: Record<string, string | number | undefined>): string {
  let out = '';
  for (const key in pairs) {
    const value = pairs[key];
    if (value === undefined || value === '') continue;
    out += ` ${key}="${esc(String(value))}"`;
  }
  return out;
}
