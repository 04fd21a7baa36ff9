import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestPartner, type IngestDeps } from '../../shared/ingest/ingest-partner.js';
import { MemoryArticleStore, MemoryPartnerStateStore, MemoryRawArchive } from '../../shared/adapters/memory.js';
import { partnerSchema } from '../../shared/model/partner.js';
import type { Article } from '../../shared/model/article.js';
import type { FetchResult } from '../../shared/ports.js';

interface Story {
  id: string;
  title: string;
  publishedAt: string;
  paragraphs?: string[];
}
const fixture = JSON.parse(readFileSync('test/fixtures/normalize/duplicates.json', 'utf8')) as { stories: Story[] };
const story = (id: string) => fixture.stories.find((s) => s.id === id)!;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function rssOf(items: Array<{ guid: string; title: string; publishedAt: string; paragraphs: string[] }>): Uint8Array {
  const body = items
    .map(
      (i) => `<item><title>${escape(i.title)}</title><link>https://p.example/${i.guid}</link><guid isPermaLink="false">${i.guid}</guid>
<pubDate>${new Date(i.publishedAt).toUTCString()}</pubDate><description>${escape(i.paragraphs.map((p) => `<p>${escape(p)}</p>`).join(''))}</description></item>`,
    )
    .join('');
  return new TextEncoder().encode(`<rss version="2.0"><channel><title>P</title><link>https://p.example/</link><language>en</language>${body}</channel></rss>`);
}

function world(now: string) {
  const articles = new MemoryArticleStore();
  const partnerStates = new MemoryPartnerStateStore();
  const archive = new MemoryRawArchive();
  const ingest = async (partnerId: string, body: Uint8Array) => {
    const partner = partnerSchema.parse({ id: partnerId, name: partnerId, feedUrl: `https://${partnerId}.example/rss` });
    const answer: FetchResult = { status: 'ok', url: partner.feedUrl, body, httpStatus: 200 };
    const deps: IngestDeps = {
      fetcher: { fetch: async () => answer },
      archive,
      articles,
      clusters: articles,
      partnerStates,
      clock: { now: () => new Date(now) },
      maxFeedBytes: 1e6,
      circuitFailureThreshold: 5,
    };
    return ingestPartner(partner, deps, { force: true });
  };
  const byGuid = (guid: string): Article => [...articles.articles.values()].find((a) => a.guid === guid)!;
  return { ingest, byGuid };
}

describe('near-duplicate clusters at ingestion', () => {
  const original = story('fed-reuters');
  const paragraphs = original.paragraphs!;

  it('puts a syndicated copy from another partner in the cluster of the wire original', async () => {
    const { ingest, byGuid } = world('2024-06-13T12:00:00.000Z');
    await ingest('reuters', rssOf([{ guid: 'fed-1', title: original.title, publishedAt: original.publishedAt, paragraphs }]));
    await ingest(
      'yahoo',
      rssOf([{ guid: 'y-77', title: 'Fed stands pat, sees a single cut', publishedAt: original.publishedAt, paragraphs: ['(Reuters)', ...paragraphs] }]),
    );
    const wire = byGuid('fed-1');
    const copy = byGuid('y-77');
    expect(wire.clusterId).toBe(wire.id);
    expect(copy.clusterId).toBe(wire.id);
  });

  it('keeps a different story on the same topic in a cluster of its own', async () => {
    const other = story('fed-minutes');
    const { ingest, byGuid } = world('2024-06-13T12:00:00.000Z');
    await ingest('reuters', rssOf([{ guid: 'fed-1', title: original.title, publishedAt: original.publishedAt, paragraphs }]));
    await ingest('reuters2', rssOf([{ guid: 'min-1', title: other.title, publishedAt: other.publishedAt, paragraphs: other.paragraphs! }]));
    expect(byGuid('min-1').clusterId).toBe(byGuid('min-1').id);
    expect(byGuid('min-1').clusterId).not.toBe(byGuid('fed-1').clusterId);
  });

  it('does not join a copy published outside the time window', async () => {
    const { ingest, byGuid } = world('2024-06-20T12:00:00.000Z');
    await ingest('reuters', rssOf([{ guid: 'fed-1', title: original.title, publishedAt: original.publishedAt, paragraphs }]));
    const weekLater = new Date(Date.parse(original.publishedAt) + 7 * 86_400_000).toISOString();
    await ingest('yahoo', rssOf([{ guid: 'late', title: original.title, publishedAt: weekLater, paragraphs }]));
    expect(byGuid('late').clusterId).toBe(byGuid('late').id);
  });

  it('clusters two copies that arrive in the same feed document', async () => {
    const { ingest, byGuid } = world('2024-06-13T12:00:00.000Z');
    await ingest(
      'aggregator',
      rssOf([
        { guid: 'a', title: original.title, publishedAt: original.publishedAt, paragraphs },
        { guid: 'b', title: `UPDATE 1-${original.title}`, publishedAt: original.publishedAt, paragraphs },
      ]),
    );
    expect(byGuid('b').clusterId).toBe(byGuid('a').id);
  });
});
