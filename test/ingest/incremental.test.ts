import { describe, expect, it, vi } from 'vitest';
import { ingestPartner, type IngestDeps } from '../../shared/ingest/ingest-partner.js';
import { replayRawCopies } from '../../shared/ingest/replay.js';
import { MemoryArticleStore, MemoryPartnerStateStore, MemoryRawArchive } from '../../shared/adapters/memory.js';
import { MemoryItemHashStore } from '../../shared/adapters/memory-item-hash-store.js';
import { partnerSchema } from '../../shared/model/partner.js';
import type { FetchResult, ItemHashStore } from '../../shared/ports.js';
import { normalizerFingerprint } from '../../shared/normalize/item-hash.js';

// The normalize step, counted: how many items each call normalized into articles.
const normalized = vi.hoisted(() => ({ items: 0 }));
vi.mock(import('../../shared/normalize/index.js'), async (load) => {
  const mod = await load();
  return {
    ...mod,
    normalizeFeedReport: (...args: Parameters<typeof mod.normalizeFeedReport>) => {
      const report = mod.normalizeFeedReport(...args);
      normalized.items += report.articles.length;
      return report;
    },
    normalizeFeed: (...args: Parameters<typeof mod.normalizeFeed>) => {
      const articles = mod.normalizeFeed(...args);
      normalized.items += articles.length;
      return articles;
    },
  };
});

// The normalizer's own fingerprint normalizes a probe document once per process: not part of any poll.
normalizerFingerprint();

type Item = [guid: string, title: string, body: string];
const rss = (items: Item[], build = 'Thu, 13 Jun 2024 10:00:00 GMT') =>
  new TextEncoder().encode(
    `<rss version="2.0"><channel><title>P</title><link>https://p.example/</link><language>en</language><lastBuildDate>${build}</lastBuildDate>${items
      .map(([g, t, b]) => `<item><guid isPermaLink="false">${g}</guid><title>${t}</title><link>https://p.example/${g}</link><description>${b}</description><pubDate>Thu, 13 Jun 2024 09:00:00 GMT</pubDate></item>`)
      .join('')}</channel></rss>`,
  );
const story = (n: number): Item => [`s${n}`, `Story number ${n}`, `The text of story number ${n}, as the wire sent it.`];

function world(itemHashes: ItemHashStore | null = new MemoryItemHashStore()) {
  const partner = partnerSchema.parse({ id: 'p', name: 'P', feedUrl: 'https://p.example/rss' });
  let body: Uint8Array = new Uint8Array();
  let now = Date.parse('2024-06-13T10:00:00.000Z');
  const articles = new MemoryArticleStore();
  const archive = new MemoryRawArchive();
  const deps: IngestDeps = {
    fetcher: { fetch: async (): Promise<FetchResult> => ({ status: 'ok', url: partner.feedUrl, body, httpStatus: 200 }) },
    archive,
    articles,
    clusters: articles,
    partnerStates: new MemoryPartnerStateStore(),
    itemHashes: itemHashes ?? undefined,
    clock: { now: () => new Date(now) },
    maxFeedBytes: 1e6,
    circuitFailureThreshold: 5,
  };
  const poll = async (doc: Uint8Array) => {
    body = doc;
    now += 5 * 60_000;
    const before = normalized.items;
    const summary = await ingestPartner(partner, deps, { force: true });
    return { summary, normalized: normalized.items - before };
  };
  const byGuid = (guid: string) => [...articles.articles.values()].find((a) => a.guid === guid)!;
  return { poll, byGuid, articles, archive, partner, deps };
}

describe('incremental ingestion', () => {
  it('normalizes only the new and the changed item of a poll; the unchanged ones cost a hash compare', async () => {
    const w = world();
    const first = await w.poll(rss([1, 2, 3, 4, 5].map(story)));
    expect(first.normalized).toBe(5);
    const changed: Item = ['s3', 'Story number 3 (corrected)', 'The corrected text of story number 3.'];
    const second = await w.poll(rss([story(6), story(1), story(2), changed, story(4), story(5)], 'Thu, 13 Jun 2024 10:05:00 GMT'));
    expect(second.normalized).toBe(2);
    expect(second.summary).toMatchObject({ new: 1, updated: 1, unchanged: 4 });
    expect(w.byGuid('s3')).toMatchObject({ version: 2, title: 'Story number 3 (corrected)' });
    expect(w.byGuid('s6').version).toBe(1);
  });

  it('normalizes an item again when it changes back, and versions it again', async () => {
    const w = world();
    await w.poll(rss([story(1)]));
    await w.poll(rss([['s1', 'Story number 1', 'Edited once.']], 'b'));
    const back = await w.poll(rss([story(1)], 'c'));
    expect(back.normalized).toBe(1);
    expect(w.byGuid('s1')).toMatchObject({ version: 3, bodyText: 'The text of story number 1, as the wire sent it.' });
  });

  it('normalizes every item when no item hash store is wired, as before', async () => {
    const w = world(null);
    await w.poll(rss([1, 2, 3].map(story)));
    const again = await w.poll(rss([1, 2, 3].map(story), 'later'));
    expect(again.normalized).toBe(3);
    expect(again.summary).toMatchObject({ new: 0, updated: 0, unchanged: 3 });
  });

  it('still reports an item that normalization leaves out, on every poll', async () => {
    const w = world();
    const noTitle: Item = ['bad', '', ''];
    await w.poll(rss([story(1), noTitle]));
    const again = await w.poll(rss([story(1), noTitle], 'later'));
    expect(again.summary.warnings.some((line) => /^item 2\b.*skipped/.test(line))).toBe(true);
  });

  it('treats a failed write of the hashes as a warning: the articles are stored and the next poll normalizes again', async () => {
    const hashes = new MemoryItemHashStore();
    const w = world({ get: (id) => hashes.get(id), put: async () => { throw new Error('throttled'); } });
    const first = await w.poll(rss([1, 2].map(story)));
    expect(first.summary.error).toBeUndefined();
    expect(first.summary.new).toBe(2);
    expect(first.summary.warnings.some((line) => line.includes('throttled'))).toBe(true);
    expect((await w.poll(rss([1, 2].map(story), 'later'))).normalized).toBe(2);
  });

  it('leaves replay to re-normalize every item of every raw copy with today\'s code', async () => {
    const w = world();
    await w.poll(rss([1, 2, 3].map(story)));
    await w.poll(rss([story(4), ...[1, 2, 3].map(story)], 'later'));
    const before = normalized.items;
    const counts = await replayRawCopies({}, { archive: w.archive, articles: w.articles, clusters: w.articles, clock: w.deps.clock, partners: [w.partner], maxFeedBytes: 1e6 });
    expect(normalized.items - before).toBe(7);
    expect(counts).toMatchObject({ read: 2, new: 0, updated: 0, unchanged: 7 });
  });
});
