import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Config } from '../../config.js';
import { clientGetter, ingestParts, tableParts, type IngestRuntime, type WiringOptions } from './parts.js';

/**
 * The ingest worker's wiring: DynamoDB, the S3 raw archive, and the secret store of SECRETS_SOURCE, whose SDK
 * client is built only when a partner's secret is first looked up. Both secret clients stay in the bundle: the
 * source is a deploy setting read at run time (see secrets.ts on why they are not imported lazily).
 */
export function createIngestRuntime(config: Config, options: WiringOptions = {}): { ingest(): IngestRuntime } {
  const table = tableParts(config, clientGetter(undefined, () => new DynamoDBClient({}), options));
  const parts = ingestParts(
    config,
    table,
    {
      s3: clientGetter(undefined, () => new S3Client({}), options),
      // Built at the first lookup of a partner's secret, and only the one SECRETS_SOURCE names.
      ssm: clientGetter(undefined, () => new SSMClient({}), options),
      secretsManager: clientGetter(undefined, () => new SecretsManagerClient({}), options),
    },
    options,
  );
  return { ingest: parts.ingest };
}
