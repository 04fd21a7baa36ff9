import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Config } from '../../config.js';
import { requireSetting } from '../../config.js';
import type { DispatchDeps } from '../../ingest/dispatch.js';
import type { IngestDeps } from '../../ingest/ingest-partner.js';
import { isDue } from '../../ingest/partner-health.js';
import type { ReplayDeps } from '../../ingest/replay.js';
import type { PartnerAdminDeps } from '../../partner-admin/manage.js';
import { publicStateReader } from '../../partner-admin/status.js';
import { publishConfigFrom, type PublishDeps } from '../../publish/deps.js';
import type { IngestQueue, IngestionSummary, PartnerDirectory } from '../../ports.js';
import { systemClock } from '../../ports.js';
import { DynamoArticleStore } from '../dynamo/article-store.js';
import { DynamoItemHashStore } from '../dynamo/item-hash-store.js';
import { DynamoPartnerArticles } from '../dynamo/partner-articles.js';
import { DynamoPartnerStateStore } from '../dynamo/partner-state-store.js';
import { DynamoPartnerStore } from '../dynamo/partner-store.js';
import { DynamoIngestionRunStore } from '../dynamo/run-store.js';
import { HttpFeedFetcher } from '../http/fetcher.js';
import type { RetryPolicy } from '../retry.js';
import { S3RawArchive } from '../s3/raw-archive.js';
import { createSecretResolver } from '../secrets.js';

/**
 * The building blocks of the composition root, over client getters. This module constructs no AWS client and
 * imports none (types only): each function's factory in this folder builds just the clients its blocks ask for,
 * so a function's bundle carries only those SDK clients.
 */

/** Options every factory takes. */
export interface WiringOptions {
  /** Wraps each client once, where tracing is on (the Powertools tracer's captureAWSv3Client). */
  wrapClient?: <T>(client: T) => T;
  /** Where SECRETS_SOURCE=env looks secrets up (the process environment, read at the edge). */
  secretsEnv?: Record<string, string | undefined>;
  /**
   * What every client signs with; absent, the SDK's default chain. The Lambda handlers pass the environment's
   * (functions/commons/aws-credentials.ts): their bundles carry no default chain.
   */
  credentials?: DynamoDBClientConfig['credentials'];
}

/** Everything an ingestion needs: the configured partners and the ports of the ingest use case. */
export interface IngestRuntime {
  directory: PartnerDirectory;
  deps: IngestDeps;
}

export function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

/** A getter that builds its client once: the one given, or the SDK default `make()`, wrapped. */
export function clientGetter<T>(given: T | undefined, make: () => T, options: WiringOptions): () => T {
  const wrap = options.wrapClient ?? (<C>(client: C) => client);
  return once(() => wrap(given ?? make()));
}

export type StorageAdapters = ReturnType<typeof createStorageAdapters>;

/** The DynamoDB adapters over one client and the one table; `retry` overrides every store's retry policy. */
export function createStorageAdapters(config: Config, dynamo: DynamoDBClient, retry?: Partial<RetryPolicy>) {
  const tableName = requireSetting(config, 'TABLE_NAME');
  return {
    dynamo,
    articles: new DynamoArticleStore(dynamo, tableName, { retentionDays: config.ARTICLE_RETENTION_DAYS, retry }),
    partnerStates: new DynamoPartnerStateStore(dynamo, tableName, { retry }),
    itemHashes: new DynamoItemHashStore(dynamo, tableName, { retry }),
    runs: new DynamoIngestionRunStore(dynamo, tableName, { retry }),
  };
}

/**
 * What lives in the table: storage, the partners, and the dispatcher's, publisher's and editor's ports over them.
 * `retry` is the stores' retry policy (the publish function passes READ_RETRY: a reader waits, a worker can retry).
 */
export function tableParts(config: Config, dynamo: () => DynamoDBClient, retry?: Partial<RetryPolicy>) {
  const storage = once(() => createStorageAdapters(config, dynamo(), retry));
  const partners = once(() => new DynamoPartnerStore(dynamo(), requireSetting(config, 'TABLE_NAME'), { retry }));
  return {
    storage,
    /** The partners in the table: read fresh on every call, so an edit shows on the next tick. */
    partners,
    /** The editor's ports (`wirefeed partners`, the local stack's seed import). */
    partnerAdmin: once(
      (): PartnerAdminDeps => ({
        partners: partners(),
        states: storage().partnerStates,
        articles: new DynamoPartnerArticles(dynamo(), requireSetting(config, 'TABLE_NAME')),
        clock: systemClock,
      }),
    ),
    /** The dispatcher's ports over the given queue. */
    dispatch: (queue: IngestQueue): DispatchDeps => ({ partners: partners(), states: storage().partnerStates, queue, clock: systemClock, isDue }),
    publish: once(
      (): PublishDeps => ({
        store: storage().articles,
        clock: systemClock,
        partners: partners(),
        // Read only (the publish role may not write), and every last error already redacted for publishing.
        partnerStates: publicStateReader(storage().partnerStates, partners()),
        config: publishConfigFrom(config),
      }),
    ),
  };
}

export type TableParts = ReturnType<typeof tableParts>;

/** How the ingest side gets its clients; the secret stores' clients may be loaded on first use. */
export interface IngestClients {
  s3: () => S3Client;
  ssm: () => SSMClient | Promise<SSMClient>;
  secretsManager: () => SecretsManagerClient | Promise<SecretsManagerClient>;
}

/** The ingest side: the raw archive, the fetcher with its secret resolver, the ingest and replay ports. */
export function ingestParts(config: Config, table: TableParts, clients: IngestClients, options: WiringOptions) {
  const archive = once(() => new S3RawArchive(clients.s3(), requireSetting(config, 'RAW_BUCKET_NAME')));
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
    const stores = table.storage();
    return {
      directory: table.partners(),
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
  const replay = (known: ReplayDeps['partners']): ReplayDeps => {
    const stores = table.storage();
    return { archive: archive(), articles: stores.articles, clusters: stores.articles, clock: systemClock, partners: known, maxFeedBytes: config.FEED_MAX_BYTES };
  };
  return { archive, fetcher, ingest, replay };
}
