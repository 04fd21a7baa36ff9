import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SQSEvent } from 'aws-lambda';
import { createIngestHandler } from '../../../functions/ingest/ingest-handler.js';
import { HttpFeedFetcher } from '../../../shared/adapters/http/fetcher.js';
import { MemoryArticleStore, MemoryPartnerStateStore, MemoryRawArchive } from '../../../shared/adapters/memory.js';
import type { IngestRuntime } from '../../../shared/adapters/runtime.js';
import { partnerSchema } from '../../../shared/model/partner.js';
import type { IngestionSummary } from '../../../shared/ports.js';
import { behave, startMisbehavingPartner, type MisbehavingPartner } from '../../support/misbehaving-partner.js';

/**
 * Issue 13 point 1, the ingestion side: a partner whose item holds 40,000 nested `<x>` (274 KB; it took 3.8 s
 * before the HTML pre-pass, 160,000 overflowed the stack after two minutes) arrives in one SQS batch with a
 * healthy partner. The hostile document is refused with the typed error, recorded as that partner's failure with
 * its raw copy kept; the healthy partner in the same batch is ingested.
 */
const rss = (title: string, description: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://${title}.example/</link><description>d</description>` +
  `<item><guid isPermaLink="false">${title}-1</guid><title>${title} story</title><link>https://${title}.example/1</link>` +
  `<description><![CDATA[${description}]]></description></item></channel></rss>`;

describe('an ingest batch with a hostile partner', () => {
  let server: MisbehavingPartner;
  beforeAll(async () => {
    server = await startMisbehavingPartner();
    server.on('/nested.xml', behave.feed(rss('hostile', `${'<x>'.repeat(40_000)}deep${'</x>'.repeat(40_000)}`)));
    server.on('/healthy.xml', behave.feed(rss('healthy', '<p>A perfectly ordinary story, told in one paragraph.</p>')));
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses the deeply nested document with the typed error, keeps its raw copy, and ingests the other partner', async () => {
    const partners = [
      partnerSchema.parse({ id: 'hostile', name: 'Hostile', feedUrl: server.url('/nested.xml'), local: true }),
      partnerSchema.parse({ id: 'healthy', name: 'Healthy', feedUrl: server.url('/healthy.xml'), local: true }),
    ];
    const archive = new MemoryRawArchive();
    const articles = new MemoryArticleStore();
    const partnerStates = new MemoryPartnerStateStore();
    const runtime: IngestRuntime = {
      directory: { list: async () => partners },
      deps: {
        fetcher: new HttpFeedFetcher({
          allowLocalPartners: true,
          contactUrl: 'https://wirefeed.example/contact',
          connectTimeoutMs: 2_000,
          totalTimeoutMs: 10_000,
          maxBytes: 20 * 1024 * 1024,
        }),
        archive,
        articles,
        partnerStates,
        clock: { now: () => new Date() },
        maxFeedBytes: 20 * 1024 * 1024,
        circuitFailureThreshold: 5,
      },
    };
    const summaries: IngestionSummary[] = [];
    const handler = createIngestHandler(runtime, (s) => summaries.push(s), () => {});
    const event = {
      Records: partners.map((p, i) => ({ messageId: `m${i}`, body: JSON.stringify({ partnerId: p.id, force: true }) })),
    } as unknown as SQSEvent;

    // A handled outcome, not a retry: no batch item failure for either message.
    expect(await handler(event)).toEqual({ batchItemFailures: [] });

    const hostile = summaries.find((s) => s.partnerId === 'hostile')!;
    expect(hostile).toMatchObject({ fetched: true, new: 0, failed: 1 });
    expect(hostile.error).toMatch(/^partner "hostile": .*nested more than 512 deep/);
    expect(hostile.errorType).toBe('UnsafeHtmlError');
    expect((await partnerStates.get('hostile'))!.lastError).toBe(hostile.error);
    expect(archive.objects.has(hostile.rawKey!)).toBe(true);
    expect(archive.failures.get(hostile.rawKey!)).toMatch(/nested more than 512 deep/);

    expect(summaries.find((s) => s.partnerId === 'healthy')).toMatchObject({ fetched: true, new: 1, failed: 0 });
    expect([...articles.articles.values()].map((a) => a.partnerId)).toEqual(['healthy']);
  });

  it('refuses a document that takes longer than the normalize time budget, measured on the ingestion clock', async () => {
    const many = `<?xml version="1.0"?><rss version="2.0"><channel><title>slow</title><link>https://slow.example/</link><description>d</description>${Array.from(
      { length: 5 },
      (_, i) => `<item><guid isPermaLink="false">s-${i}</guid><title>Story ${i}</title><description>Text of story ${i}.</description></item>`,
    ).join('')}</channel></rss>`;
    const partner = partnerSchema.parse({ id: 'slow', name: 'Slow', feedUrl: 'https://slow.example/rss' });
    // Each reading of the clock is a second later: the budget of 2.5 s runs out after the second item.
    let tick = Date.parse('2024-06-13T03:00:00.000Z');
    const archive = new MemoryRawArchive();
    const runtime: IngestRuntime = {
      directory: { list: async () => [partner] },
      deps: {
        fetcher: { fetch: async (p) => ({ status: 'ok', url: p.feedUrl, body: new TextEncoder().encode(many), httpStatus: 200 }) },
        archive,
        articles: new MemoryArticleStore(),
        partnerStates: new MemoryPartnerStateStore(),
        clock: { now: () => new Date((tick += 1_000)) },
        maxFeedBytes: 1e6,
        circuitFailureThreshold: 5,
        normalizeTimeBudgetMs: 2_500,
      },
    };
    const summaries: IngestionSummary[] = [];
    await createIngestHandler(runtime, (s) => summaries.push(s), () => {})({
      Records: [{ messageId: 'm0', body: JSON.stringify({ partnerId: 'slow', force: true }) }],
    } as unknown as SQSEvent);
    expect(summaries[0]).toMatchObject({ partnerId: 'slow', failed: 1, errorType: 'UnsafeHtmlError' });
    expect(summaries[0]!.error).toMatch(/over its 2500 ms time budget \(stopped before item \d\)/);
    // Named once, as every other error of a run names it, not "partner "slow": partner slow: …".
    expect(summaries[0]!.error).toMatch(/^partner "slow": normalizing the document/);
    expect(archive.failures.get(summaries[0]!.rawKey!)).toMatch(/time budget/);
  });
});
