import { stripIllegal } from './xml.js';

/**
 * Small pure helpers that shape article fields for feeds: plain-text titles, dates in each format's syntax,
 * safe absolute links, tag: ids. Shared by the three renderers so they agree item by item.
 */

/** Titles longer than this are cut: readers truncate anyway, and a 10,000-character title is an attack or a bug. */
export const MAX_TITLE_CHARS = 300;
export const MAX_SUMMARY_CHARS = 2000;

// HTML elements only: "<update>" in a wire headline is text, "<b>" is markup that leaked from a partner's CMS.
const TAG =
  /<!--[\s\S]*?(?:-->|$)|<\/?(?:a|abbr|b|big|blockquote|br|center|cite|code|del|div|em|font|h[1-6]|hr|i|iframe|img|ins|li|mark|object|ol|p|q|s|script|small|span|strike|strong|style|sub|sup|svg|table|td|th|tr|u|ul|embed|link|meta|noscript|template|textarea|video|audio|source|picture|math|form|input|button)(?=[\s/>])[^>]*(?:>|$)/gi;
const SPACE = /\s+/g;
// Most titles are already tidy: test once before rewriting.
const UNTIDY = /^\s|\s$|\s\s|[^\S ]/;
const INLINE = /^<\/?(?:a|abbr|b|big|cite|code|del|em|font|i|ins|mark|q|s|small|span|strike|strong|sub|sup|u)[\s/>]/i;
// Inline tags join their text ("<b>Breaking</b>: x" → "Breaking: x"); block tags and comments separate words.
const tagGap = (tag: string): string => (INLINE.test(tag) ? '' : ' ');

/** True when the text needs no work: no markup, no illegal characters, single inner spaces only (most titles). */
function isTidy(value: string): boolean {
  const n = value.length;
  if (n === 0) return true;
  if (value.charCodeAt(0) === 0x20 || value.charCodeAt(n - 1) === 0x20) return false;
  let prevSpace = false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x20) {
      if (prevSpace) return false;
      prevSpace = true;
      continue;
    }
    prevSpace = false;
    // '<' may open markup; below 0x20 and 0x7f-0xa0 are controls or odd spaces; surrogates and specials get checked.
    if (c === 0x3c || c < 0x20 || (c >= 0x7f && c <= 0xa0) || c >= 0xd800) return false;
  }
  return true;
}

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,8}));/g;
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', lsquo: '‘',
  rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', reg: '®', trade: '™', middot: '·', bull: '•',
  euro: '€', pound: '£', yen: '¥', deg: '°', eacute: 'é', egrave: 'è', aacute: 'á', agrave: 'à', oacute: 'ó',
  uuml: 'ü', ouml: 'ö', auml: 'ä', ccedil: 'ç', ntilde: 'ñ', szlig: 'ß',
};

function decodeEntity(whole: string, dec?: string, hex?: string, name?: string): string {
  if (name !== undefined) return NAMED[name] ?? whole;
  const code = dec !== undefined ? Number(dec) : Number.parseInt(hex!, 16);
  return code > 0x10ffff ? '' : String.fromCodePoint(code);
}

/**
 * Markup removed, entities decoded and whitespace collapsed: titles are text constructs, and the validator flags
 * both HTML end tags and entity references left in their text (double-encoded partner titles).
 */
export function plainText(value: string, maxChars: number): string {
  if (value.length <= maxChars && isTidy(value) && value.indexOf('&') === -1) return value;
  const decoded = value.indexOf('&') === -1 ? value : value.replace(ENTITY, decodeEntity);
  let text = stripIllegal(decoded.indexOf('<') === -1 ? decoded : decoded.replace(TAG, tagGap));
  if (UNTIDY.test(text)) text = text.replace(SPACE, ' ').trim();
  if (text.length > maxChars) {
    let cut = maxChars - 1;
    // Never split a surrogate pair: half of one is an XML-illegal character.
    const code = text.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    text = `${text.slice(0, cut).trimEnd()}…`;
  }
  return text;
}

/** Escapes plain text for places that hold HTML (RSS description, JSON Feed content_html). */
export function textToHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** The instant an ISO timestamp names, or undefined when it does not parse (bad dates never reach a feed). */
export function parseInstant(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

// Formatting by hand is about twice as fast as toUTCString/toISOString, and every item has two or three dates.
/** RFC 822 date as RSS 2.0 requires, e.g. `Thu, 13 Jun 2024 02:30:00 GMT` (four-digit year, which RSS allows). */
export function rfc822(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (year < 1000 || year > 9999) return d.toUTCString();
  return `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${year} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} GMT`;
}

/** RFC 3339 date for Atom and JSON Feed, in UTC, whole seconds unless there are milliseconds: `2024-06-13T02:30:00Z`. */
export function rfc3339(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (year < 1000 || year > 9999) return d.toISOString();
  const millis = d.getUTCMilliseconds();
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  return `${year}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}${fraction}Z`;
}

// An absolute http(s) URL of plain ASCII with a DNS host: accepted as written without building a URL object.
const SIMPLE_URL = /^https?:\/\/[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::\d{1,5})?(?:[/?#][!#-;=?-\[\]_a-z~%]*)?$/;

/** An absolute http(s) URL, or undefined: relative and `javascript:` links never reach a reader. */
export function safeHttpUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (SIMPLE_URL.test(value)) return value;
  if (!/^https?:\/\//i.test(value)) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const LANGUAGE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/;

/** The language tag when it is a well-formed BCP 47 tag (xml:lang and RSS <language> refuse anything else). */
export function languageTag(value: string | undefined): string | undefined {
  return value !== undefined && LANGUAGE_TAG.test(value) ? value : undefined;
}

/** Percent-encodes what RFC 4151 does not allow in a tag URI's specific part. */
export function tagSpecific(value: string): string {
  return value.replace(/[^0-9A-Za-z;/?:@&=+$.\-_!~*'(),]/g, (c) => {
    const bytes = new TextEncoder().encode(c);
    let out = '';
    for (const b of bytes) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    return out;
  });
}
