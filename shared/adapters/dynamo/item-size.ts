import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB refuses an item over 400 KB, and a transaction holding one is refused whole: one long article would
 * take its neighbours down with it, on every poll. A partner body may be 1 MB of HTML (normalize's HTML_LIMITS),
 * and an article holds it twice (bodyHtml and bodyText), so big bodies are stored compressed.
 */
export const ITEM_LIMIT_BYTES = 400 * 1024;

/** Items above this are written with their bodies compressed; below it they stay plain (readable in the console). */
export const COMPRESS_ABOVE_BYTES = 200 * 1024;

/** The attribute holding `[bodyHtml, bodyText]` as Brotli-compressed JSON, in place of the two. */
export const PACKED_BODY = 'bodyBr';

/**
 * An item's size as DynamoDB counts it (attribute names plus values: UTF-8 strings, binary lengths, numbers at
 * most 21 bytes, 3 bytes per list or map and 1 per element), rounded up where AWS leaves it vague.
 */
export function itemBytes(item: Record<string, AttributeValue>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += Buffer.byteLength(name) + valueBytes(value);
  return bytes;
}

function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return 21;
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) return 3 + value.L.reduce((sum, v) => sum + 1 + valueBytes(v), 0);
  if (value.M !== undefined) return 3 + itemBytes(value.M) + Object.keys(value.M).length;
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  if (value.NS !== undefined) return value.NS.length * 21;
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.byteLength, 0);
  return 0;
}

/**
 * The item with bodyHtml and bodyText replaced by one compressed attribute. Brotli at quality 5 with a 16 MB
 * window: fast enough for a megabyte per item, and the window spans both fields, so bodyText (the same words as
 * bodyHtml) costs little more.
 */
export function packBodies(item: Record<string, AttributeValue>): Record<string, AttributeValue> {
  const { bodyHtml, bodyText, ...rest } = item;
  const json = JSON.stringify([bodyHtml?.S ?? '', bodyText?.S ?? '']);
  const packed = brotliCompressSync(json, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(json),
    },
  });
  return { ...rest, [PACKED_BODY]: { B: new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength) } };
}

/** An unmarshalled item with its packed bodies, if any, back as bodyHtml and bodyText. */
export function unpackBodies(item: Record<string, unknown>): Record<string, unknown> {
  const packed = item[PACKED_BODY];
  if (!(packed instanceof Uint8Array)) return item;
  const [bodyHtml, bodyText] = JSON.parse(brotliDecompressSync(packed).toString('utf8')) as [string, string];
  const { [PACKED_BODY]: _packed, ...rest } = item;
  return { ...rest, bodyHtml, bodyText };
}
