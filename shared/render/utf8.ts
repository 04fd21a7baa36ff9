import { Buffer } from 'node:buffer';
import { expectedFeedBytes, type FeedDocument } from './feed-document.js';
import { escLong } from './xml.js';
import { jsonStringOfLegalText } from '../model/json-string.js';

/** Where a renderer puts the pieces of a document: an array (joined into the string) or a Utf8Writer (bytes). */
export interface PieceSink {
  push(...pieces: string[]): unknown;
  /**
   * Pushes long text (an article body) escaped as element content or attribute value: what push(escLong(text))
   * writes. The text must be free of XML-illegal characters (escLong's contract).
   */
  pushEscapedLong(text: string): void;
  /** Pushes long text as a JSON string: what push(jsonStringOfLegalText(text)) writes, under that function's contract. */
  pushJsonStringLong(text: string): void;
}

/** A PieceSink that keeps the pieces, for a renderer's string form (joined by renderToString). */
class StringSink implements PieceSink {
  readonly pieces: string[] = [];

  push(...pieces: string[]): void {
    this.pieces.push(...pieces);
  }

  pushEscapedLong(text: string): void {
    this.pieces.push(escLong(text));
  }

  pushJsonStringLong(text: string): void {
    this.pieces.push(jsonStringOfLegalText(text));
  }
}

/**
 * Which ASCII characters an escaping writes otherwise, and as what, by byte. Every byte of a multi-byte UTF-8
 * sequence is 0x80 or above, so escaping the bytes of a text equals encoding the escaped text.
 */
interface ByteEscapes {
  /** 1 for a byte that has an escape. */
  special: Uint8Array;
  escapes: Array<Uint8Array | undefined>;
  /** Bytes in the longest escape. */
  longest: number;
}

function byteEscapes(pairs: ReadonlyArray<readonly [string, string]>): ByteEscapes {
  const table: ByteEscapes = { special: new Uint8Array(256), escapes: [], longest: 1 };
  for (const [c, e] of pairs) {
    table.special[c.charCodeAt(0)] = 1;
    table.escapes[c.charCodeAt(0)] = Buffer.from(e);
    table.longest = Math.max(table.longest, e.length);
  }
  return table;
}

/** escLong's five (render/xml.ts escapeSpecials). */
const XML_ESCAPES = byteEscapes([['&', '&amp;'], ['<', '&lt;'], ['>', '&gt;'], ['"', '&quot;'], ["'", '&#39;']]);
/** jsonStringOfLegalText's five (model/json-string.ts). */
const JSON_ESCAPES = byteEscapes([['\\', '\\\\'], ['"', '\\"'], ['\n', '\\n'], ['\r', '\\r'], ['\t', '\\t']]);
/** Where a writer encodes long text before escaping it into the document: one buffer, grown as needed. */
let scratch = Buffer.allocUnsafe(64 * 1024);
/** Bytes of unescaped text above which writeEscaped copies a run natively. */
const COPY_RUN = 24;
/** Characters of short pieces a writer joins before writing them (see Utf8Writer.pending). */
const PENDING_FLUSH = 4096;

/**
 * Pieces of text written as UTF-8 as they come, into one growing Buffer: bytes() equals
 * Buffer.from(pieces.join('')) without the joined string. A feed goes out as bytes (gzipped or sent), and joining a
 * 1 MB document costs as much as encoding it (more when one character outside Latin-1 makes the whole string two
 * bytes a character); holding every piece until the join also made each garbage collection during a render copy
 * them. Here each piece is encoded once and can die at once.
 */
export class Utf8Writer implements PieceSink {
  private buffer: Buffer;
  private used = 0;
  /** The high half of a surrogate pair that ended the last piece: its low half starts the next one. */
  private pendingHigh = '';
  /**
   * Short pieces joined until there are enough to write: Buffer#write's own checks cost more than encoding a
   * 20-byte piece, and a feed is mostly such pieces around its bodies.
   */
  private pending = '';

