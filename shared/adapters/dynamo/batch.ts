import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type QueryCommandOutput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { StorageError } from '../../errors.js';
import { backoffDelay, withRetries, type RetryPolicy } from '../retry.js';

/** One Query, retried on throttling and transient errors like every other call of the adapters. */
export function query(client: DynamoDBClient, input: QueryCommandInput, policy: RetryPolicy): Promise<QueryCommandOutput> {
  return withRetries('Query', () => client.send(new QueryCommand(input)), policy);
}

type Key = Record<string, AttributeValue>;
type Item = Record<string, AttributeValue>;

/** DynamoDB's limits per BatchWriteItem and BatchGetItem call. */
const WRITE_BATCH = 25;
const GET_BATCH = 100;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Writes puts and deletes 25 at a time; items DynamoDB leaves unprocessed (throttling) are sent again with
 * backoff until none are left, and a call that throws a retryable error is retried whole.
 */
export async function batchWrite(client: DynamoDBClient, table: string, requests: WriteRequest[], policy: RetryPolicy): Promise<void> {
  for (const chunk of chunks(requests, WRITE_BATCH)) {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= policy.maxAttempts) {
        throw new StorageError(`BatchWriteItem left ${pending.length} items unprocessed after ${policy.maxAttempts} attempts`);
      }
      if (attempt > 0) await policy.sleep(backoffDelay(attempt - 1, policy));
      const out = await withRetries(
        'BatchWriteItem',
        () => client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } })),
        policy,
      );
      pending = out.UnprocessedItems?.[table] ?? [];
    }
  }
}

/** Reads items by key 100 at a time (consistently when asked), retrying unprocessed keys with backoff. */
export async function batchGet(
  client: DynamoDBClient,
  table: string,
  keys: Key[],
  policy: RetryPolicy,
  options: { consistent?: boolean; projection?: string; names?: Record<string, string> } = {},
): Promise<Item[]> {
  const items: Item[] = [];
  for (const chunk of chunks(keys, GET_BATCH)) {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= policy.maxAttempts) {
        throw new StorageError(`BatchGetItem left ${pending.length} keys unprocessed after ${policy.maxAttempts} attempts`);
      }
      if (attempt > 0) await policy.sleep(backoffDelay(attempt - 1, policy));
      const out = await withRetries(
        'BatchGetItem',
        () =>
          client.send(
            new BatchGetItemCommand({
              RequestItems: {
                [table]: {
                  Keys: pending,
                  ConsistentRead: options.consistent,
                  ProjectionExpression: options.projection,
                  ExpressionAttributeNames: options.names,
                },
              },
            }),
          ),
        policy,
      );
      items.push(...(out.Responses?.[table] ?? []));
      pending = (out.UnprocessedKeys?.[table]?.Keys as Key[] | undefined) ?? [];
    }
  }
  return items;
}
