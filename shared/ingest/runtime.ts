import type { Config } from '../config.js';
import type { IngestionSummary, PartnerDirectory } from '../ports.js';
import { systemClock } from '../ports.js';
import { createRawArchive, createStorageAdapters } from '../adapters/runtime.js';
import { createPartnerDirectory } from '../adapters/partner-directory.js';
import { HttpFeedFetcher } from '../adapters/http/fetcher.js';
import { createSecretResolver } from '../adapters/secrets.js';
import type { IngestDeps } from './ingest-partner.js';

/** Everything an ingestion needs, built once from the configuration at the edge. */
export interface IngestRuntime {
  directory: PartnerDirectory;
  deps: IngestDeps;
}

/** Builds the ingest adapters (DynamoDB, S3, HTTP fetcher, secrets) from the configuration. */
export async function createIngestRuntime(config: Config): Promise<IngestRuntime> {
  const storage = createStorageAdapters(config);
  const directory = createPartnerDirectory(config);
  const fetcher = new HttpFeedFetcher({
    contactUrl: config.CONTACT_URL,
    connectTimeoutMs: config.FETCH_CONNECT_TIMEOUT_MS,
    totalTimeoutMs: config.FETCH_TIMEOUT_MS,
    maxBytes: config.FEED_MAX_BYTES,
    secrets: await createSecretResolver(config),
  });
  return {
    directory,
    deps: {
      fetcher,
      archive: createRawArchive(config),
      articles: storage.articles,
      clusters: storage.articles,
      partnerStates: storage.partnerStates,
      clock: systemClock,
      maxFeedBytes: config.FEED_MAX_BYTES,
      circuitFailureThreshold: config.CIRCUIT_FAILURE_THRESHOLD,
      recordRun: (summary: IngestionSummary) => storage.runs.record(summary),
    },
  };
}