  /** capacity: the expected size in bytes; a wrong guess costs a copy, never a wrong byte. */
  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(64, Math.ceil(capacity)));
  }

  push(...pieces: string[]): void {
    for (const piece of pieces) this.pending += piece;
    if (this.pending.length >= PENDING_FLUSH) this.flush();
  }

  /**
   * Five replace passes over each body were a third of an Atom render; here the body is encoded once (natively)
   * and copied over byte by byte, each special as its escape.
   */
  pushEscapedLong(text: string): void {
    this.flush();
    this.writeEscaped(this.whole(text), XML_ESCAPES);
  }

  pushJsonStringLong(text: string): void {
    this.pending += '"';
    this.flush();
    this.writeEscaped(this.whole(text), JSON_ESCAPES);
    this.pending += '"';
  }

  /** The bytes written so far (a view of the writer's buffer, not a copy). */
  bytes(): Buffer {
    this.flush();
    if (this.pendingHigh !== '') {
      this.write(this.pendingHigh);
      this.pendingHigh = '';
    }
    return this.buffer.subarray(0, this.used);
  }

  private flush(): void {
    if (this.pending === '') return;
    this.write(this.whole(this.pending));
    this.pending = '';
  }

  private writeEscaped(piece: string, table: ByteEscapes): void {
    if (scratch.length < piece.length * 3) scratch = Buffer.allocUnsafe(piece.length * 3);
    const raw = scratch;
    const n = raw.write(piece, 0);
    this.reserve(n * table.longest);
    const { special, escapes } = table;
    const out = this.buffer;
    let w = this.used;
    let i = 0;
    while (i < n) {
      const start = i;
      while (i < n && special[raw[i]!] === 0) i++;
      // A long run of plain text (a paragraph's words) is one native copy; a short one (between a tag's `<` and
      // `>`) is copied here, as a call costs more than its few bytes.
      if (i - start > COPY_RUN) {
        raw.copy(out, w, start, i);
        w += i - start;
      } else {
        for (let k = start; k < i; k++) out[w++] = raw[k]!;
      }
      if (i === n) break;
      const escape = escapes[raw[i++]!]!;
      for (let k = 0; k < escape.length; k++) out[w++] = escape[k]!;
    }
    this.used = w;
  }

  /**
   * The piece with the high half of a surrogate pair held back from the last piece in front, and its own final
   * high half held back for the next. Encoded alone, half of a pair split between two pieces would become U+FFFD
   * where the joined string has one 4-byte character. Renderers never split one (esc drops lone surrogates), but
   * bytes must equal the string's.
   */
  private whole(text: string): string {
    let piece = text;
    if (this.pendingHigh !== '') {
      piece = this.pendingHigh + piece;
      this.pendingHigh = '';
    }
    const last = piece.charCodeAt(piece.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.pendingHigh = piece.slice(-1);
      piece = piece.slice(0, -1);
    }
    return piece;
  }

  private write(piece: string): void {
    // A UTF-16 code unit takes at most 3 bytes, so with this much room the piece fits whole: Buffer#write would
    // otherwise stop short of the end instead of failing.
    this.reserve(piece.length * 3);
    this.used += this.buffer.write(piece, this.used);
  }

  private reserve(bytes: number): void {
    if (this.buffer.length - this.used >= bytes) return;
    const larger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + bytes));
    this.buffer.copy(larger, 0, 0, this.used);
    this.buffer = larger;
  }
}

/** An XML renderer's pieces for a document, joined into its string (the ETag probe and tests read strings). */
export function renderToString(doc: FeedDocument, pieces: (doc: FeedDocument, out: PieceSink) => void): string {
  const out = new StringSink();
  pieces(doc, out);
  return out.pieces.join('');
}

/** The same document as UTF-8 bytes, written as it is rendered (what publishing sends). */
export function renderToBytes(doc: FeedDocument, pieces: (doc: FeedDocument, out: PieceSink) => void): Buffer {
  const out = new Utf8Writer(expectedFeedBytes(doc));
  pieces(doc, out);
  return out.bytes();
}
