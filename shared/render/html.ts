import { HTML_POLICY, HTML_POLICY_FINGERPRINT } from '../model/html-policy.js';
import { htmlToText, stripIllegal, textToHtml } from '../model/plain-text.js';
import { registerMemo } from './memo.js';

/**
 * The article body as it leaves wirefeed. Bodies are sanitized once, at ingestion, against the one allowlist
 * (model/html-policy.ts); publishing carries no sanitizer of its own (issue 16: "render-time defence uses the same
 * small allowlist walk or none"):
 *  - a body the normalizer marked with the current policy's fingerprint (Article.bodyPolicy) is published as
 *    stored: it is that normalizer's output, links already absolute;
 *  - any other body (stored before the mark existed, under an older policy, or written by anything else) is
 *    published as stored when the allowlist check below reads it as already inside the policy, and otherwise as
 *    its text alone, every tag dropped and every `<`, `>`, `&` and `"` escaped: safe by construction, with no HTML
 *    parser (a reader loses its markup, never its words).
 *
 * Trusting the mark: it is a plain fingerprint, not a signature, so it means something only because only our
 * code writes the article table (the normalizer sets it; no API or partner field reaches it, and the public
 * article JSON leaves it out). Whoever can write that table can already publish anything under our name (links,
 * titles, which articles exist), so a forged mark gives no power that write access does not; re-checking every
 * marked body on every render would spend the render's largest cost guarding against that same attacker.
 */

// An unmarked body from our normalizer is in the allowed subset, and checking that is a scan of the tags.
// Anything the check is unsure of (a tag or attribute outside the lists, an unquoted value, a comment, a URL
// that is not plainly absolute http(s)/mailto) is published as its text only.
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
    // The policy allows mailto: in links only: an image's mailto: is outside it.
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

// A body that is not marked is checked, and the check's result memoized by content (bounded, so a warm Lambda
// does not grow): the same unmarked body goes into many feeds and formats.
const CACHE_LIMIT = 1000;
const cache = new Map<string, string>();
registerMemo(cache);

/**
 * The body's text only, escaped as HTML, in one paragraph: the defence for a body outside the policy. Nothing in
 * it can open a tag or a reference, whatever the input was, because every `<` and `&` of the text is escaped.
 */
export function textOnlyBody(html: string): string {
  const text = htmlToText(html);
  return text === '' ? '' : `<p>${textToHtml(text)}</p>`;
}

/**
 * The body to publish: as stored when it carries the current policy's fingerprint (`bodyPolicy`), else as stored
 * when it passes isAllowedHtml, else textOnlyBody; never with XML-illegal characters or surrounding space.
 */
export function safeBodyHtml(html: string, bodyPolicy: string | undefined): string {
  if (html === '') return '';
  // The normalizer marks only bodies that stripIllegal and trim leave as they are (normalize/body.ts).
  if (bodyPolicy === HTML_POLICY_FINGERPRINT) return html;
  const hit = cache.get(html);
  if (hit !== undefined) return hit;
  const out = stripIllegal(isAllowedHtml(html) ? html : textOnlyBody(html)).trim();
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(html, out);
  return out;
}
