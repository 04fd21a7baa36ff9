import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import type { IngestionSummary } from '../../shared/ports.js';
import { loadConfig, type Config } from '../../shared/config.js';
import { describeError } from '../../shared/errors.js';
import { createRuntime, type Runtime } from '../../shared/adapters/runtime.js';
import { createPublisher } from '../../shared/publish/publish.js';
import { createPublishHandler } from '../../functions/publish/apigw.js';
import { createHttpApiServer } from './http-api-adapter.js';
import { startIngestThread, type IngestThread } from './ingest-thread.js';
import { writeLocalStackInfo } from '../../shared/adapters/local-discovery.js';
import { importPartners } from '../../shared/partner-admin/manage.js';
import { describeImport, readSeed, watchSeed } from './partners-seed.js';
import { localDynamoClient, localS3Client, startLocalAws, LOCAL_CREDENTIALS, LOCAL_REGION, type LocalAws } from './services.js';
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
  /** Port of the sample partner feed server (default: samplesPortFor(port)). */
  samplesPort?: number;
  /**
   * The partners seed (default: the bundled sample partners, served locally): imported into the table on start,
   * and, when given, watched and imported again on every save.
   */
  partnersFile?: string;
  log: (line: string) => void;
  /** Run the schedule (default true); tests tick by hand. */
  schedule?: boolean;
  /** Where partner secrets are looked up (SECRETS_SOURCE=env, the default): the CLI passes its environment. */
  env?: Record<string, string | undefined>;
}

/** Where the sample feeds listen by default: the port after the API's, or a free one when the API's is (0). */
export function samplesPortFor(apiPort: number): number {
  return apiPort === 0 ? 0 : apiPort + 1;
}

export interface LocalStack {
  apiUrl: string;
  samplesOrigin: string;
  /** Where DynamoDB Local and s3rver listen, for tools and tests that look inside. */
  endpoints: { dynamodb: string; s3: string };
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
 * localhost, the real dispatch use case and ingest worker on a schedule, and the real publish handler behind a
 * small HTTP adapter that turns requests into API Gateway events. Ingestion runs in a worker thread of its own,
 * so the API never waits while a partner's document is parsed (in AWS they are separate functions). It is wired by the same composition root as
 * the Lambdas, with an explicit Config and clients pointed at the local servers: nothing writes process.env.
 * A broken partners file stops it before anything starts, with the one-line error naming the file.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  // A broken seed stops the stack before anything starts: one line naming the file, line and column.
  if (options.partnersFile) await readSeed(options.partnersFile);
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    cleanups.length = 0;
  };
  try {
    const aws: LocalAws = await startLocalAws({
      dataDir: join(dataDir, 'aws'),
      tableName: TABLE_NAME,
      bucketName: BUCKET_NAME,
      log: (line) => (line.startsWith('dynamodb:') ? undefined : options.log(line)),
    });
    cleanups.push(() => aws.stop());
    const samples: SampleFeedServer = await startSampleFeedServer({
      dir: join(here, 'sample-feeds'),
      port: options.samplesPort ?? samplesPortFor(options.port),
    });
    cleanups.push(() => samples.close());
    const partnersFile = options.partnersFile ?? (await writeLocalPartners(dataDir, samples.origin));
    const config = localConfig(partnersFile, options.env);
    const runtime = createRuntime(config, {
      clients: { dynamo: localDynamoClient(aws.dynamoEndpoint), s3: localS3Client(aws.s3Endpoint) },
      secretsEnv: options.env ?? {},
    });
    await seedPartners(runtime, partnersFile, options, cleanups);
    const apiUrl = await startApi(runtime, options.port, cleanups);
    const thread = await startIngestThread(
      { config, endpoints: { dynamodb: aws.dynamoEndpoint, s3: aws.s3Endpoint }, secretsEnv: options.env ?? {} },
      options.log,
    );
    cleanups.push(() => thread.stop());
    const tick = scheduledTick(thread);
    if (options.schedule ?? true) {
      const timer = setInterval(() => tick().catch((error) => options.log(`ingest: ${describeError(error)}`)), options.intervalSeconds * 1000);
      cleanups.push(async () => clearInterval(timer));
    }
    cleanups.push(async () => {
      await tick.running()?.catch(() => undefined);
    });
    // Lets `wirefeed partners …` find this stack while it runs (removed on stop).
    cleanups.push(
      await writeLocalStackInfo(dataDir, {
        pid: process.pid,
        apiUrl,
        tableName: TABLE_NAME,
        bucketName: BUCKET_NAME,
        dynamoEndpoint: aws.dynamoEndpoint,
        s3Endpoint: aws.s3Endpoint,
        region: LOCAL_REGION,
        credentials: { ...LOCAL_CREDENTIALS },
        ...(options.partnersFile ? { partnersFile: resolve(options.partnersFile) } : {}),
      }),
    );
    return { apiUrl, samplesOrigin: samples.origin, endpoints: { dynamodb: aws.dynamoEndpoint, s3: aws.s3Endpoint }, tick, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const TABLE_NAME = 'wirefeed-articles';
const BUCKET_NAME = 'wirefeed-raw';

/** The local stack's Config: its table, bucket and partners; secrets from the caller's environment by default. */
function localConfig(partnersFile: string, env: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    TABLE_NAME,
    RAW_BUCKET_NAME: BUCKET_NAME,
    PARTNERS_FILE: partnersFile,
    SECRETS_SOURCE: env.SECRETS_SOURCE ?? 'env',
    SECRETS_DIR: env.SECRETS_DIR,
    // The sample partners are `local` (they listen on 127.0.0.1): only this stack may fetch such partners.
    LOCAL_STACK: 'true',
  });
}

