import { decodeEntities } from '../formats/entities.js';

/**
 * The one home of plain text: how whitespace collapses, how HTML becomes a line of text, how a text field
 * (title, author, category, caption, channel description) loses every tag, and how text is escaped into HTML.
 * Formats, normalization and renderers all call these, so a title reads the same at every stage.
 */

// XML 1.0 Char excludes C0 controls other than tab/LF/CR, U+FFFE/U+FFFF and unpaired surrogates. C1 controls
// (U+007F–U+009F) are legal but readers show them as boxes; they come from mis-decoded cp1252, so drop them too.
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// A cheap first look (any surrogate counts): the precise pattern above only runs when this finds something.
const MAYBE_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Removes characters that XML 1.0 (and JSON readers that check) cannot carry. */
export function stripIllegal(text: string): string {
  return MAYBE_ILLEGAL.test(text) ? text.replace(ILLEGAL, '') : text;
}

const WHITESPACE_RUN = /[\s\u00a0\u200b\ufeff]+/g;
/**
 * What makes text need collapsing, besides a space at either end or two spaces in a row (each checked apart: as
 * alternatives of this pattern `^ `, ` $` and ` {2}` made every position try several branches, and indexOf finds
 * two spaces faster than any pattern): whitespace other than a plain space (\s is tab to CR, U+00A0, U+1680,
 * U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF) or a zero-width space (U+200B).
 */
const NEEDS_COLLAPSING = /[\t-\r\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** Collapses runs of whitespace (no-break and zero-width spaces included) into one space and trims. */
export function collapse(text: string): string {
  // Most text reaching here is already collapsed (the steps re-read the same paragraphs): test before rebuilding.
  const n = text.length;
  if (n === 0) return text;
  if (text.charCodeAt(0) !== 0x20 && text.charCodeAt(n - 1) !== 0x20 && text.indexOf('  ') === -1 && !NEEDS_COLLAPSING.test(text)) {
    return text;
  }
  return text.replace(WHITESPACE_RUN, ' ').trim();
}

/** Escapes plain text for places that hold HTML (RSS description, JSON Feed content_html, HTML pages). */
export function textToHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

// Inline tags join their text ("<b>Breaking</b>: x" → "Breaking: x"); every other tag and comments separate words.
const INLINE = new Set(['a', 'abbr', 'b', 'big', 'cite', 'code', 'del', 'em', 'font', 'i', 'ins', 'mark', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'u']);
const BLOCK = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'blockquote', 'section', 'article', 'pre']);
/** What may follow `<` to open a tag, an end tag, a comment, a declaration or a processing instruction in HTML. */
const OPENS_TAG = /<(?=[A-Za-z/!?])/g;

/**
 * Removes every tag-like sequence (`<` then a letter, `/`, `!` or `?`, up to its `>` or the end), whatever the
 * name: `<details open ontoggle=…>`, custom elements and SVG children go like `<b>`. Quoted attribute values
 * may hold `>`. `gap(name)` says what replaces a tag. One linear scan.
 */
function stripTags(s: string, gap: (name: string, isEnd: boolean) => string, dropRawText: boolean): string {
  let out = '';
  let last = 0;
  let lower: string | undefined;
  const n = s.length;
  let i = s.indexOf('<');
  while (i !== -1 && i < n - 1) {
    const c = s.charCodeAt(i + 1);
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
    if (!letter && c !== 0x2f && c !== 0x21 && c !== 0x3f) {
      i = s.indexOf('<', i + 1);
      continue;
    }
    out += s.slice(last, i);
    if (s.startsWith('<!--', i)) {
      const close = s.indexOf('-->', i + 4);
      last = close === -1 ? n : close + 3;
      out += ' ';
    } else {
      const isEnd = c === 0x2f;
      let nameEnd = isEnd ? i + 2 : i + 1;
      while (nameEnd < n && /[A-Za-z0-9:-]/.test(s[nameEnd]!)) nameEnd++;
      const name = s.slice(isEnd ? i + 2 : i + 1, nameEnd).toLowerCase();
      last = endOfTag(s, nameEnd);
      out += gap(name, isEnd);
      if (dropRawText && !isEnd && (name === 'script' || name === 'style')) {
        lower ??= s.toLowerCase();
        const close = lower.indexOf(`</${name}`, last);
        last = close === -1 ? n : endOfTag(s, close + 2);
      }
    }
    i = last >= n ? -1 : s.indexOf('<', last);
  }
  out += s.slice(last);
  // What is left can no longer open a tag, even where removing one joined `<` to a letter (`<<b>script>`).
  return out.indexOf('<') === -1 ? out : out.replace(OPENS_TAG, '');
}

