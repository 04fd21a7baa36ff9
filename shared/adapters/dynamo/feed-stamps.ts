import { randomUUID } from 'node:crypto';
import type { AttributeValue, DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Clock, FeedStamp, FeedStampScope } from '../../ports.js';
import type { RetryPolicy } from '../retry.js';
import { batchWrite, query } from './batch.js';
import { TABLE, keys } from './table.js';

/**
 * How long a write's "writing" mark holds a stamp back. A write that dies leaves its mark; the stamp vouches again
 * once it is this old, by which time whatever the write stored is readable. Far above the longest putMany measured
 * (a 3,000-item first fetch, about a minute) and Lambda's 15-minute limit.
 */
export const WRITING_WINDOW_MS = 60 * 60_000;
/** A lift stays listed this long after it passed (its stamp part changes if the newest passed lift expires). */
const LIFT_KEPT_MS = 7 * 86_400_000;

/**
 * Feed stamps in the articles table (one small partition per scope, table.ts): an item TOKEN { token, changedAt },
 * an item WRITING#{write} { until } per write in progress, an item LIFT#{ms} per embargo still to lift or lifted
 * lately. Written with PutItem and BatchWriteItem only, so the ingest role needs no further action; read by one
 * consistent Query.
 */
export class DynamoFeedStamps {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly policy: RetryPolicy,
    private readonly clock: Clock,
  ) {}

  async read(scope: FeedStampScope): Promise<FeedStamp | undefined> {
    const now = this.clock.now().getTime();
    let token: { token: string; changedAt: number } | undefined;
    let writingUntil = 0;
    const lifts: number[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const out = await query(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
        ExpressionAttributeValues: marshall({ ':pk': keys.feedStamp(scope) }),
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }, this.policy);
      for (const raw of out.Items ?? []) {
        const item = unmarshall(raw) as { sk: string; token?: string; changedAt?: number; until?: number; at?: number };
        if (item.sk === 'TOKEN' && typeof item.token === 'string' && typeof item.changedAt === 'number') token = { token: item.token, changedAt: item.changedAt };
        else if (item.sk.startsWith('WRITING#') && typeof item.until === 'number' && item.until > now) writingUntil = Math.max(writingUntil, item.until);
        else if (item.sk.startsWith('LIFT#') && typeof item.at === 'number') lifts.push(item.at);
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return token === undefined ? undefined : { ...token, writingUntil, lifts };
  }

  /**
   * Runs `write` (a change to the articles of `scopes`) between the two steps of `begin`. An end that fails is
   * left to the mark's window: the write itself went through, and the stamps vouch again once the mark is old.
   */
  async around<T>(scopes: FeedStampScope[], lifts: number[], write: () => Promise<T>): Promise<T> {
    const end = await this.begin(scopes, lifts);
    try {
      return await write();
    } finally {
      await end().catch(() => undefined);
    }
  }

  /**
   * Marks `scopes` as being written and replaces their tokens, before any article is written; resolves to the
   * step that ends the write (a new token again, the mark removed). A write that never ends leaves the mark,
   * which holds the stamps back for WRITING_WINDOW_MS: never a stamp naming content it has not seen.
   */
  private async begin(scopes: FeedStampScope[], lifts: number[]): Promise<() => Promise<void>> {
    const write = randomUUID();
    const now = this.clock.now().getTime();
    const requests: WriteRequest[] = [];
    for (const scope of scopes) {
      const pk = keys.feedStamp(scope);
      requests.push(put({ pk, sk: 'TOKEN', token: randomUUID(), changedAt: now }));
      requests.push(put({ pk, sk: `WRITING#${write}`, until: now + WRITING_WINDOW_MS, [TABLE.ttlAttribute]: expirySeconds(now + WRITING_WINDOW_MS) }));
      for (const at of lifts) requests.push(put({ pk, sk: `LIFT#${at}`, at, [TABLE.ttlAttribute]: expirySeconds(at + LIFT_KEPT_MS) }));
    }
    await batchWrite(this.client, this.tableName, requests, this.policy);
    return async () => {
      const end = this.clock.now().getTime();
      const done: WriteRequest[] = [];
      for (const scope of scopes) {
        const pk = keys.feedStamp(scope);
        done.push(put({ pk, sk: 'TOKEN', token: randomUUID(), changedAt: end }));
        done.push({ DeleteRequest: { Key: marshall({ pk, sk: `WRITING#${write}` }) } });
      }
      await batchWrite(this.client, this.tableName, done, this.policy);
    };
  }
}

function put(item: Record<string, unknown>): WriteRequest {
  return { PutRequest: { Item: marshall(item) } };
}

function expirySeconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