/** Imports the seed into the table, and watches a seed the user named so that a save is imported again. */
async function seedPartners(runtime: Runtime, partnersFile: string, options: LocalStackOptions, cleanups: Array<() => Promise<void>>): Promise<void> {
  const admin = runtime.partnerAdmin();
  options.log(describeImport(partnersFile, await importPartners(await readSeed(partnersFile), admin)));
  if (!options.partnersFile) return;
  const unwatch = watchSeed(partnersFile, admin, options.log);
  cleanups.push(async () => unwatch());
  options.log(`partners: watching ${partnersFile}; a save is imported again, no restart needed`);
}

/** The publish handler behind the local HTTP API adapter; resolves to the API's URL. */
async function startApi(runtime: Runtime, port: number, cleanups: Array<() => Promise<void>>): Promise<string> {
  const api: Server = createHttpApiServer(createPublishHandler(createPublisher(runtime.publish())));
  await new Promise<void>((done, fail) => {
    api.once('error', fail);
    api.listen(port, '127.0.0.1', () => done());
  });
  cleanups.push(() => new Promise((done) => api.close(() => done())));
  const address = api.address();
  return `http://localhost:${typeof address === 'object' && address ? address.port : port}`;
}

/**
 * One scheduled tick, as in AWS: the dispatch use case picks the partners that are due and the ingest worker
 * handler gets them as one SQS batch; `force` sends every enabled partner. Both run in the ingest thread
 * (ingest-thread.ts), never in the thread that serves the API. Ticks never overlap: a tick asked for while one
 * runs gets that one's result.
 */
function scheduledTick(thread: IngestThread) {
  let running: Promise<IngestionSummary[]> | undefined;
  const tick = (tickOptions: { force?: boolean } = {}) =>
    (running ??= thread.tick(tickOptions.force ?? false).finally(() => {
      running = undefined;
    }));
  return Object.assign(tick, { running: () => running });
}

/** The bundled sample partners, pointed at the sample feed server's actual origin. */
async function writeLocalPartners(dataDir: string, origin: string): Promise<string> {
  const template = await readFile(join(here, 'partners.json'), 'utf8');
  const path = join(dataDir, 'partners.json');
  await writeFile(path, template.replaceAll(SAMPLE_ORIGIN_PLACEHOLDER, origin));
  return path;
}
