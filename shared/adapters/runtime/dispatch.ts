import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { requireSetting, type Config } from '../../config.js';
import type { DispatchDeps } from '../../ingest/dispatch.js';
import { SqsIngestQueue } from '../sqs-ingest-queue.js';
import { clientGetter, once, tableParts, type WiringOptions } from './parts.js';

/** The dispatcher's wiring: DynamoDB (partners and their states) and the SQS ingest queue. */
export function createDispatchRuntime(config: Config, options: WiringOptions = {}): { dispatch(): DispatchDeps } {
  const table = tableParts(config, clientGetter(undefined, () => new DynamoDBClient({ credentials: options.credentials }), options));
  const sqs = clientGetter(undefined, () => new SQSClient({ credentials: options.credentials }), options);
  const queue = once(() => new SqsIngestQueue(sqs(), requireSetting(config, 'INGEST_QUEUE_URL')));
  return { dispatch: () => table.dispatch(queue()) };
}
