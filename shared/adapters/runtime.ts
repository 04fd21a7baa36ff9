import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Config } from '../config.js';
import { requireSetting } from '../config.js';
import type { DispatchDeps } from '../ingest/dispatch.js';
import type { ReplayDeps } from '../ingest/replay.js';
import type { PublishDeps } from '../publish/deps.js';
import type { IngestQueue } from '../ports.js';
import type { PartnerAdminDeps } from '../partner-admin/manage.js';
import type { DynamoPartnerStore } from './dynamo/partner-store.js';
import type { HttpFeedFetcher } from './http/fetcher.js';
import { clientGetter, createStorageAdapters as storageAdapters, ingestParts, once, tableParts, type IngestRuntime, type StorageAdapters, type WiringOptions } from './runtime/parts.js';
import type { S3RawArchive } from './s3/raw-archive.js';
import { SqsIngestQueue } from './sqs-ingest-queue.js';

/**
 * The composition root: an explicit Config in, every AWS client built once, the dependencies of each function
 * out. The wiring itself is in runtime/parts.ts; the deployed functions use the factories next to it
 * (runtime/publish.ts, dispatch.ts, ingest.ts), which build only the clients each function uses, so its bundle
 * carries no other. This whole runtime, with every client, is for the CLI, the local stack and tests. Nothing
 * else constructs an AWS client.
 */

export type { IngestRuntime, StorageAdapters };

/** The AWS clients the adapters talk through. */
export interface AwsClients {
  dynamo: DynamoDBClient;
  s3: S3Client;
  sqs: SQSClient;
  ssm: SSMClient;
  secretsManager: SecretsManagerClient;
}

export interface RuntimeOptions extends WiringOptions {
  /**
   * Ready-made clients to use instead of the SDK defaults (the local stack passes clients pointed at DynamoDB
   * Local and s3rver). Clients not given are built from the SDK's standard environment, as in Lambda.
   */
  clients?: Partial<AwsClients>;
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

/** Builds the runtime for one process (a CLI run, the local stack). */
export function createRuntime(config: Config, options: RuntimeOptions = {}): Runtime {
  const given = options.clients ?? {};
  const clients = {
    dynamo: clientGetter(given.dynamo, () => new DynamoDBClient({}), options),
    s3: clientGetter(given.s3, () => new S3Client({}), options),
    sqs: clientGetter(given.sqs, () => new SQSClient({}), options),
    ssm: clientGetter(given.ssm, () => new SSMClient({}), options),
    secretsManager: clientGetter(given.secretsManager, () => new SecretsManagerClient({}), options),
  };
  const table = tableParts(config, clients.dynamo);
  const ingest = ingestParts(config, table, clients, options);
  const sqsQueue = once(() => new SqsIngestQueue(clients.sqs(), requireSetting(config, 'INGEST_QUEUE_URL')));
  return {
    clients,
    storage: table.storage,
    archive: ingest.archive,
    partners: table.partners,
    fetcher: ingest.fetcher,
    partnerAdmin: table.partnerAdmin,
    ingest: ingest.ingest,
    dispatch: (queue = sqsQueue()) => table.dispatch(queue),
    publish: table.publish,
    replay: ingest.replay,
  };
}

/** The DynamoDB adapters over one client (the SDK default unless given) and the one table. */
export function createStorageAdapters(config: Config, dynamo: DynamoDBClient = new DynamoDBClient({})): StorageAdapters {
  return storageAdapters(config, dynamo);
}
