import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Config } from '../../config.js';
import type { PublishDeps } from '../../publish/deps.js';
import { READ_RETRY } from '../retry.js';
import { clientGetter, tableParts, type WiringOptions } from './parts.js';

/** The publish function's wiring: DynamoDB only (it reads articles, partners and their states). */
export function createPublishRuntime(config: Config, options: WiringOptions & { dynamo?: DynamoDBClient } = {}): { publish(): PublishDeps } {
  const dynamo = clientGetter(options.dynamo, () => new DynamoDBClient({ credentials: options.credentials }), options);
  const table = tableParts(config, dynamo, READ_RETRY);
  return { publish: table.publish };
}
