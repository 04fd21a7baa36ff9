import { isAscii, isUtf8 as isUtf8Native, transcode } from 'node:buffer';
import chardet from 'chardet';
import { NotAFeedError } from '../errors.js';
import { CODE_PAGE_ALIASES, SINGLE_BYTE_TABLES } from './code-pages.js';
import { fromCodeRef } from './entities.js';


export interface DecodedText {
  text: string;
  /** The WHATWG encoding label used. */
  encoding: string;
  warnings: string[];
}


/**
 * The decoder name for a declared label: the WHATWG name when TextDecoder knows the label, else the label itself
 * when it is one of the spellings and code pages TextDecoder lacks that iconv-lite reads (`windows_1251`, `cp437`,
 * `cp850`, `ucs-4`…: code-pages.ts), or the UTF name of a UTF spelling.
 */
function labelOf(charset: string): string | undefined {
  const label = charset.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (!label) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    const spelled = label.replace(/_/g, '-');
    if (spelled !== label) {
      const whatwg = labelOf(spelled);
      if (whatwg) return whatwg;
    }
    const target = codePageOf(label);
    // A UTF spelling TextDecoder lacks (`utf32`, `ucs-4`) says what a UTF label says (see decodeBytes).
    return target === undefined ? undefined : target.startsWith('utf-') ? target : label;
  }
}

/** What decodes a label TextDecoder lacks: an iconv-lite table's name or a WHATWG label (iconv-lite's spelling rules). */
function codePageOf(label: string): string | undefined {
  const key = label.replace(/:\d{4}$|[^0-9a-z]/g, '');
  return Object.hasOwn(CODE_PAGE_ALIASES, key) ? CODE_PAGE_ALIASES[key] : undefined;
}

/** Decodes with a label TextDecoder lacks: iconv-lite's single-byte table, or the WHATWG decoder of its family. */
export function decodeCodePage(label: string, bytes: Uint8Array): string {
  const target = codePageOf(label)!;
  const table = SINGLE_BYTE_TABLES[target];
  if (table === undefined) return target.startsWith('utf-32') ? decodeUtf32(bytes, target !== 'utf-32be') : new TextDecoder(target).decode(bytes);
  const offset = table.length === 256 ? 0 : 0x80;
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out += b < offset ? String.fromCharCode(b) : table[b - offset];
  }
  return out;
}

/**
 * UTF-32 as iconv-lite decoded it (TextDecoder has none: WHATWG dropped it): a unit above U+10FFFF is U+FFFD, a
 * surrogate code point passes through, and 1-3 bytes left over at the end are one U+FFFD.
 */
export function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  const units: number[] = [];
  let out = '';
  const whole = bytes.length - (bytes.length % 4);
  for (let i = 0; i < whole; i += 4) {
    const cp = littleEndian
      ? (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0
      : (bytes[i + 3]! | (bytes[i + 2]! << 8) | (bytes[i + 1]! << 16) | (bytes[i]! << 24)) >>> 0;
    if (cp > 0x10ffff) units.push(0xfffd);
    else if (cp >= 0x10000) units.push(0xd800 | ((cp - 0x10000) >> 10), 0xdc00 | ((cp - 0x10000) & 0x3ff));
    else units.push(cp);
    if (units.length >= 8192) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  out += String.fromCharCode(...units);
  return whole < bytes.length ? out + '\ufffd' : out;
}

function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m ? m[2] : undefined;
}

function declaredEncoding(head: string): string | undefined {
  const m = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/.exec(head);
  return m ? m[1] : undefined;
}

/** Node's native validators: a JS loop or a fatal TextDecoder pass cost as much as the whole parse. */
function isUtf8(bytes: Uint8Array): boolean {
  return isUtf8Native(bytes);
}

function hasHighBytes(bytes: Uint8Array): boolean {
  return !isAscii(bytes);
}

/**
 * Valid UTF-8 (isUtf8 said so) as text. A large body whose text is two-byte anyway is converted by ICU to UTF-16
 * and read from that: Node 20 decodes such a string at ~150 MB/s, ICU at ~3 GB/s (Node 24's own decoder is about
 * as fast as ICU's: the same either way there). The two give the same code units for valid UTF-8; a one-byte text
 * (no character past U+00FF) and a smaller body stay with Node's decoder, which keeps them one-byte and is quicker
 * under that size.
 */
