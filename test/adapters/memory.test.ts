import { describe, expect, it } from 'vitest';
import {
  MemoryArticleStore,
  MemoryIngestionRunStore,
  MemoryPartnerStateStore,
  MemoryRawArchive,
} from '../../shared/adapters/memory.js';
import { StorageError } from '../../shared/errors.js';
import type { IngestionSummary } from '../../shared/ports.js';
import { articleStoreContract } from '../support/article-store-contract.js';

articleStoreContract('memory store', async (clock) => new MemoryArticleStore({ clock }));

const payload = (body: string, fetchedAt: string, partnerId = 'antara') => ({
  partnerId,
  url: 'https://partner.example/feed.xml',
  fetchedAt,
  httpStatus: 200,
  contentType: 'application/rss+xml',
  body: new TextEncoder().encode(body),
});

describe('memory raw archive', () => {
  it('stores the same bytes once, under the key the S3 archive would use', async () => {
    const archive = new MemoryRawArchive();
    const first = await archive.put(payload('<rss/>', '2024-06-13T01:00:00.000Z'));
    const again = await archive.put(payload('<rss/>', '2024-06-14T01:00:00.000Z'));
    expect(first.created).toBe(true);
    expect(first.key).toMatch(/^raw\/antara\/2024\/06\/13\/[0-9a-f]{64}\.xml\.gz$/);
    expect(again).toEqual({ key: first.key, created: false });
    expect(archive.objects.size).toBe(1);
  });

  it('fails the next put when told to, and works again after (S3 outage)', async () => {
    const archive = new MemoryRawArchive();
    archive.failNextPut = new Error('S3 is down');
    await expect(archive.put(payload('<rss/>', '2024-06-13T01:00:00.000Z'))).rejects.toBeInstanceOf(StorageError);
    expect(archive.objects.size).toBe(0);
    expect((await archive.put(payload('<rss/>', '2024-06-13T01:00:00.000Z'))).created).toBe(true);
  });

  it('lists oldest first within a partner and a fetch-time range, and keeps failures beside payloads', async () => {
    const archive = new MemoryRawArchive();
    const b = await archive.put(payload('b', '2024-06-14T01:00:00.000Z'));
    const a = await archive.put(payload('a', '2024-06-13T01:00:00.000Z'));
    await archive.put(payload('c', '2024-06-13T02:00:00.000Z', 'tempo'));
    const listed: string[] = [];
    for await (const info of archive.list({ partnerId: 'antara', since: new Date('2024-06-13T00:00:00.000Z') })) listed.push(info.key);
    expect(listed).toEqual([a.key, b.key]);
    await archive.recordFailure(a.key, 'not a feed');
    expect(archive.failures.get(a.key)).toBe('not a feed');
    expect(new TextDecoder().decode((await archive.get(a.key)).body)).toBe('a');
  });
});

describe('memory state stores', () => {
  it('returns partner state as stored, and copies so callers cannot change it in place', async () => {
    const store = new MemoryPartnerStateStore();
    const state = { partnerId: 'antara', consecutiveFailures: 2, circuit: 'open' as const, etag: '"v1"' };
    await store.put(state);
    state.consecutiveFailures = 99;
    expect(await store.get('antara')).toEqual({ partnerId: 'antara', consecutiveFailures: 2, circuit: 'open', etag: '"v1"' });
    expect(await store.get('tempo')).toBeUndefined();
  });

  it('lists a partner\'s runs newest first', async () => {
    const runs = new MemoryIngestionRunStore();
    const run = (runId: string, startedAt: string, partnerId = 'antara'): IngestionSummary => ({
      partnerId, runId, startedAt, fetched: true, notModified: false, new: 1, updated: 0, unchanged: 0, failed: 0, skippedItems: 0, warnings: [],
    });
    await runs.record(run('r1', '2024-06-13T01:00:00.000Z'));
    await runs.record(run('r3', '2024-06-13T03:00:00.000Z'));
    await runs.record(run('t1', '2024-06-13T04:00:00.000Z', 'tempo'));
    await runs.record(run('r2', '2024-06-13T02:00:00.000Z'));
    expect((await runs.listRecent('antara', 2)).map((r) => r.runId)).toEqual(['r3', 'r2']);
  });
});
