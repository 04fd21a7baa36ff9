import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Clock, RawArchive, RawObjectInfo, RawPayload } from '../../ports.js';
import { systemClock } from '../../ports.js';
import { describeError, StorageError } from '../../errors.js';
import {
  RAW_PREFIX,
  dayOf,
  extensionFor,
  failureKey,
  hashPointerKey,
  parseRawKey,
  rawKey,
  sha256Hex,
} from './raw-keys.js';
import { retryPolicy, withRetries, type RetryPolicy } from '../retry.js';

const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);

/** How many objects list() describes at once (one HeadObject each). */
const HEAD_CONCURRENCY = 8;

export interface S3RawArchiveOptions {
  clock?: Clock;
  retry?: Partial<RetryPolicy>;
  /** Keys per ListObjects page (S3 caps it at 1000). */
  pageSize?: number;
}

/**
 * The raw archive in S3: each payload gzip-compressed under a content-addressed key, with its fetch described in
 * user metadata. Listing uses ListObjects (v1) with markers: s3rver encrypts v2 continuation tokens with DES,
 * which Node 17+ only offers under --openssl-legacy-provider, and markers work the same in S3.
 */
export class S3RawArchive implements RawArchive {
  private readonly policy: RetryPolicy;
  private readonly clock: Clock;
  private readonly pageSize: number;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    options: S3RawArchiveOptions = {},
  ) {
    this.policy = retryPolicy(options.retry);
    this.clock = options.clock ?? systemClock;
    this.pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
  }

  /**
   * Stores a payload once: if the same bytes were archived for the partner before (any day), their key is
   * returned with created=false. s3rver ignores If-None-Match, so a hash pointer is looked up first instead.
   */
  async put(payload: RawPayload): Promise<{ key: string; created: boolean }> {
    const sha = sha256Hex(payload.body);
    const pointer = hashPointerKey(payload.partnerId, sha);
    try {
      const existing = await this.head(pointer);
      const target = existing?.Metadata?.['key'];
      if (target && (await this.head(target))) return { key: target, created: false };

      const key = rawKey(payload.partnerId, payload.fetchedAt, sha, extensionFor(payload.contentType, payload.body, payload.contentEncoding));
      const body = await gzip(payload.body);
      const metadata: Record<string, string> = {
        partner: payload.partnerId,
        url: encodeURIComponent(payload.url),
        'fetched-at': payload.fetchedAt,
        status: String(payload.httpStatus),
        sha256: sha,
      };
      if (payload.contentType) metadata['content-type'] = encodeURIComponent(payload.contentType);
      if (payload.etag) metadata['etag'] = encodeURIComponent(payload.etag);
      if (payload.contentEncoding) metadata['content-encoding'] = encodeURIComponent(payload.contentEncoding);
      await withRetries(
        'PutObject',
        () =>
          this.client.send(
            new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/gzip', Metadata: metadata }),
          ),
        this.policy,
      );
      // The pointer goes last: it never names a payload that is not there.
      await withRetries(
        'PutObject',
        () => this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: pointer, Body: key, Metadata: { key } })),
        this.policy,
      );
      return { key, created: true };
    } catch (error) {
      if (error instanceof StorageError) throw error;
      throw new StorageError(`could not archive the raw payload of partner "${payload.partnerId}": ${describeError(error)}`, { cause: error });
    }
  }

  /** The payload as fetched (gunzipped) and what is known of its fetch. */
  async get(key: string): Promise<{ body: Uint8Array; info: RawObjectInfo }> {
    try {
      const out = await withRetries('GetObject', () => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })), this.policy);
      const compressed = await out.Body!.transformToByteArray();
      const body = new Uint8Array(await gunzip(compressed));
      return { body, info: infoOf(key, out.Metadata ?? {}) };
    } catch (error) {
      throw new StorageError(`could not read raw payload ${key}: ${describeError(error)}`, { cause: error });
    }
  }

  /**
   * Raw copies oldest first: partner by partner, a day at a time (from the key), ordered by fetch time within
   * the day. Only one day of keys is held in memory.
   */
  async *list(filter: { partnerId?: string; since?: Date; until?: Date }): AsyncIterable<RawObjectInfo> {
    const partners = filter.partnerId !== undefined ? [filter.partnerId] : await this.partners();
    const streams = partners.map((p) => this.keysOf(p, filter.since, filter.until));
    const heads = await Promise.all(streams.map((s) => s.next()));
    try {
      for (;;) {
        let day: string | undefined;
        for (const head of heads) if (!head.done && (day === undefined || head.value.day < day)) day = head.value.day;
        if (day === undefined) return;
        const keys: string[] = [];
        for (let i = 0; i < streams.length; i++) {
          while (!heads[i]!.done && heads[i]!.value!.day === day) {
            keys.push(heads[i]!.value!.key);
            heads[i] = await streams[i]!.next();
          }
        }
        const infos = await mapLimit(keys, HEAD_CONCURRENCY, async (key) => {
          const out = await this.head(key);
          return out ? infoOf(key, out.Metadata ?? {}) : undefined;
        });
        const inRange = infos.filter(
          (info): info is RawObjectInfo =>
            info !== undefined &&
            (filter.since === undefined || Date.parse(info.fetchedAt) >= filter.since.getTime()) &&
            (filter.until === undefined || Date.parse(info.fetchedAt) <= filter.until.getTime()),
        );
        inRange.sort((a, b) => (a.fetchedAt < b.fetchedAt ? -1 : a.fetchedAt > b.fetchedAt ? 1 : a.key < b.key ? -1 : 1));
        yield* inRange;
      }
    } finally {
      await Promise.all(streams.map((s) => s.return(undefined)));
    }
  }

  /** Writes `{key}.failure.json` beside the payload, which stays as it was. */
  async recordFailure(key: string, reason: string): Promise<void> {
    const record = JSON.stringify({ key, reason, recordedAt: this.clock.now().toISOString() });
    await withRetries(
      'PutObject',
      () =>
        this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: failureKey(key), Body: record, ContentType: 'application/json' }),
        ),
      this.policy,
    );
  }

  /** The recorded parse failure of a payload, if any. */
  async failureOf(key: string): Promise<{ reason: string; recordedAt: string } | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: failureKey(key) }));
      const record = JSON.parse(await out.Body!.transformToString()) as { reason: string; recordedAt: string };
      return { reason: record.reason, recordedAt: record.recordedAt };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private async head(key: string): Promise<{ Metadata?: Record<string, string> } | undefined> {
    try {
      return await withRetries('HeadObject', () => this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })), this.policy);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * Partner ids that have payloads, by skipping from one partner's keys to the next: one small listing per
   * partner. Not a Delimiter listing, because s3rver never reports common prefixes nested below the prefix.
   */
  private async partners(): Promise<string[]> {
    const partners: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const out = await withRetries(
        'ListObjects',
        () => this.client.send(new ListObjectsCommand({ Bucket: this.bucket, Prefix: RAW_PREFIX, Marker: marker, MaxKeys: 1 })),
        this.policy,
      );
      const key = out.Contents?.[0]?.Key;
      if (!key) return partners;
      const partnerId = key.slice(RAW_PREFIX.length).split('/')[0]!;
      partners.push(partnerId);
      // Partner ids are [a-z0-9-]: "{id}0" sorts after every "{id}/..." key and before the next partner's keys.
      marker = `${RAW_PREFIX}${partnerId}0`;
    }
  }

  /** A partner's payload keys in key order (so by day), starting at the day of `since`, up to the day of `until`. */
  private async *keysOf(partnerId: string, since?: Date, until?: Date): AsyncGenerator<{ key: string; day: string }> {
    const prefix = `${RAW_PREFIX}${partnerId}/`;
    const lastDay = until ? dayOf(until) : undefined;
    // Every key of that day sorts after "{prefix}{day}/", so the listing starts right there.
    let marker: string | undefined = since ? `${prefix}${dayOf(since)}/` : undefined;
    for (;;) {
      const out = await withRetries(
        'ListObjects',
        () => this.client.send(new ListObjectsCommand({ Bucket: this.bucket, Prefix: prefix, Marker: marker, MaxKeys: this.pageSize })),
        this.policy,
      );
      const contents = out.Contents ?? [];
      for (const object of contents) {
        const parsed = object.Key ? parseRawKey(object.Key) : undefined;
        if (!parsed) continue;
        if (lastDay !== undefined && parsed.day > lastDay) return;
        yield { key: object.Key!, day: parsed.day };
      }
      if (!out.IsTruncated || contents.length === 0) return;
      // Without a delimiter S3 omits NextMarker: the next page starts after the last key.
      marker = out.NextMarker ?? contents[contents.length - 1]!.Key;
    }
  }
}

function infoOf(key: string, metadata: Record<string, string>): RawObjectInfo {
  const parsed = parseRawKey(key);
  const info: RawObjectInfo = {
    key,
    partnerId: metadata['partner'] ?? parsed?.partnerId ?? '',
    url: decodeURIComponent(metadata['url'] ?? ''),
    fetchedAt: metadata['fetched-at'] ?? '',
  };
  if (metadata['content-type']) info.contentType = decodeURIComponent(metadata['content-type']);
  if (metadata['content-encoding']) info.contentEncoding = decodeURIComponent(metadata['content-encoding']);
  return info;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return results;
}
