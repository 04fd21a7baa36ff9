import { DeleteItemCommand, GetItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Partner } from '../../model/partner.js';
import { randomUUID } from 'node:crypto';
import type { PartnerRevision, PartnerStore } from '../../ports.js';
import { StorageError } from '../../errors.js';
import { checkPartner, partnerEditConflict } from '../../partners.js';
import { query } from './batch.js';
import { retryPolicy, withRetries, type RetryPolicy } from '../retry.js';
import { keys, PARTNERS_PARTITION } from './table.js';

/** Attributes of a partner item that are not partner settings. */
const ITEM_ONLY = new Set(['pk', 'sk', 'type', 'savedAt', 'revision']);

/**
 * Partners in the articles table, one item each (pk=PARTNERS, sk=PARTNER#{id}). Every write is validated by the
 * partner schema first, and so is every read: an item edited by hand into something invalid is reported naming
 * the partner, never used. Secrets are names only (the schema refuses anything else), so none is ever stored.
 */
export class DynamoPartnerStore implements PartnerStore {
  private readonly policy: RetryPolicy;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    options: { retry?: Partial<RetryPolicy>; now?: () => Date } = {},
  ) {
    this.policy = retryPolicy(options.retry);
    this.now = options.now ?? (() => new Date());
  }

  /** When an item was saved is kept for people reading the table; it is not a partner setting. */
  private readonly now: () => Date;

  /** Every partner, ordered by id; read fresh each time so an edit shows on the next dispatch tick. */
  async list(): Promise<Partner[]> {
    const partners: Partner[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const out = await query(
        this.client,
        {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': PARTNERS_PARTITION }),
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        },
        this.policy,
      );
      for (const item of out.Items ?? []) partners.push(this.fromItem(unmarshall(item)));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return partners;
  }

  async get(partnerId: string): Promise<Partner | undefined> {
    return (await this.read(partnerId))?.partner;
  }

  /** An item written before revisions (or by hand, without one) has the revision ''. */
  async read(partnerId: string): Promise<PartnerRevision | undefined> {
    const out = await withRetries(
      'GetItem',
      () =>
        this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(keys.partner(partnerId)), ConsistentRead: true })),
      this.policy,
    );
    if (!out.Item) return undefined;
    const item = unmarshall(out.Item);
    return { partner: this.fromItem(item), revision: typeof item.revision === 'string' ? item.revision : '' };
  }

  async put(partner: Partner, options: { ifRevision?: string | null } = {}): Promise<void> {
    const valid = checkPartner(partner);
    const revision = randomUUID();
    const item = { ...valid, ...keys.partner(valid.id), type: 'partner', savedAt: this.now().toISOString(), revision };
    const { ifRevision } = options;
    const condition =
      ifRevision === undefined
        ? {}
        : ifRevision === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : ifRevision === ''
            ? { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#revision)', ExpressionAttributeNames: { '#revision': 'revision' } }
            : {
                ConditionExpression: '#revision = :revision',
                ExpressionAttributeNames: { '#revision': 'revision' },
                ExpressionAttributeValues: marshall({ ':revision': ifRevision }),
              };
    try {
      await withRetries(
        'PutItem',
        () => this.client.send(new PutItemCommand({ TableName: this.tableName, Item: marshall(item, { removeUndefinedValues: true }), ...condition })),
        this.policy,
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException' || ifRevision === undefined) throw error;
      // A retried put whose first attempt was written finds its own revision: that is no conflict.
      if ((await this.read(valid.id))?.revision === revision) return;
      throw partnerEditConflict(valid.id, ifRevision);
    }
  }

  async remove(partnerId: string): Promise<boolean> {
    const out = await withRetries(
      'DeleteItem',
      () =>
        this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: marshall(keys.partner(partnerId)), ReturnValues: 'ALL_OLD' })),
      this.policy,
    );
    await withRetries(
      'DeleteItem',
      () => this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: marshall(keys.partnerState(partnerId)) })),
      this.policy,
    );
    return out.Attributes !== undefined;
  }

  private fromItem(item: Record<string, unknown>): Partner {
    const settings: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(item)) if (!ITEM_ONLY.has(name)) settings[name] = value;
    try {
      return checkPartner(settings, `table ${this.tableName}`);
    } catch (error) {
      throw new StorageError((error as Error).message, { cause: error });
    }
  }
}
