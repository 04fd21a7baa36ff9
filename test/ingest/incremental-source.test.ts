import { describe, expect, it, vi } from 'vitest';
import { ingestPartner, type IngestDeps } from '../../shared/ingest/ingest-partner.js';
import { MemoryArticleStore, MemoryPartnerStateStore, MemoryRawArchive } from '../../shared/adapters/memory.js';
import { MemoryItemHashStore } from '../../shared/adapters/memory-item-hash-store.js';
import { partnerSchema } from '../../shared/model/partner.js';
import type { FetchResult } from '../../shared/ports.js';
import { readFeed } from '../../shared/formats/index.js';
import { normalizerFingerprint, rawItemHashes } from '../../shared/normalize/item-hash.js';

// Counted seams: items read into WireItems (FeedReading.read) and items normalized into articles.
const counts = vi.hoisted(() => ({ read: 0, normalized: 0 }));
vi.mock(import('../../shared/formats/index.js'), async (load) => {
  const mod = await load();
  return {
    ...mod,
    openFeed: (...args: Parameters<typeof mod.openFeed>) => {
      const reading = mod.openFeed(...args);
      return {
        ...reading,
        read: (i: number) => {
          counts.read++;
          return reading.read(i);
        },
      };
    },
  };
});
vi.mock(import('../../shared/normalize/index.js'), async (load) => {
  const mod = await load();
  return {
    ...mod,
    normalizeFeedReport: (...args: Parameters<typeof mod.normalizeFeedReport>) => {
      const report = mod.normalizeFeedReport(...args);
      counts.normalized += report.articles.length;
      return report;
    },
  };
});

normalizerFingerprint();

type Item = [guid: string, title: string, body: string];
const story = (n: number): Item => [`s${n}`, `Story number ${n}`, `The text of story number ${n}, as the wire sent it.`];
const rss = (items: Item[], channel: { language?: string; base?: string; build?: string } = {}) =>
  new TextEncoder().encode(
    `<rss version="2.0"><channel${channel.base ? ` xml:base="${channel.base}"` : ''}><title>P</title><link>https://p.example/</link><language>${channel.language ?? 'en'}</language><lastBuildDate>${channel.build ?? 'Thu, 13 Jun 2024 10:00:00 GMT'}</lastBuildDate>${items
      .map(([g, t, b]) => `<item><guid isPermaLink="false">${g}</guid><title>${t}</title><link>${g}.html</link><description>${b}</description><pubDate>Thu, 13 Jun 2024 09:00:00 GMT</pubDate></item>`)
      .join('')}</channel></rss>`,
  );

function world(itemHashes = new MemoryItemHashStore()) {
  const partner = partnerSchema.parse({ id: 'p', name: 'P', feedUrl: 'https://p.example/rss' });
  let body: Uint8Array = new Uint8Array();
  let now = Date.parse('2024-06-13T10:00:00.000Z');
  const articles = new MemoryArticleStore();
  const deps: IngestDeps = {
    fetcher: { fetch: async (): Promise<FetchResult> => ({ status: 'ok', url: partner.feedUrl, body, httpStatus: 200 }) },
    archive: new MemoryRawArchive(),
    articles,
    clusters: articles,
    partnerStates: new MemoryPartnerStateStore(),
    itemHashes,
    clock: { now: () => new Date(now) },
    maxFeedBytes: 1e6,
    circuitFailureThreshold: 5,
  };
  const poll = async (doc: Uint8Array) => {
    body = doc;
    now += 5 * 60_000;
    const before = { ...counts };
    const summary = await ingestPartner(partner, deps, { force: true });
    return { summary, read: counts.read - before.read, normalized: counts.normalized - before.normalized };
  };
  const byGuid = (guid: string) => [...articles.articles.values()].find((a) => a.guid === guid)!;
  return { poll, byGuid, itemHashes };
}

describe('incremental ingestion by item source', () => {
  it('does not read an unchanged item into a WireItem: a steady poll reads only the new one', async () => {
    const w = world();
    const first = await w.poll(rss([1, 2, 3, 4].map(story)));
    expect(first.read).toBe(4);
    const again = await w.poll(rss([story(5), ...[1, 2, 3, 4].map(story)], { build: 'Thu, 13 Jun 2024 10:05:00 GMT' }));
    expect(again.read).toBe(1);
    expect(again.normalized).toBe(1);
    expect(again.summary).toMatchObject({ new: 1, updated: 0, unchanged: 4 });
  });

  it('re-normalizes exactly the item with a byte changed inside it, and versions it', async () => {
    const w = world();
    await w.poll(rss([1, 2, 3].map(story)));
    const edited: Item = ['s2', 'Story number 2', 'The text of story number 2, as the wire sent it!'];
    const again = await w.poll(rss([story(1), edited, story(3)]));
    expect(again.read).toBe(1);
    expect(again.normalized).toBe(1);
    expect(again.summary).toMatchObject({ new: 0, updated: 1, unchanged: 2 });
    expect(w.byGuid('s2')).toMatchObject({ version: 2, bodyText: 'The text of story number 2, as the wire sent it!' });
    expect(w.byGuid('s1').version).toBe(1);
  });

  it.each([
    ['the channel language', { language: 'id' }],
    ['the channel xml:base', { base: 'https://p.example/other/' }],
  ])('re-normalizes every item when %s changes', async (_name, channel) => {
    const w = world();
    await w.poll(rss([1, 2, 3].map(story)));
    const again = await w.poll(rss([1, 2, 3].map(story), channel));
    expect(again.read).toBe(3);
    expect(again.normalized).toBe(3);
  });

  it('reads every item once after a map stored by the guid-keyed version, without a version bump', async () => {
    const hashes = new MemoryItemHashStore();
    const w = world(hashes);
    const doc = rss([1, 2, 3].map(story));
    await w.poll(doc);
    // What the older version stored: guid key -> hash of the item as read.
    const old = rawItemHashes(readFeed(doc, { url: 'https://p.example/rss' }), { partnerId: 'p', fetchUrl: 'https://p.example/rss' });
    await hashes.put('p', new Map(old.map((h) => [h!.key, h!.hash])));
    const once = await w.poll(rss([1, 2, 3].map(story), { build: 'later' }));
    expect(once.normalized).toBe(3);
    expect(once.summary).toMatchObject({ new: 0, updated: 0, unchanged: 3 });
    expect(w.byGuid('s1').version).toBe(1);
    const then = await w.poll(rss([1, 2, 3].map(story), { build: 'later still' }));
    expect(then.read).toBe(0);
    expect(then.normalized).toBe(0);
  });

  it('normalizes again, every poll, items repeating a guid, even when unchanged', async () => {
    const w = world();
    const doc = rss([story(1), story(2), ['s1', 'Story number 1 again', 'Another text under the same guid.']]);
    await w.poll(doc);
    const again = await w.poll(rss([story(1), story(2), ['s1', 'Story number 1 again', 'Another text under the same guid.']], { build: 'later' }));
    expect(again.read).toBe(2);
    expect(again.normalized).toBe(2);
  });
});
