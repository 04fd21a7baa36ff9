import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsCommand } from '@aws-sdk/client-s3';
import type { RawObjectInfo, RawPayload } from '../../../shared/ports.js';
import { S3RawArchive } from '../../../shared/adapters/s3/raw-archive.js';
import { useLocalAws } from '../../support/local-aws.js';

const aws = useLocalAws('s3-raw-archive');
const clock = { now: () => new Date('2024-06-15T00:00:00.000Z') };

const rss = (n: number) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${n}</title></channel></rss>`;

function payload(body: string, fetchedAt: string, overrides: Partial<RawPayload> = {}): RawPayload {
  return {
    partnerId: 'antara',
    url: 'https://partner.example/feed.xml?kategori=politik&é=1',
    fetchedAt,
    httpStatus: 200,
    contentType: 'application/rss+xml; charset=utf-8',
    etag: '"abc-123"',
    body: new TextEncoder().encode(body),
    ...overrides,
  };
}

async function collect(iterable: AsyncIterable<RawObjectInfo>): Promise<RawObjectInfo[]> {
  const out: RawObjectInfo[] = [];
  for await (const info of iterable) out.push(info);
  return out;
}

/** Every object key under a prefix, straight from s3rver. */
async function objectKeys(prefix: string): Promise<string[]> {
  const out = await aws.s3.send(new ListObjectsCommand({ Bucket: aws.bucketName, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

describe('S3 raw archive', () => {
  it('stores a payload gzip-compressed under a content-addressed key, with its fetch in metadata', async () => {
    const archive = new S3RawArchive(aws.s3, aws.bucketName, { clock });
    const { key, created } = await archive.put(payload(rss(1), '2024-06-13T02:30:00.000Z'));
    expect(created).toBe(true);
    expect(key).toMatch(/^raw\/antara\/2024\/06\/13\/[0-9a-f]{64}\.xml\.gz$/);
    const stored = await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucketName, Key: key }));
    expect(gunzipSync(await stored.Body!.transformToByteArray()).toString('utf8')).toBe(rss(1));
    const head = await aws.s3.send(new HeadObjectCommand({ Bucket: aws.bucketName, Key: key }));
    expect(head.Metadata).toMatchObject({ partner: 'antara', 'fetched-at': '2024-06-13T02:30:00.000Z', status: '200' });
    expect(decodeURIComponent(head.Metadata!['etag']!)).toBe('"abc-123"');

    const { body, info } = await archive.get(key);
    expect(new TextDecoder().decode(body)).toBe(rss(1));
    expect(info).toEqual({
      key,
      partnerId: 'antara',
      url: 'https://partner.example/feed.xml?kategori=politik&é=1',
      fetchedAt: '2024-06-13T02:30:00.000Z',
      contentType: 'application/rss+xml; charset=utf-8',
    });
  });

  it('stores the same bytes once, even fetched again on another day (no duplicate)', async () => {
    const archive = new S3RawArchive(aws.s3, aws.bucketName, { clock });
    const body = rss(2);
    const first = await archive.put(payload(body, '2024-06-13T03:00:00.000Z', { partnerId: 'dedupe' }));
    const sameDay = await archive.put(payload(body, '2024-06-13T03:05:00.000Z', { partnerId: 'dedupe' }));
    const nextDay = await archive.put(payload(body, '2024-06-14T03:00:00.000Z', { partnerId: 'dedupe' }));
    const changed = await archive.put(payload(`${body} `, '2024-06-14T03:05:00.000Z', { partnerId: 'dedupe' }));
    expect(sameDay).toEqual({ key: first.key, created: false });
    expect(nextDay).toEqual({ key: first.key, created: false });
    expect(changed.created).toBe(true);
    expect(changed.key).not.toBe(first.key);
    expect((await objectKeys('raw/dedupe/')).sort()).toEqual([first.key, changed.key].sort());
  });

  it('stores the bytes again when the copy a hash pointer names is gone (expired by a lifecycle rule)', async () => {
    const archive = new S3RawArchive(aws.s3, aws.bucketName, { clock });
    const first = await archive.put(payload(rss(3), '2024-06-13T03:00:00.000Z', { partnerId: 'expired' }));
    await aws.s3.send(new DeleteObjectCommand({ Bucket: aws.bucketName, Key: first.key }));
    const again = await archive.put(payload(rss(3), '2024-06-20T03:00:00.000Z', { partnerId: 'expired' }));
    expect(again.created).toBe(true);
    expect(again.key).toMatch(/^raw\/expired\/2024\/06\/20\//);
    expect(new TextDecoder().decode((await archive.get(again.key)).body)).toBe(rss(3));
  });

  it('names the file by content type, else by sniffing the bytes', async () => {
    const archive = new S3RawArchive(aws.s3, aws.bucketName, { clock });
    const at = '2024-06-13T04:00:00.000Z';
    const ext = async (body: string, contentType?: string) =>
      (await archive.put(payload(body, at, { partnerId: 'ext', contentType }))).key.split('.').slice(-2)[0];
    expect(await ext('{"version":"https://jsonfeed.org/version/1.1"}', 'application/feed+json')).toBe('json');
    expect(await ext('{"items":[]}', undefined)).toBe('json');
    expect(await ext('\uFEFF  <rss/>', 'application/octet-stream')).toBe('xml');
    expect(await ext('<!DOCTYPE html><html></html>', undefined)).toBe('html');
    expect(await ext('\x00\x01binary', undefined)).toBe('bin');
  });

  it('keeps a body it could not decode under .bin with its Content-Encoding, which list and get report', async () => {
    const archive = new S3RawArchive(aws.s3, aws.bucketName, { clock });
    const stuck = { ...payload('\x1f\x8b broken gzip', '2024-06-13T04:30:00.000Z', { partnerId: 'undecoded' }), contentEncoding: 'gzip' };
    const { key } = await archive.put(stuck);
    expect(key).toMatch(/\.bin\.gz$/);
    expect((await archive.get(key)).info.contentEncoding).toBe('gzip');
    expect((await collect(archive.list({ partnerId: 'undecoded' }))).map((i) => i.contentEncoding)).toEqual(['gzip']);
  });

  it('keeps a payload that failed to parse and records the failure beside it', async () => {
    const archive = new S3RawArchive(aws.s3, aws.bucketName, { clock });
    const { key } = await archive.put(payload('<html>not a feed</html>', '2024-06-13T05:00:00.000Z', { partnerId: 'broken' }));
    await archive.recordFailure(key, 'not a feed: an HTML page');
    expect(new TextDecoder().decode((await archive.get(key)).body)).toBe('<html>not a feed</html>');
    expect(await archive.failureOf(key)).toEqual({ reason: 'not a feed: an HTML page', recordedAt: '2024-06-15T00:00:00.000Z' });
    expect((await objectKeys('raw/broken/')).sort()).toEqual([key, `${key}.failure.json`]);
    expect((await collect(archive.list({ partnerId: 'broken' }))).map((i) => i.key)).toEqual([key]);
  });

  it('lists raw copies oldest first by partner and fetch-time range, across pages', async () => {
    const archive = new S3RawArchive(aws.s3, aws.bucketName, { clock, pageSize: 2 });
    const times = [
      '2024-06-10T23:59:00.000Z',
      '2024-06-11T08:00:00.000Z',
      '2024-06-11T01:00:00.000Z',
      '2024-06-11T12:00:00.000Z',
      '2024-06-12T00:00:00.000Z',
      '2024-06-13T00:00:00.000Z',
    ];
    const keys: string[] = [];
    for (const [i, at] of times.entries()) keys.push((await archive.put(payload(rss(100 + i), at, { partnerId: 'listing' }))).key);
    const listed = await collect(archive.list({ partnerId: 'listing' }));
    expect(listed.map((i) => i.fetchedAt)).toEqual([...times].sort());
    const ranged = await collect(
      archive.list({ partnerId: 'listing', since: new Date('2024-06-11T00:30:00.000Z'), until: new Date('2024-06-12T00:00:00.000Z') }),
    );
    expect(ranged.map((i) => i.fetchedAt)).toEqual([
      '2024-06-11T01:00:00.000Z',
      '2024-06-11T08:00:00.000Z',
      '2024-06-11T12:00:00.000Z',
      '2024-06-12T00:00:00.000Z',
    ]);
    expect(ranged.every((i) => i.partnerId === 'listing' && i.url.startsWith('https://partner.example/'))).toBe(true);
  });

  it('lists every partner together, oldest first, when no partner is named', async () => {
    const bucketArchive = new S3RawArchive(aws.s3, aws.bucketName, { clock, pageSize: 3 });
    await bucketArchive.put(payload(rss(200), '2024-05-02T10:00:00.000Z', { partnerId: 'zeta' }));
    await bucketArchive.put(payload(rss(201), '2024-05-01T10:00:00.000Z', { partnerId: 'alpha' }));
    await bucketArchive.put(payload(rss(202), '2024-05-02T09:00:00.000Z', { partnerId: 'alpha' }));
    await bucketArchive.put(payload(rss(203), '2024-05-01T11:00:00.000Z', { partnerId: 'zeta' }));
    const may = await collect(
      bucketArchive.list({ since: new Date('2024-05-01T00:00:00.000Z'), until: new Date('2024-05-31T00:00:00.000Z') }),
    );
    expect(may.map((i) => `${i.partnerId}@${i.fetchedAt.slice(5, 13)}`)).toEqual([
      'alpha@05-01T10',
      'zeta@05-01T11',
      'alpha@05-02T09',
      'zeta@05-02T10',
    ]);
  });
});
