import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDispatchHandler } from '../../../functions/dispatch/dispatch-handler.js';
import { SqsIngestQueue } from '../../../shared/adapters/sqs-ingest-queue.js';
import type { QueuedIngestRequest } from '../../../shared/ingest/dispatch.js';
import { isDue } from '../../../shared/ingest/partner-health.js';
import { partnerSchema } from '../../../shared/model/partner.js';

const sqsMock = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/ingest.fifo';

afterEach(() => {
  sqsMock.reset();
  vi.restoreAllMocks();
});

const request = (partnerId: string): QueuedIngestRequest => ({
  request: { partnerId, dueAt: '2026-03-02T10:00:00.000Z', dispatchedAt: '2026-03-02T10:00:05.000Z' },
  deduplicationId: `${partnerId}@2026-03-02T10:00:00.000Z`,
});

describe('SqsIngestQueue', () => {
  it('sends one FIFO message per partner, grouped by partner, in batches of ten', async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const queue = new SqsIngestQueue(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL);
    const ids = Array.from({ length: 23 }, (_, i) => `p${i}`);
    const result = await queue.enqueue(ids.map(request));
    expect(result.failedPartnerIds).toEqual([]);
    const calls = sqsMock.commandCalls(SendMessageBatchCommand);
    expect(calls.map((c) => c.args[0].input.Entries!.length)).toEqual([10, 10, 3]);
    const first = calls[0]!.args[0].input.Entries![0]!;
    expect(first).toEqual({
      Id: '0',
      MessageBody: JSON.stringify(request('p0').request),
      MessageGroupId: 'p0',
      MessageDeduplicationId: 'p0@2026-03-02T10:00:00.000Z',
    });
    expect(calls[0]!.args[0].input.QueueUrl).toBe(QUEUE_URL);
  });

  it('reports the partners SQS refused one by one', async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError' }],
    });
    const queue = new SqsIngestQueue(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL);
    expect(await queue.enqueue([request('a'), request('b'), request('c')])).toEqual({ failedPartnerIds: ['b'] });
  });

  it('reports a whole batch as refused when the call fails, and still sends the next batch', async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves({ Successful: [], Failed: [] });
    const queue = new SqsIngestQueue(new SQSClient({ region: 'eu-west-1', maxAttempts: 1 }), QUEUE_URL);
    const ids = Array.from({ length: 12 }, (_, i) => `p${i}`);
    const result = await queue.enqueue(ids.map(request));
    expect(result.failedPartnerIds).toEqual(ids.slice(0, 10));
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
  });
});

describe('dispatch handler', () => {
  const partners = [
    partnerSchema.parse({ id: 'kontan', name: 'Kontan', feedUrl: 'https://kontan.example/rss' }),
    partnerSchema.parse({ id: 'meridian', name: 'Meridian', feedUrl: 'https://meridian.example/rss' }),
  ];

  it('enqueues due partners, emits the tick metrics in EMF and logs one line', async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const metrics = new Metrics({ namespace: 'Wirefeed', serviceName: 'wirefeed-dispatch' });
    const logger = new Logger({ serviceName: 'wirefeed-dispatch' });
    const info = vi.spyOn(logger, 'info');
    const handler = createDispatchHandler(
      Promise.resolve({
        partners: { list: async () => partners },
        states: {
          get: async (id: string) =>
            id === 'meridian'
              ? { partnerId: id, consecutiveFailures: 0, circuit: 'closed' as const, nextPollAt: '2026-03-02T10:03:00.000Z', lastSuccessAt: '2026-03-02T09:58:00.000Z' }
              : undefined,
          put: async () => {},
        },
        queue: new SqsIngestQueue(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL),
        clock: { now: () => new Date('2026-03-02T10:00:00.000Z') },
        isDue,
      }),
      { logger, metrics },
    );
    const result = await handler();
    expect(result.due).toEqual(['kontan']);
    const emf = lines.map((l) => JSON.parse(l)).find((l) => l._aws);
    expect(emf._aws.CloudWatchMetrics[0].Namespace).toBe('Wirefeed');
    expect(emf).toMatchObject({ service: 'wirefeed-dispatch', PartnersDue: 1, PartnersEnqueued: 1, EnqueueFailures: 0, MaxSilentIntervals: 0 });
    expect(info).toHaveBeenCalledWith('dispatched', expect.objectContaining({ considered: 2, due: 1, enqueued: 1 }));
  });

  it('fails the tick when the partners cannot be listed, so the Errors metric shows it', async () => {
    const handler = createDispatchHandler(Promise.reject(new Error('SSM parameter /wirefeed/partners is empty')), {
      logger: new Logger(),
      metrics: new Metrics({ namespace: 'Wirefeed' }),
    });
    await expect(handler()).rejects.toThrow(/is empty/);
  });
});
