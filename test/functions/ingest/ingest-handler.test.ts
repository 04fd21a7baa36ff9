import { describe, expect, it } from 'vitest';
import type { SQSEvent } from 'aws-lambda';
import { partnerSchema } from '../../../shared/model/partner.js';
import { MemoryArticleStore, MemoryPartnerStateStore, MemoryRawArchive } from '../../../shared/adapters/memory.js';
import type { IngestRuntime } from '../../../shared/adapters/runtime.js';
import type { IngestionSummary, PartnerState } from '../../../shared/ports.js';

// These tests drive the handler factory with in-memory ports (the handler module wires AWS at import).
import { createIngestHandler } from '../../../functions/ingest/ingest-handler.js';

const partners = [
  partnerSchema.parse({ id: 'kontan', name: 'K', feedUrl: 'https://k.example/rss' }),
  partnerSchema.parse({ id: 'paused', name: 'P', feedUrl: 'https://p.example/rss', enabled: false }),
];
const rss = new TextEncoder().encode(
  '<rss version="2.0"><channel><title>K</title><link>https://k.example/</link><item><guid>g1</guid><title>One</title><link>https://k.example/1</link><description>Body text.</description></item></channel></rss>',
);

function runtime(overrides: { failStateWrites?: boolean } = {}) {
  const partnerStates = new MemoryPartnerStateStore();
  if (overrides.failStateWrites) partnerStates.put = async (_s: PartnerState) => Promise.reject(new Error('DynamoDB is unavailable'));
  const fetches: string[] = [];
  const value: IngestRuntime = {
    directory: { list: async () => partners },
    deps: {
      fetcher: {
        fetch: async (p) => {
          fetches.push(p.id);
          return { status: 'ok', url: p.feedUrl, body: rss, httpStatus: 200 };
        },
      },
      archive: new MemoryRawArchive(),
      articles: new MemoryArticleStore(),
      partnerStates,
      clock: { now: () => new Date('2024-06-13T03:00:00.000Z') },
      maxFeedBytes: 1e6,
      circuitFailureThreshold: 5,
    },
  };
  return { value, fetches, partnerStates };
}

const event = (...bodies: string[]): SQSEvent =>
  ({ Records: bodies.map((body, i) => ({ messageId: `m${i}`, body })) }) as unknown as SQSEvent;

describe('ingest worker handler', () => {
  it('ingests the partner named by each message and reports its summary', async () => {
    const { value, fetches } = runtime();
    const summaries: IngestionSummary[] = [];
    const handler = createIngestHandler(Promise.resolve(value), (s) => summaries.push(s), () => {});
    const response = await handler(event('{"partnerId":"kontan"}'));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(fetches).toEqual(['kontan']);
    expect(summaries[0]).toMatchObject({ partnerId: 'kontan', new: 1, failed: 0 });
  });

  it('returns only the malformed message as a batch item failure, so the others are not retried', async () => {
    const { value, fetches } = runtime();
    const errors: string[] = [];
    const handler = createIngestHandler(Promise.resolve(value), () => {}, (m, id) => errors.push(`${id}: ${m}`));
    const response = await handler(event('not json', '{"partnerId":"kontan"}', '{"nope":1}'));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }, { itemIdentifier: 'm2' }]);
    expect(fetches).toEqual(['kontan']);
    expect(errors).toHaveLength(2);
  });

  it('drops messages for partners removed or disabled since they were enqueued, without retrying them', async () => {
    const { value, fetches } = runtime();
    const handler = createIngestHandler(Promise.resolve(value), () => {}, () => {});
    const response = await handler(event('{"partnerId":"gone"}', '{"partnerId":"paused"}'));
    expect(response.batchItemFailures).toEqual([]);
    expect(fetches).toEqual([]);
  });

  it('skips a partner that is not due, unless the message says force', async () => {
    const { value, fetches } = runtime();
    const handler = createIngestHandler(Promise.resolve(value), () => {}, () => {});
    await handler(event('{"partnerId":"kontan"}'));
    await handler(event('{"partnerId":"kontan"}'));
    expect(fetches).toEqual(['kontan']);
    await handler(event('{"partnerId":"kontan","force":true}'));
    expect(fetches).toEqual(['kontan', 'kontan']);
  });

  it('reports a message whose partner state cannot be stored as a failure, so SQS retries it and then dead-letters it', async () => {
    const { value } = runtime({ failStateWrites: true });
    const handler = createIngestHandler(Promise.resolve(value), () => {}, () => {});
    const response = await handler(event('{"partnerId":"kontan"}'));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }]);
  });
});