function utf8(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length >= TRANSCODE_FROM_BYTES && hasCharPastLatin1(buffer)) {
    try {
      return transcode(buffer, 'utf8', 'ucs2').toString('ucs2');
    } catch {
      // A Node built without ICU has no transcode (ERR_NO_ICU): its own decoder gives the same text, slower.
    }
  }
  return buffer.toString('utf8');
}

/** From this size Node hands a decoded string out as an external string, and its UTF-8 decode slows down. */
const TRANSCODE_FROM_BYTES = 1 << 20;

/**
 * The lead bytes of the characters past U+00FF news copy holds most: E2 (dashes, curly quotes, €), then Latin
 * Extended, Cyrillic, Arabic, Indic and Thai, CJK, kana and hangul. In valid UTF-8 a byte from C4 up only ever
 * starts a character, so finding one proves a two-byte text; not finding these leaves Node's decoder, still exact.
 */
const LEADS_PAST_LATIN1 = [0xe2, 0xc4, 0xc5, 0xd0, 0xd1, 0xd8, 0xd9, 0xe0, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xf0];

function hasCharPastLatin1(buffer: Buffer): boolean {
  for (const lead of LEADS_PAST_LATIN1) if (buffer.indexOf(lead) !== -1) return true;
  return false;
}

/**
 * True when valid UTF-8 encodes a C1 control (U+0080–U+009F: bytes C2 80 to C2 9F), read on the bytes with
 * native indexOf instead of a regex over the decoded text. In valid UTF-8 a C2 byte always starts a character.
 */
function hasUtf8C1(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = buffer.indexOf(0xc2); i !== -1; i = buffer.indexOf(0xc2, i + 2)) {
    const next = buffer[i + 1]!;
    if (next >= 0x80 && next <= 0x9f) return true;
  }
  return false;
}

/** A byte-order mark or the first bytes of `<?xml` / `<` in a UTF-16 / UTF-32 body without one. */
function unicodeForm(bytes: Uint8Array): { encoding: string; skip: number } | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return { encoding: 'utf-32le', skip: 4 };
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return { encoding: 'utf-32be', skip: 4 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', skip: 2 };
  if (b0 === 0x3c && b1 === 0 && b2 === 0 && b3 === 0) return { encoding: 'utf-32le', skip: 0 };
  if (b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0x3c) return { encoding: 'utf-32be', skip: 0 };
  // `<` or `<?` with a zero byte beside it.
  if (b0 === 0x3c && b1 === 0 && b2 === 0x3f) return { encoding: 'utf-16le', skip: 0 };
  if (b0 === 0 && b1 === 0x3c && b3 === 0x3f) return { encoding: 'utf-16be', skip: 0 };
  return undefined;
}

/** The byte order of UTF-16 text that starts with two ASCII characters (`<r`, `\n<`): a zero byte beside each. */
function utf16ByZeros(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length < 4) return undefined;
  const [b0, b1, b2, b3] = bytes;
  if (b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) return 'utf-16le';
  if (b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0) return 'utf-16be';
  return undefined;
}

/** `<?xm` in EBCDIC: a mainframe's document, which no feed reader decodes. */
const EBCDIC_XML = [0x4c, 0x6f, 0xa7, 0x94];

/**
 * Decode a document's bytes: BOM first, then the HTTP charset, then the XML declaration. A body that is valid
 * UTF-8 with non-ASCII bytes is read as UTF-8 whatever it declares (partners often declare ISO-8859-1 by habit);
 * an undeclared body that is not valid UTF-8 is read in the charset a detector finds (windows-1252 when it finds
 * none). At most one warning says what was chosen and why.
 */
