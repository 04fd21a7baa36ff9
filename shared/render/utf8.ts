import { Buffer } from 'node:buffer';
import { expectedFeedBytes, type FeedDocument } from './feed-document.js';

/** Where a renderer puts the pieces of a document: an array (joined into the string) or a Utf8Writer (bytes). */
export interface PieceSink {
  push(...pieces: string[]): unknown;
}

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

  /** capacity: the expected size in bytes; a wrong guess costs a copy, never a wrong byte. */
  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(64, Math.ceil(capacity)));
  }

  push(...pieces: string[]): void {
    for (let piece of pieces) {
      if (this.pendingHigh !== '') {
        piece = this.pendingHigh + piece;
        this.pendingHigh = '';
      }
      // Encoded alone, half of a pair split between two pieces would become U+FFFD where the joined string has one
      // 4-byte character. Renderers never split one (esc drops lone surrogates), but bytes must equal the string's.
      const last = piece.charCodeAt(piece.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        this.pendingHigh = piece.slice(-1);
        piece = piece.slice(0, -1);
      }
      this.write(piece);
    }
  }

  /** The bytes written so far (a view of the writer's buffer, not a copy). */
  bytes(): Buffer {
    if (this.pendingHigh !== '') {
      this.write(this.pendingHigh);
      this.pendingHigh = '';
    }
    return this.buffer.subarray(0, this.used);
  }

  private write(piece: string): void {
    // A UTF-16 code unit takes at most 3 bytes, so with this much room the piece fits whole: Buffer#write would
    // otherwise stop short of the end instead of failing.
    if (this.buffer.length - this.used < piece.length * 3) {
      const larger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + piece.length * 3));
      this.buffer.copy(larger, 0, 0, this.used);
      this.buffer = larger;
    }
    this.used += this.buffer.write(piece, this.used);
  }
}

/** An XML renderer's pieces for a document, joined into its string (the ETag probe and tests read strings). */
export function renderToString(doc: FeedDocument, pieces: (doc: FeedDocument, out: PieceSink) => void): string {
  const out: string[] = [];
  pieces(doc, out);
  return out.join('');
}

/** The same document as UTF-8 bytes, written as it is rendered (what publishing sends). */
export function renderToBytes(doc: FeedDocument, pieces: (doc: FeedDocument, out: PieceSink) => void): Buffer {
  const out = new Utf8Writer(expectedFeedBytes(doc));
  pieces(doc, out);
  return out.bytes();
}
