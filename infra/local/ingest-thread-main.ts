import { parentPort, workerData } from 'node:worker_threads';
import type { SQSEvent } from 'aws-lambda';
import { createIngestHandler } from '../../functions/ingest/ingest-handler.js';
import { createRuntime } from '../../shared/adapters/runtime.js';
import { describeError } from '../../shared/errors.js';
import { dispatchDuePartners } from '../../shared/ingest/dispatch.js';
import { formatSummary } from '../../shared/ingest/ingest-partners.js';
import type { IngestionSummary, QueuedIngestRequest } from '../../shared/ports.js';
import type { IngestThreadData, IngestThreadReply, IngestThreadRequest } from './ingest-thread.js';
import { localDynamoClient, localS3Client, LOCAL_REGION } from './services.js';

/**
 * The local stack's ingestion, in a worker thread of its own: the dispatch use case and the real ingest worker
 * handler, wired by the same composition root over their own clients. Parsing a partner's document is
 * synchronous work; here it can never hold up the publish API, which keeps the main thread to itself.
 */
const data = workerData as IngestThreadData;
const port = parentPort!;
const runtime = createRuntime(data.config, {
  clients: { dynamo: localDynamoClient(data.endpoints.dynamodb), s3: localS3Client(data.endpoints.s3) },
  secretsEnv: data.secretsEnv,
});
const log = (line: string) => port.postMessage({ kind: 'log', line } satisfies IngestThreadReply);
let summaries: IngestionSummary[] = [];
const ingest = createIngestHandler(
  runtime.ingest(),
  (summary) => {
    summaries.push(summary);
    log(formatSummary(summary));
  },
  (message) => log(`ingest: ${message}`),
);

async function requestsFor(force: boolean): Promise<object[]> {
  if (force) return (await runtime.partners().list()).filter((p) => p.enabled).map((p) => ({ partnerId: p.id, force: true }));
  // The local queue hands the dispatched requests straight to the worker: SQS without the network.
  const queued: QueuedIngestRequest[] = [];
  await dispatchDuePartners(runtime.dispatch({ enqueue: async (batch) => (queued.push(...batch), { failedPartnerIds: [] }) }));
  return queued.map((q) => q.request);
}

port.on('message', (request: IngestThreadRequest) => {
  void (async () => {
    try {
      summaries = [];
      const requests = await requestsFor(request.force);
      if (requests.length > 0) await ingest(sqsEventFor(requests));
      port.postMessage({ kind: 'done', id: request.id, summaries } satisfies IngestThreadReply);
    } catch (error) {
      port.postMessage({ kind: 'failed', id: request.id, error: describeError(error) } satisfies IngestThreadReply);
    }
  })();
});

/** The SQS event the ingest worker receives for these requests: one message per partner. */
function sqsEventFor(requests: object[]): SQSEvent {
  return {
    Records: requests.map((request, i) => ({
      messageId: `local-${Date.now()}-${i}`,
      receiptHandle: 'local',
      body: JSON.stringify(request),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:wirefeed-ingest',
      awsRegion: LOCAL_REGION,
    })),
  };
}