export function decodeBytes(bytes: Uint8Array, contentType?: string): DecodedText {
  const form = unicodeForm(bytes);
  if (form) return utf(bytes.subarray(form.skip), form.encoding, []);
  if (EBCDIC_XML.every((b, i) => bytes[i] === b)) {
    throw new NotAFeedError('not a feed: an EBCDIC-encoded document (it starts with "<?xm" in EBCDIC bytes 4C 6F A7 94), which is not read');
  }
  const declared = charsetFromContentType(contentType) ?? declaredEncoding(latin1Head(bytes));
  let encoding = declared ? labelOf(declared) : undefined;
  if (encoding && /^utf-(?:16|32)/.test(encoding)) {
    // A UTF-16 body without a BOM or `<?xml` (say `<rss` straight away) shows a zero byte beside each of its first
    // ASCII characters; the byte order is read from those zeros, not from the label. A UTF-16/32 label on a body
    // without them is a lie: the body is 8-bit (a declaration we could read as ASCII, or `<` then a letter).
    const order = utf16ByZeros(bytes);
    if (order) return utf(bytes, order, []);
    encoding = undefined;
  }
  const unknown = declared !== undefined && encoding === undefined;
  if (!hasHighBytes(bytes)) {
    const used = encoding ?? 'utf-8';
    return { text: asciiOrDecode(bytes, used), encoding: used, warnings: unknown ? [`unknown encoding "${declared}" declared; read as UTF-8`] : [] };
  }
  const validUtf8 = isUtf8(bytes);
  if (validUtf8) {
    const warnings = encoding && encoding !== 'utf-8' ? [`declared ${declared} but the body is valid UTF-8; read as UTF-8`] : unknown ? [`unknown encoding "${declared}" declared; the body is valid UTF-8 and was read as UTF-8`] : [];
    const text = utf8(bytes);
    return { text: hasUtf8C1(bytes) ? withoutC1(text) : text, encoding: 'utf-8', warnings };
  }
  if (encoding && encoding !== 'utf-8') return { text: decodeAs(encoding, bytes), encoding, warnings: [] };
  const detected = detect(bytes);
  const why = unknown ? `unknown encoding "${declared}" declared` : declared ? `declared ${declared}` : 'no encoding declared';
  const how = detected.confidence !== undefined ? `detected as ${detected.encoding} (confidence ${detected.confidence}%)` : `read as ${detected.encoding}, the usual culprit`;
  return { text: decodeAs(detected.encoding, bytes), encoding: detected.encoding, warnings: [`${why} and the body is not valid UTF-8; ${how}`] };
}

/** Below this a detector's guess is no better than assuming windows-1252. */
const MIN_CONFIDENCE = 30;

/** The charset of an undeclared legacy body, by chardet; windows-1252 when it cannot tell. */
function detect(bytes: Uint8Array): { encoding: string; confidence?: number } {
  const best = chardet.analyse(bytes).find((m) => m.confidence >= MIN_CONFIDENCE);
  const name = best ? labelOf(best.name) : undefined;
  // ISO-8859-1 means windows-1252 in practice (browsers read it so); UTF-8 and UTF-16/32 were ruled out above.
  if (!best || !name || name === 'utf-8' || /^utf-(?:16|32)/.test(name)) return { encoding: 'windows-1252' };
  return { encoding: name, confidence: best.confidence };
}

/**
 * Decode with a WHATWG encoding. windows-1252 (also what `iso-8859-1` and `us-ascii` labels mean) is done by hand:
 * Node's decoder maps bytes 0x80-0x9F to C1 controls, but in 1252 they are curly quotes, dashes, €, ….
 */
function decodeAs(encoding: string, bytes: Uint8Array): string {
  if (encoding === 'iso-8859-1' || encoding === 'latin1') encoding = 'windows-1252';
  if (encoding !== 'windows-1252') return withoutC1(whatwg(encoding) ? new TextDecoder(encoding).decode(bytes) : decodeCodePage(encoding, bytes));
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80]);
}

/** True when TextDecoder knows the name (code-pages.ts serves the rest). */
function whatwg(encoding: string): boolean {
  try {
    new TextDecoder(encoding);
    return true;
  } catch {
    return false;
  }
}

const C1 = /[\x80-\x9f]/g;

/**
 * Literal C1 controls in decoded text mean windows-1252 punctuation written by a tool that thought it was
 * ISO-8859-1 (browsers read them so); no feed means a C1 control.
 */
function withoutC1(text: string): string {
  C1.lastIndex = 0;
  return C1.test(text) ? text.replace(C1, (c) => CP1252[c.charCodeAt(0) - 0x80]) : text;
}

const CP1252 = Array.from({ length: 32 }, (_, i) => fromCodeRef(0x80 + i) || String.fromCharCode(0x80 + i));

function utf(bytes: Uint8Array, encoding: string, warnings: string[]): DecodedText {
  const text = encoding.startsWith('utf-32') ? decodeUtf32(bytes, encoding === 'utf-32le') : new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  return { text: withoutC1(text), encoding, warnings };
}

function asciiOrDecode(bytes: Uint8Array, encoding: string): string {
  // Pure ASCII reads the same in every ASCII-compatible encoding; latin1 is the fastest path in Node.
  if (encoding === 'utf-8' || encoding === 'windows-1252') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return decodeAs(encoding, bytes);
}

function latin1Head(bytes: Uint8Array): string {
  // One native decode into a flat string: 256 one-character appends made a rope that the declaration's regex
  // then had to flatten, a few percent of reading a small document.
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 256)).toString('latin1');
}
