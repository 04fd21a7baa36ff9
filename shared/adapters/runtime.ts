import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Config } from '../config.js';
import { requireSetting } from '../config.js';
import type { DispatchDeps } from '../ingest/dispatch.js';
import type { IngestDeps } from '../ingest/ingest-partner.js';
import { isDue } from '../ingest/partner-health.js';
import type { ReplayDeps } from '../ingest/replay.js';
import { publishConfigFrom, type PublishDeps } from '../publish/deps.js';
import type { IngestQueue, IngestionSummary, PartnerDirectory } from '../ports.js';
import type { PartnerAdminDeps } from '../partner-admin/manage.js';
import { publicStateReader } from '../partner-admin/status.js';
import { systemClock } from '../ports.js';
import { DynamoArticleStore } from './dynamo/article-store.js';
import { DynamoIngestionRunStore } from './dynamo/run-store.js';
import { DynamoItemHashStore } from './dynamo/item-hash-store.js';
import { DynamoPartnerStateStore } from './dynamo/partner-state-store.js';
import { HttpFeedFetcher } from './http/fetcher.js';
import { DynamoPartnerArticles } from './dynamo/partner-articles.js';
import { DynamoPartnerStore } from './dynamo/partner-store.js';
import { S3RawArchive } from './s3/raw-archive.js';
import { createSecretResolver } from './secrets.js';
import { SqsIngestQueue } from './sqs-ingest-queue.js';

/**
 * The one composition root: an explicit Config in, every AWS client built once, the dependencies of each
 * function out (ingest worker, dispatcher, publisher, replay, CLI). Handlers call it at module scope; the CLI
 * and the local stack call it with their own Config and clients. Nothing else constructs an AWS client.
 */

/** The AWS clients the adapters talk through. */
export interface AwsClients {
  dynamo: DynamoDBClient;
  s3: S3Client;
  sqs: SQSClient;
  ssm: SSMClient;
  secretsManager: SecretsManagerClient;
}

export interface RuntimeOptions {
  /**
   * Ready-made clients to use instead of the SDK defaults (the local stack passes clients pointed at DynamoDB
   * Local and s3rver). Clients not given are built from the SDK's standard environment, as in Lambda.
   */
  clients?: Partial<AwsClients>;
  /** Wraps each client once, where tracing is on (the Powertools tracer's captureAWSv3Client). */
  wrapClient?: <T>(client: T) => T;
  /** Where SECRETS_SOURCE=env looks secrets up (the process environment, read at the edge). */
  secretsEnv?: Record<string, string | undefined>;
}

/** Everything an ingestion needs: the configured partners and the ports of the ingest use case. */
export interface IngestRuntime {
  directory: PartnerDirectory;
  deps: IngestDeps;
}

/** The wired runtime: each getter builds its adapters on first use and reuses them after. */
export interface Runtime {
  clients: { [K in keyof AwsClients]: () => AwsClients[K] };
  storage(): StorageAdapters;
  archive(): S3RawArchive;
  /** The partners in the table: read fresh on every call, so an edit shows on the next tick. */
  partners(): DynamoPartnerStore;
  /** The editor's ports (`wirefeed partners`, the local stack's seed import). */
  partnerAdmin(): PartnerAdminDeps;
  /** The feed fetcher with its secret resolver (`wirefeed partners test` fetches with it and stores nothing). */
  fetcher(): HttpFeedFetcher;
  ingest(): IngestRuntime;
  /** The dispatcher's ports; its queue is SQS unless another is given (the local stack hands requests straight on). */
  dispatch(queue?: IngestQueue): DispatchDeps;
  publish(): PublishDeps;
  replay(partners: ReplayDeps['partners']): ReplayDeps;
}

function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

