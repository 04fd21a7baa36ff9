import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import type { SQSEvent } from 'aws-lambda';
import type { IngestionSummary } from '../../shared/ports.js';
import { describeError } from '../../shared/errors.js';
import { formatSummary } from '../../shared/ingest/ingest-partners.js';
import { dispatchDuePartners, type IngestRequest, type QueuedIngestRequest } from '../../shared/ingest/dispatch.js';
import { isDue } from '../../shared/ingest/partner-health.js';
import { systemClock } from '../../shared/ports.js';
import { startLocalAws, LOCAL_CREDENTIALS, LOCAL_REGION, type LocalAws } from './services.js';
import { startSampleFeedServer, type SampleFeedServer } from './sample-feed-server.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The sample partners point at this origin; the stack rewrites it to wherever the sample server listens. */
const SAMPLE_ORIGIN_PLACEHOLDER = 'http://127.0.0.1:3001';

export interface LocalStackOptions {
  /** Port of the publishing API (default 3000). */
  port: number;
  /** Seconds between scheduled ingestions (default 60). */
  intervalSeconds: number;
  /** Folder for DynamoDB and S3 data, kept between runs. */
  dataDir: string;
  /** Port of the sample partner feed server (default: the API port + 1). */
  samplesPort?: number;
  /** Partners file (default: the bundled sample partners, served locally). */
  partnersFile?: string;
  log: (line: string) => void;
  /** Run the schedule (default true); tests tick by hand. */
  schedule?: boolean;
}

export interface LocalStack {
  apiUrl: string;
  samplesOrigin: string;
  /**
   * Runs one scheduled tick now, as in AWS: the dispatch use case picks the partners that are due and the ingest
   * worker handler gets them as one SQS batch. `force` sends every enabled partner, due or not (an operator's
   * "poll now").
   */
  tick(options?: { force?: boolean }): Promise<IngestionSummary[]>;
  stop(): Promise<void>;
}

/**
 * The whole pipeline on one machine: DynamoDB Local and s3rver in-process, the sample partner feeds on
 * localhost, the real ingest worker on a schedule and the real publish handler behind a small HTTP adapter that
 * turns requests into API Gateway events. The handlers find the local servers through the SDK's standard
 * AWS_ENDPOINT_URL_* variables, exactly as they find AWS in Lambda.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    cleanups.length = 0;
  };
  try {
    const aws: LocalAws = await startLocalAws({
      dataDir: join(dataDir, 'aws'),
      tableName: 'wirefeed-articles',
      bucketName: 'wirefeed-raw',
      log: (line) => (line.startsWith('dynamodb:') ? undefined : options.log(line)),
    });
    cleanups.push(() => aws.stop());

    const samples: SampleFeedServer = await startSampleFeedServer({
      dir: join(here, 'sample-feeds'),
      port: options.samplesPort ?? options.port + 1,
    });
    cleanups.push(() => samples.close());

    const partnersFile = options.partnersFile ?? (await writeLocalPartners(dataDir, samples.origin));
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: aws.dynamoEndpoint,
      AWS_ENDPOINT_URL_S3: aws.s3Endpoint,
      // s3rver neither sends nor understands the SDK's default CRC checksums.
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      TABLE_NAME: 'wirefeed-articles',
      RAW_BUCKET_NAME: 'wirefeed-raw',
      PARTNERS_FILE: partnersFile,
      SECRETS_SOURCE: process.env.SECRETS_SOURCE ?? 'env',
      // The sample partners are `local` (they listen on 127.0.0.1): only this stack may fetch such partners.
      LOCAL_STACK: 'true',
    });

    // Imported only now: the handlers build their clients at module scope from the variables set above.
    const [{ handler: publishHandler }, ingestModule, { createHttpApiServer }] = await Promise.all([
      import('../../functions/publish/handler.js'),
      import('../../functions/ingest/handler.js'),
      import('./http-api-adapter.js'),
    ]);
    const api: Server = createHttpApiServer(publishHandler);
    await new Promise<void>((done, fail) => {
      api.once('error', fail);
      api.listen(options.port, '127.0.0.1', () => done());
    });
    cleanups.push(() => new Promise((done) => api.close(() => done())));
    const address = api.address();
    const apiUrl = `http://localhost:${typeof address === 'object' && address ? address.port : options.port}`;

    const runtime = ingestModule.runtime;
    let summaries: IngestionSummary[] = [];
    const ingest = ingestModule.createIngestHandler(
      runtime,
      (summary) => {
        summaries.push(summary);
        options.log(formatSummary(summary));
      },
      (message) => options.log(`ingest: ${message}`),
    );
    let running: Promise<IngestionSummary[]> | undefined;
    const tick = (tickOptions: { force?: boolean } = {}) =>
      (running ??= (async () => {
        try {
          summaries = [];
          const { directory, deps } = await runtime;
          let requests: Array<Pick<IngestRequest, 'partnerId'> & { force?: boolean }>;
          if (tickOptions.force) {
            requests = (await directory.list()).filter((p) => p.enabled).map((p) => ({ partnerId: p.id, force: true }));
          } else {
            // The local queue hands the dispatched requests straight to the worker: SQS without the network.
            const queued: QueuedIngestRequest[] = [];
            const queue = { enqueue: async (batch: QueuedIngestRequest[]) => (queued.push(...batch), { failedPartnerIds: [] }) };
            await dispatchDuePartners({ partners: directory, states: deps.partnerStates, queue, clock: systemClock, isDue });
            requests = queued.map((q) => q.request);
          }
          if (requests.length > 0) await ingest(sqsEventFor(requests));
          return summaries;
        } finally {
          running = undefined;
        }
      })());

    if (options.schedule ?? true) {
      const timer = setInterval(() => tick().catch((error) => options.log(`ingest: ${describeError(error)}`)), options.intervalSeconds * 1000);
      cleanups.push(async () => clearInterval(timer));
    }
    cleanups.push(async () => {
      await running?.catch(() => undefined);
    });
    return { apiUrl, samplesOrigin: samples.origin, tick, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The bundled sample partners, pointed at the sample feed server's actual origin. */
async function writeLocalPartners(dataDir: string, origin: string): Promise<string> {
  const template = await readFile(join(here, 'partners.json'), 'utf8');
  const path = join(dataDir, 'partners.json');
  await writeFile(path, template.replaceAll(SAMPLE_ORIGIN_PLACEHOLDER, origin));
  return path;
}

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
