import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Config } from '../../config.js';
import { ConfigError } from '../../errors.js';
import type { BundledSecretsStore } from '../secrets.js';
import { clientGetter, ingestParts, tableParts, type IngestRuntime, type WiringOptions } from './parts.js';

function storeLeftOut(source: BundledSecretsStore, bundled: BundledSecretsStore): ConfigError {
  return new ConfigError(
    `SECRETS_SOURCE=${source}, but this ingest bundle was built for the deploy setting secretsSource=${bundled} and carries ` +
      `no ${source} client: deploy with -c secretsSource=${source} (which also grants the role its read access)`,
  );
}

/**
 * Fails when SECRETS_SOURCE names the AWS store this bundle left out, which only a hand edit of the function's
 * environment after the deploy can do: said at init, with the fix, rather than at the first partner's secret.
 */
export function checkBundledSecretsStore(source: Config['SECRETS_SOURCE'], bundled: BundledSecretsStore | undefined): void {
  if (bundled !== undefined && source !== bundled && (source === 'ssm' || source === 'secretsmanager')) throw storeLeftOut(source, bundled);
}

/** The getter in place of a client the bundle left out (unreachable past the check above). */
function leftOut(source: BundledSecretsStore, bundled: BundledSecretsStore): () => never {
  return () => {
    throw storeLeftOut(source, bundled);
  };
}

/**
 * The ingest worker's wiring: DynamoDB, the S3 raw archive, and the secret store of SECRETS_SOURCE, whose SDK
 * client is built only when a partner's secret is first looked up. A deployed bundle carries only the store of
 * its deploy setting (WIREFEED_BUNDLED_SECRETS_STORE, see secrets.ts); unbundled, both (see secrets.ts on why they are not
 * imported lazily).
 */
export function createIngestRuntime(config: Config, options: WiringOptions = {}): { ingest(): IngestRuntime } {
  checkBundledSecretsStore(config.SECRETS_SOURCE, globalThis.WIREFEED_BUNDLED_SECRETS_STORE);
  const clientConfig = { credentials: options.credentials };
  const table = tableParts(config, clientGetter(undefined, () => new DynamoDBClient(clientConfig), options));
  const parts = ingestParts(
    config,
    table,
    {
      s3: clientGetter(undefined, () => new S3Client(clientConfig), options),
      // Built at the first lookup of a partner's secret, and only the one SECRETS_SOURCE names; in a bundle, the
      // other store's branch is folded away and its client with it.
      ssm:
        globalThis.WIREFEED_BUNDLED_SECRETS_STORE === 'secretsmanager'
          ? leftOut('ssm', 'secretsmanager')
          : clientGetter(undefined, () => new SSMClient(clientConfig), options),
      secretsManager:
        globalThis.WIREFEED_BUNDLED_SECRETS_STORE === 'ssm'
          ? leftOut('secretsmanager', 'ssm')
          : clientGetter(undefined, () => new SecretsManagerClient(clientConfig), options),
    },
    options,
  );
  return { ingest: parts.ingest };
}
