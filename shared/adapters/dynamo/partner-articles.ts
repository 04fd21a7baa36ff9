import type { AttributeValue, DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { systemClock, type Clock, type PartnerArticles } from '../../ports.js';
import { stampScopesOf } from './article-items.js';
import { DynamoFeedStamps } from './feed-stamps.js';
import { batchWrite, query } from './batch.js';
import { retryPolicy, type RetryPolicy } from '../retry.js';
import { keys, TABLE } from './table.js';

/**
 * A partner's articles through the by-partner index: counted with Select COUNT (no item is read), deleted by key.
 * Purging leaves the category and near-duplicate index items behind on purpose: readers of those skip any item
 * whose article is gone, and they expire with the table's TTL.
 */
export class DynamoPartnerArticles implements PartnerArticles {
  private readonly policy: RetryPolicy;
  private readonly stamps: DynamoFeedStamps;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    options: { retry?: Partial<RetryPolicy>; clock?: Clock } = {},
  ) {
    this.policy = retryPolicy(options.retry);
    this.stamps = new DynamoFeedStamps(client, tableName, this.policy, options.clock ?? systemClock);
  }

  async count(partnerId: string): Promise<number> {
    let total = 0;
    for await (const page of this.pages(partnerId, 'COUNT')) total += page.Count ?? 0;
    return total;
  }

  async purge(partnerId: string): Promise<number> {
    const deletes: WriteRequest[] = [];
    for await (const page of this.pages(partnerId, 'keys')) {
      for (const item of page.Items ?? []) deletes.push({ DeleteRequest: { Key: { pk: item.pk!, sk: item.sk! } } });
    }
    if (deletes.length === 0) return 0;
    // The feeds these articles leave are held back from their stamps meanwhile, as for any write (feed-stamps.ts).
    await this.stamps.around(stampScopesOf([{ partnerId }]), [], () => batchWrite(this.client, this.tableName, deletes, this.policy));
    return deletes.length;
  }

  private async *pages(partnerId: string, select: 'COUNT' | 'keys') {
    const index = TABLE.indexes.byPartner;
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await query(
        this.client,
        {
          TableName: this.tableName,
          IndexName: index.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': index.partitionKey, ...(select === 'keys' ? { '#t': 'pk', '#s': 'sk' } : {}) },
          ExpressionAttributeValues: marshall({ ':pk': keys.partnerIndex(partnerId) }),
          ...(select === 'COUNT' ? { Select: 'COUNT' as const } : { ProjectionExpression: '#t, #s' }),
          ExclusiveStartKey: startKey,
        },
        this.policy,
      );
      yield page;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
}
