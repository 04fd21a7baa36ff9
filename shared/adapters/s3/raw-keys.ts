import { createHash } from 'node:crypto';

/** Keys of the raw archive, shared by the S3 and in-memory archives. */

export const RAW_PREFIX = 'raw/';
/** Pointers from a payload's hash to the key it was first stored under, so the same bytes are stored once. */
export const BY_HASH_PREFIX = 'raw-by-hash/';
export const FAILURE_SUFFIX = '.failure.json';

/** The lowercase hex SHA-256 of the payload: its identity in the archive. */
export function sha256Hex(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/** A file extension from the content type, else from the first bytes: xml, json, html or bin. */
export function extensionFor(contentType: string | undefined, body: Uint8Array, contentEncoding?: string): string {
  // Bytes still in a Content-Encoding that could not be undone are not the document their type names.
  if (contentEncoding) return 'bin';
  const type = contentType?.toLowerCase() ?? '';
  if (type.includes('json')) return 'json';
  if (type.includes('xml') || type.includes('rss') || type.includes('atom') || type.includes('rdf')) return 'xml';
  if (type.includes('html')) return 'html';
  const head = Buffer.from(body.subarray(0, 512)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  if (/^<!doctype html|^<html/i.test(head)) return 'html';
  if (head.startsWith('<')) return 'xml';
  return 'bin';
}

/** `raw/{partnerId}/{yyyy}/{mm}/{dd}/{sha256}.{ext}.gz`, dated by the fetch (UTC). */
export function rawKey(partnerId: string, fetchedAt: string, sha256: string, ext: string): string {
  const day = fetchedAt.slice(0, 10).replaceAll('-', '/');
  return `${RAW_PREFIX}${partnerId}/${day}/${sha256}.${ext}.gz`;
}

export function hashPointerKey(partnerId: string, sha256: string): string {
  return `${BY_HASH_PREFIX}${partnerId}/${sha256}`;
}

export function failureKey(key: string): string {
  return `${key}${FAILURE_SUFFIX}`;
}

/** The partner and the yyyy/mm/dd of a payload key; undefined for anything else (failure records, strays). */
export function parseRawKey(key: string): { partnerId: string; day: string } | undefined {
  const match = /^raw\/([^/]+)\/(\d{4})\/(\d{2})\/(\d{2})\/[0-9a-f]{64}\.[a-z0-9]+\.gz$/.exec(key);
  if (!match) return undefined;
  return { partnerId: match[1]!, day: `${match[2]}/${match[3]}/${match[4]}` };
}

/** The yyyy/mm/dd of a date (UTC), as in keys. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll('-', '/');
}
