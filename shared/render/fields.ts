import { isFast, pad2, utcFields } from '../model/instant.js';

/**
 * Small pure helpers that shape article fields for feeds: dates in each format's syntax, safe absolute links,
 * language tags, tag: ids. Shared by the three renderers so they agree item by item (plain text lives in
 * model/plain-text.ts).
 */

/** Titles longer than this are cut: readers truncate anyway, and a 10,000-character title is an attack or a bug. */
export const MAX_TITLE_CHARS = 300;
export const MAX_SUMMARY_CHARS = 2000;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** RFC 822 date as RSS 2.0 requires, e.g. `Thu, 13 Jun 2024 02:30:00 GMT` (four-digit year, which RSS allows). */
export function rfc822(ms: number): string {
  if (!isFast(ms)) return rfc822FromDate(ms);
  const f = utcFields(ms);
  return `${DAYS[f.weekday]}, ${pad2(f.day)} ${MONTHS[f.month - 1]} ${f.year} ${pad2(f.hours)}:${pad2(f.minutes)}:${pad2(f.seconds)} GMT`;
}

/** RFC 3339 date for Atom and JSON Feed, in UTC, whole seconds unless there are milliseconds: `2024-06-13T02:30:00Z`. */
export function rfc3339(ms: number): string {
  if (!isFast(ms)) return rfc3339FromDate(ms);
  const f = utcFields(ms);
  const fraction = f.millis === 0 ? '' : `.${String(f.millis).padStart(3, '0')}`;
  return `${f.year}-${pad2(f.month)}-${pad2(f.day)}T${pad2(f.hours)}:${pad2(f.minutes)}:${pad2(f.seconds)}${fraction}Z`;
}

function rfc822FromDate(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (year < 1000 || year > 9999) return d.toUTCString();
  return `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${year} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} GMT`;
}

function rfc3339FromDate(ms: number): string {
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
