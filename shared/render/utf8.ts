import { Buffer } from 'node:buffer';

/**
 * The UTF-8 bytes of pieces of text laid end to end, equal to Buffer.from(pieces.join('')) without building the
 * joined string. A feed goes out as bytes (gzipped or sent), and joining a 1 MB document costs as much as
 * encoding it, more when one character outside Latin-1 makes the whole string two bytes a character: each piece is
 * encoded once, straight into the buffer.
 */
export function utf8Bytes(pieces: readonly string[]): Buffer {
  let chars = 0;
  for (const piece of pieces) {
    chars += piece.length;
    // Encoded alone, half of a surrogate pair split between two pieces would become two U+FFFD where the joined
    // string has one 4-byte character. Renderers never split one (esc drops lone surrogates), but the bytes must
    // equal the string's whatever the pieces.
    const last = piece.charCodeAt(piece.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) return Buffer.from(pieces.join(''), 'utf8');
  }
  // Feeds are mostly ASCII: a quarter more than the characters is rarely outgrown, and growing stays correct.
  let buffer = Buffer.allocUnsafe(Math.max(64, chars + (chars >> 2)));
  let used = 0;
  for (const piece of pieces) {
    // A UTF-16 code unit takes at most 3 bytes (a surrogate pair, two units, takes 4), so the piece always fits
    // whole: Buffer#write would otherwise stop short instead of failing.
    if (buffer.length - used < piece.length * 3) {
      const larger = Buffer.allocUnsafe(Math.max(buffer.length * 2, used + piece.length * 3));
      buffer.copy(larger, 0, 0, used);
      buffer = larger;
    }
    used += buffer.write(piece, used);
  }
  return buffer.subarray(0, used);
}