/** Index just past the `>` ending a tag; a quote opens a value only after `=` (as HTML tokenizers read it). */
function endOfTag(s: string, from: number): number {
  const n = s.length;
  let afterEquals = false;
  for (let j = from; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x3e) return j + 1;
    if (c === 0x3d) afterEquals = true;
    else if (afterEquals && (c === 0x22 || c === 0x27)) {
      const close = s.indexOf(c === 0x22 ? '"' : "'", j + 1);
      if (close === -1) return n;
      j = close;
      afterEquals = false;
    } else if (c > 0x20) afterEquals = false;
  }
  return n;
}

/**
 * One line of text from an HTML fragment: tags dropped (block tags become spaces), script and style dropped
 * with their content, then entities decoded (in HTML `&lt;b&gt;` is the text "<b>"), whitespace collapsed.
 */
export function htmlToText(html: string): string {
  const s = html.indexOf('<') === -1 ? html : stripTags(html, (name) => (BLOCK.has(name) ? ' ' : ''), true);
  return collapse(decodeEntities(s));
}

/**
 * What makes text need work, besides a space at either end (checked apart, see NEEDS_COLLAPSING): `&` then `#` or
 * a letter (a reference; "AT&T" and "& more" are tidy), two spaces in a row, `<` (may open markup), a control
 * (below 0x20, 0x7F-0x9F), a no-break space (0xA0), or anything from the surrogates up (checked). One linear regex
 * scan: about 2.5 times faster than the character loop it replaced, on every text field of every rendered item.
 */
const UNTIDY = /&[#A-Za-z]| {2}|[<\u0000-\u001f\u007f-\u00a0\ud800-\uffff]/;

/** True when the text needs no work: no markup, no reference, no illegal characters, single inner spaces. */
export function isTidy(value: string): boolean {
  const n = value.length;
  if (n === 0) return true;
  if (value.charCodeAt(0) === 0x20 || value.charCodeAt(n - 1) === 0x20) return false;
  return !UNTIDY.test(value);
}

/**
 * A text field as plain text: entities decoded FIRST, then every tag-like sequence removed, so that a
 * double-encoded `&amp;lt;tag&amp;gt;` can never come out as a tag however many times this runs; illegal
 * characters dropped, whitespace collapsed, cut to `maxChars` with an ellipsis. Angle brackets that cannot open a
 * tag (`<3%`, `a < b`) stay: writers escape them (`textToHtml`, `esc`).
 */
export function plainText(value: string, maxChars = Number.POSITIVE_INFINITY): string {
  if (value.length <= maxChars && isTidy(value)) return value;
  const decoded = value.indexOf('&') === -1 ? value : decodeEntities(value);
  let text = stripIllegal(decoded.indexOf('<') === -1 ? decoded : stripTags(decoded, (name) => (INLINE.has(name) ? '' : ' '), false));
  text = collapse(text);
  if (text.length > maxChars) {
    let cut = maxChars - 1;
    // Never split a surrogate pair: half of one is an XML-illegal character.
    const code = text.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    text = `${text.slice(0, cut).trimEnd()}…`;
  }
  return text;
}
