import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { query } from './batch.js';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { IngestionRunStore, IngestionSummary } from '../../ports.js';
import { TABLE, keys } from './table.js';
import { expiresAt } from './article-items.js';
import { retryPolicy, withRetries, type RetryPolicy } from '../retry.js';

/** Runs are kept this long by default: enough to see a partner's recent health, not a growing history. */
const DEFAULT_RUN_RETENTION_DAYS = 30;

/** Ingestion runs (pk=RUN#{partnerId}, sk={startedAt}#{runId}), newest first per partner, expiring by TTL. */
export class DynamoIngestionRunStore implements IngestionRunStore {
  private readonly policy: RetryPolicy;
  private readonly retentionDays: number;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    options: { retentionDays?: number; retry?: Partial<RetryPolicy> } = {},
  ) {
    this.policy = retryPolicy(options.retry);
    this.retentionDays = options.retentionDays ?? DEFAULT_RUN_RETENTION_DAYS;
  }

  /** Stores a run; its expiry counts from when it started, so replays of old runs expire on time. */
  async record(summary: IngestionSummary): Promise<void> {
    const item = {
      summary,
      ...keys.run(summary.partnerId, summary.startedAt, summary.runId),
      type: 'run',
      [TABLE.ttlAttribute]: expiresAt(new Date(summary.startedAt), this.retentionDays),
    };
    await withRetries(
      'PutItem',
      () => this.client.send(new PutItemCommand({ TableName: this.tableName, Item: marshall(item, { removeUndefinedValues: true }) })),
      this.policy,
    );
  }

  async listRecent(partnerId: string, limit: number): Promise<IngestionSummary[]> {
    const out = await query(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
      ExpressionAttributeValues: marshall({ ':pk': keys.run(partnerId, '', '').pk }),
      ScanIndexForward: false,
      Limit: Math.max(1, limit),
    }, this.policy);
    return (out.Items ?? []).map((raw) => unmarshall(raw).summary as IngestionSummary);
  }
}
