import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PartnerState, PartnerStateStore } from '../../ports.js';
import { keys } from './table.js';
import { retryPolicy, withRetries, type RetryPolicy } from '../retry.js';

/** Attributes of the item that are not part of the state (so fields added to PartnerState later come back too). */
const ITEM_ONLY = new Set(['pk', 'sk', 'type']);

/** Per-partner fetch state, one item per partner (pk=PARTNER#{id}, sk=STATE); it never expires. */
export class DynamoPartnerStateStore implements PartnerStateStore {
  private readonly policy: RetryPolicy;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    options: { retry?: Partial<RetryPolicy> } = {},
  ) {
    this.policy = retryPolicy(options.retry);
  }

  async get(partnerId: string): Promise<PartnerState | undefined> {
    const out = await withRetries(
      'GetItem',
      () =>
        this.client.send(
          new GetItemCommand({ TableName: this.tableName, Key: marshall(keys.partnerState(partnerId)), ConsistentRead: true }),
        ),
      this.policy,
    );
    if (!out.Item) return undefined;
    const item = unmarshall(out.Item);
    const state: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(item)) if (!ITEM_ONLY.has(name)) state[name] = value;
    return state as unknown as PartnerState;
  }

  /** Replaces the partner's state (the last run to finish has the freshest view of the partner). */
  async put(state: PartnerState): Promise<void> {
    const item = { ...state, ...keys.partnerState(state.partnerId), type: 'partner-state' };
    await withRetries(
      'PutItem',
      () => this.client.send(new PutItemCommand({ TableName: this.tableName, Item: marshall(item, { removeUndefinedValues: true }) })),
      this.policy,
    );
  }
}
