import { isAscii, isUtf8 as isUtf8Native } from 'node:buffer';
import { fromCodeRef, htmlEntity } from './xml.js';


export interface DecodedText {
  text: string;
  /** The WHATWG encoding label used. */
  encoding: string;
  warnings: string[];
}


function labelOf(charset: string): string | undefined {
  const label = charset.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (!label) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
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

function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/**
 * Decode a document's bytes: BOM first, then the HTTP charset, then the XML declaration. A body that is valid
 * UTF-8 with non-ASCII bytes is read as UTF-8 whatever it declares (partners often declare ISO-8859-1 by habit);
 * an undeclared body that is not valid UTF-8 is read as windows-1252, the usual culprit.
 */
export function decodeBytes(bytes: Uint8Array, contentType?: string): DecodedText {
  const warnings: string[] = [];
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return utf(bytes.subarray(3), 'utf-8', warnings);
  if (b0 === 0xff && b1 === 0xfe) return utf(bytes.subarray(2), 'utf-16le', warnings);
  if (b0 === 0xfe && b1 === 0xff) return utf(bytes.subarray(2), 'utf-16be', warnings);
  // UTF-16 without a BOM: `<` or `<?` with a zero byte beside it.
  if (b0 === 0x3c && b1 === 0 && bytes[2] === 0x3f) return utf(bytes, 'utf-16le', warnings);
  if (b0 === 0 && b1 === 0x3c && bytes[3] === 0x3f) return utf(bytes, 'utf-16be', warnings);

  const httpCharset = charsetFromContentType(contentType);
  const head = latin1Head(bytes);
  const xmlCharset = declaredEncoding(head);
  const declared = httpCharset ?? xmlCharset;
  let encoding = declared ? labelOf(declared) : undefined;
  if (declared && !encoding) warnings.push(`unknown encoding "${declared}" declared; read as UTF-8`);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    // A UTF-16 label on a body whose declaration we could read as ASCII is a lie: the body is 8-bit.
    encoding = undefined;
  }
  const high = hasHighBytes(bytes);
  if (!high) return { text: asciiOrDecode(bytes, encoding ?? 'utf-8'), encoding: encoding ?? 'utf-8', warnings };
  const validUtf8 = isUtf8(bytes);
  if (encoding && encoding !== 'utf-8') {
    if (validUtf8) {
      warnings.push(`declared ${declared} but the body is valid UTF-8; read as UTF-8`);
      return { text: utf8(bytes), encoding: 'utf-8', warnings };
    }
    return { text: decodeAs(encoding, bytes), encoding, warnings };
  }
  if (validUtf8) return { text: utf8(bytes), encoding: 'utf-8', warnings };
  warnings.push(
    declared ? `declared ${declared} but the body is not valid UTF-8; read as windows-1252` : 'no encoding declared and the body is not UTF-8; read as windows-1252',
  );
  return { text: decodeAs('windows-1252', bytes), encoding: 'windows-1252', warnings };
}

/**
 * Decode with a WHATWG encoding. windows-1252 (also what `iso-8859-1` and `us-ascii` labels mean) is done by hand:
 * Node's decoder maps bytes 0x80-0x9F to C1 controls, but in 1252 they are curly quotes, dashes, €, ….
 */
function decodeAs(encoding: string, bytes: Uint8Array): string {
  if (encoding !== 'windows-1252') return new TextDecoder(encoding).decode(bytes);
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80]);
}

const CP1252 = Array.from({ length: 32 }, (_, i) => fromCodeRef(0x80 + i) || String.fromCharCode(0x80 + i));

function utf(bytes: Uint8Array, encoding: string, warnings: string[]): DecodedText {
  return { text: new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes), encoding, warnings };
}

function asciiOrDecode(bytes: Uint8Array, encoding: string): string {
  // Pure ASCII reads the same in every ASCII-compatible encoding; latin1 is the fastest path in Node.
  if (encoding === 'utf-8' || encoding === 'windows-1252') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return decodeAs(encoding, bytes);
}

function latin1Head(bytes: Uint8Array): string {
  let s = '';
  const n = Math.min(bytes.length, 256);
  for (let i = 0; i < n; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

// ---- HTML references ----------------------------------------------------------------------------------------

const NAMED_OR_NUMERIC = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]*));/g;

/** Decode every HTML character reference (named, decimal, hex) in a string. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') === -1) return s;
  return s.replace(NAMED_OR_NUMERIC, (whole, dec: string, hex: string, name: string) => {
    if (dec !== undefined) return fromCodeRef(parseInt(dec, 10));
    if (hex !== undefined) return fromCodeRef(parseInt(hex, 16));
    return htmlEntity(name) ?? whole;
  });
}

/** Resolve a possibly relative URL against the bases in order; undefined when nothing yields an absolute URL. */
export function resolveUrl(href: string | undefined, ...bases: (string | undefined)[]): string | undefined {
  if (href === undefined) return undefined;
  const h = href.trim();
  if (!h) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(h)) {
    if (/^(?:javascript|vbscript|data):/i.test(h)) return undefined;
    return canParse(h) ? encodeSpaces(h) : undefined;
  }
  for (const base of bases) {
    if (!base) continue;
    try {
      return new URL(h, base).href;
    } catch {
      // try the next base
    }
  }
  return undefined;
}

function canParse(u: string): boolean {
  try {
    new URL(u);
    return true;
  } catch {
    return false;
  }
}

function encodeSpaces(u: string): string {
  return u.indexOf(' ') === -1 ? u : u.replace(/ /g, '%20');
}