/** Builds the runtime for one process (a Lambda container, a CLI run, the local stack). */
export function createRuntime(config: Config, options: RuntimeOptions = {}): Runtime {
  const wrap = options.wrapClient ?? (<T>(client: T) => client);
  const given = options.clients ?? {};
  const clients = {
    dynamo: once(() => wrap(given.dynamo ?? new DynamoDBClient({}))),
    s3: once(() => wrap(given.s3 ?? new S3Client({}))),
    sqs: once(() => wrap(given.sqs ?? new SQSClient({}))),
    ssm: once(() => wrap(given.ssm ?? new SSMClient({}))),
    secretsManager: once(() => wrap(given.secretsManager ?? new SecretsManagerClient({}))),
  };
  const storage = once(() => createStorageAdapters(config, clients.dynamo()));
  const archive = once(() => new S3RawArchive(clients.s3(), requireSetting(config, 'RAW_BUCKET_NAME')));
  const partners = once(() => new DynamoPartnerStore(clients.dynamo(), requireSetting(config, 'TABLE_NAME')));
  const sqsQueue = once(() => new SqsIngestQueue(clients.sqs(), requireSetting(config, 'INGEST_QUEUE_URL')));
  const fetcher = once(
    () =>
      new HttpFeedFetcher({
        contactUrl: config.CONTACT_URL,
        connectTimeoutMs: config.FETCH_CONNECT_TIMEOUT_MS,
        totalTimeoutMs: config.FETCH_TIMEOUT_MS,
        maxBytes: config.FEED_MAX_BYTES,
        allowLocalPartners: config.LOCAL_STACK,
        secrets: createSecretResolver(config, { env: options.secretsEnv ?? {}, ssm: clients.ssm, secretsManager: clients.secretsManager }),
      }),
  );
  const ingest = once((): IngestRuntime => {
    const stores = storage();
    return {
      directory: partners(),
      deps: {
        fetcher: fetcher(),
        archive: archive(),
        articles: stores.articles,
        clusters: stores.articles,
        itemHashes: stores.itemHashes,
        partnerStates: stores.partnerStates,
        clock: systemClock,
        maxFeedBytes: config.FEED_MAX_BYTES,
        circuitFailureThreshold: config.CIRCUIT_FAILURE_THRESHOLD,
        normalizeTimeBudgetMs: config.NORMALIZE_TIME_BUDGET_MS,
        recordRun: (summary: IngestionSummary) => stores.runs.record(summary),
      },
    };
  });
  return {
    clients,
    storage,
    archive,
    partners,
    fetcher,
    partnerAdmin: once(() => ({
      partners: partners(),
      states: storage().partnerStates,
      articles: new DynamoPartnerArticles(clients.dynamo(), requireSetting(config, 'TABLE_NAME')),
      clock: systemClock,
    })),
    ingest,
    dispatch: (queue = sqsQueue()) => ({ partners: partners(), states: storage().partnerStates, queue, clock: systemClock, isDue }),
    publish: once(() => ({
      store: storage().articles,
      clock: systemClock,
      partners: partners(),
      // Read only (the publish role may not write), and every last error already redacted for publishing.
      partnerStates: publicStateReader(storage().partnerStates, partners()),
      config: publishConfigFrom(config),
    })),
    replay: (known) => {
      const stores = storage();
      return { archive: archive(), articles: stores.articles, clusters: stores.articles, clock: systemClock, partners: known, maxFeedBytes: config.FEED_MAX_BYTES };
    },
  };
}

export type StorageAdapters = ReturnType<typeof createStorageAdapters>;

/** The DynamoDB adapters over one client and the one table. */
export function createStorageAdapters(config: Config, dynamo: DynamoDBClient = new DynamoDBClient({})) {
  const tableName = requireSetting(config, 'TABLE_NAME');
  return {
    dynamo,
    articles: new DynamoArticleStore(dynamo, tableName, { retentionDays: config.ARTICLE_RETENTION_DAYS }),
    partnerStates: new DynamoPartnerStateStore(dynamo, tableName),
    itemHashes: new DynamoItemHashStore(dynamo, tableName),
    runs: new DynamoIngestionRunStore(dynamo, tableName),
  };
}
