import { randomBytes } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoArticleStore } from '../../shared/adapters/dynamo/article-store.js';
import { createTableInput } from '../../shared/adapters/dynamo/table.js';
import { MemoryPartnerStateStore, MemoryRawArchive } from '../../shared/adapters/memory.js';
import { MemoryItemHashStore } from '../../shared/adapters/memory-item-hash-store.js';
import { ingestPartner, type IngestDeps } from '../../shared/ingest/ingest-partner.js';
import { partnerSchema } from '../../shared/model/partner.js';
import type { FeedFetcher, FetchResult } from '../../shared/ports.js';
import { useLocalAws } from '../support/local-aws.js';

/**
 * A partner body may be 1 MB of HTML, and DynamoDB refuses an item over 400 KB along with the whole transaction
 * it is in: before big bodies were compressed, one long feature lost its neighbours and failed the partner's run
 * on every poll. Here, on DynamoDB Local, nothing is lost and the partner stays healthy.
 */
const aws = useLocalAws('big-articles');

const item = (guid: string, html: string) =>
  `<item><guid isPermaLink="false">${guid}</guid><title>Story ${guid}</title><link>https://p.example/${guid}</link>` +
  `<pubDate>Thu, 13 Jun 2024 09:30:00 +0700</pubDate><description><![CDATA[${html}]]></description></item>`;
const feed = (items: string[], build = '') =>
  new TextEncoder().encode(`<?xml version="1.0"?><rss version="2.0"><channel><title>P</title><link>https://p.example/</link><language>id</language>${build}${items.join('')}</channel></rss>`);

/** Answers each fetch with the next body, as a partner that ignores validators would. */
function scripted(bodies: Uint8Array[]): FeedFetcher {
  let n = 0;
  return {
    fetch: async (partner): Promise<FetchResult> => ({ status: 'ok', url: partner.feedUrl, body: bodies[n++]!, contentType: 'application/rss+xml', etag: `"v${n}"`, httpStatus: 200 }),
  };
}

async function depsFor(bodies: Uint8Array[]) {
  const table = `articles-${randomBytes(6).toString('hex')}`;
  await aws.dynamo.send(new CreateTableCommand(createTableInput(table)));
  let now = new Date('2024-06-13T03:00:00.000Z');
  const articles = new DynamoArticleStore(aws.dynamo, table, { clock: { now: () => now }, retry: { sleep: async () => {} } });
  const deps: IngestDeps = {
    fetcher: scripted(bodies),
    archive: new MemoryRawArchive(),
    articles,
    partnerStates: new MemoryPartnerStateStore(),
    itemHashes: new MemoryItemHashStore(),
    clock: { now: () => now },
    maxFeedBytes: 20 * 1024 * 1024,
    circuitFailureThreshold: 5,
    random: () => 0.5,
  };
  return { deps, articles, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };
}

const partner = partnerSchema.parse({ id: 'longform', name: 'Longform', feedUrl: 'https://p.example/rss', defaultLanguage: 'id' });
const paragraph = `<p>${'Kata demi kata dalam laporan panjang tentang ekonomi Asia Tenggara. '.repeat(30)}</p>`;
const feature = paragraph.repeat(Math.ceil(700_000 / paragraph.length));

describe('ingesting articles past the 400 KB item limit', () => {
  it('stores a 700 KB feature with its neighbours, whole, and the next poll finds all three unchanged', async () => {
    const items = [item('a', '<p>Short story one.</p>'), item('long', feature), item('b', '<p>Short story two.</p>')];
    const { deps, articles, advance } = await depsFor([feed(items), feed(items, '<lastBuildDate>Thu, 13 Jun 2024 10:05:00 +0700</lastBuildDate>')]);
    const first = await ingestPartner(partner, deps, { force: true });
    expect(first).toMatchObject({ new: 3, failed: 0, skippedItems: 0 });
    const stored = (await articles.latest({ partnerId: 'longform', limit: 10 })).articles;
    expect(stored.map((a) => a.guid).sort()).toEqual(['a', 'b', 'long']);
    expect(stored.find((a) => a.guid === 'long')!.bodyHtml.length).toBeGreaterThan(690_000);
    advance(300);
    expect(await ingestPartner(partner, deps, { force: true })).toMatchObject({ new: 0, updated: 0, unchanged: 3, failed: 0 });
  });

  it('leaves out, by name, only an article too large even compressed, and the run still succeeds', async () => {
    const noise = randomBytes(450_000).toString('base64');
    const items = [item('a', '<p>Short story one.</p>'), item('noise', `<p>${noise}</p>`), item('b', '<p>Short story two.</p>')];
    const build = '<lastBuildDate>Thu, 13 Jun 2024 10:05:00 +0700</lastBuildDate>';
    const { deps, articles, advance } = await depsFor([feed(items), feed(items, build)]);
    const summary = await ingestPartner(partner, deps, { force: true });
    expect(summary).toMatchObject({ new: 2, failed: 0, skippedItems: 1 });
    expect(summary.warnings).toContainEqual(expect.stringMatching(/^article [0-9a-f]+ \(guid "noise"\) is \d+ KB, \d+ KB compressed, past DynamoDB's 400 KB item limit: not stored \(the raw copy raw\/longform\/\S+ keeps it\)$/));
    expect((await articles.latest({ partnerId: 'longform', limit: 10 })).articles.map((a) => a.guid).sort()).toEqual(['a', 'b']);
    expect((await deps.partnerStates.get('longform'))!.consecutiveFailures).toBe(0);
    // The next document with the same items: the refused one is not vouched for by its item hash, so it is named
    // again rather than counted as unchanged.
    advance(300);
    const next = await ingestPartner(partner, deps, { force: true });
    expect(next).toMatchObject({ new: 0, unchanged: 2, failed: 0, skippedItems: 1 });
    expect(next.warnings).toContainEqual(expect.stringMatching(/\(guid "noise"\) is \d+ KB/));
  });
});
