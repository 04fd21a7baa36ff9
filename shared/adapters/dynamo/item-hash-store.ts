import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ItemHashStore } from '../../ports.js';
import { retryPolicy, withRetries, type RetryPolicy } from '../retry.js';
import { keys } from './table.js';

/** Bytes per entry: an 8-byte item key and an 8-byte raw hash (both 16 hex digits in the port). */
const ENTRY_BYTES = 16;
/**
 * Entries kept per partner: 16 bytes each, so 20,000 stay well inside DynamoDB's 400 KB item limit; items past
 * it (in document order) are normalized on every poll, which is only slower.
 */
export const MAX_ITEM_HASHES = 20_000;

/** Packs a map of 16-hex-digit keys and hashes into one binary value; entries that are not 16 hex digits are left out. */
export function packItemHashes(hashes: Map<string, string>): Uint8Array {
  const hex = /^[0-9a-f]{16}$/;
  const entries = [...hashes].filter(([k, v]) => hex.test(k) && hex.test(v)).slice(0, MAX_ITEM_HASHES);
  const out = Buffer.alloc(entries.length * ENTRY_BYTES);
  entries.forEach(([k, v], i) => {
    out.write(k, i * ENTRY_BYTES, 'hex');
    out.write(v, i * ENTRY_BYTES + 8, 'hex');
  });
  return out;
}

/** Reads what packItemHashes wrote. */
export function unpackItemHashes(bytes: Uint8Array): Map<string, string> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<string, string>();
  for (let at = 0; at + ENTRY_BYTES <= buf.length; at += ENTRY_BYTES) {
    out.set(buf.toString('hex', at, at + 8), buf.toString('hex', at + 8, at + ENTRY_BYTES));
  }
  return out;
}

/**
 * One item per partner (pk=PARTNER#{id}, sk=ITEMHASHES) holding its last document's item hashes as one binary
 * attribute: a 1,000-item feed is a 16 KB item, read once per changed poll instead of every stored article.
 */
export class DynamoItemHashStore implements ItemHashStore {
  private readonly policy: RetryPolicy;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    options: { retry?: Partial<RetryPolicy> } = {},
  ) {
    this.policy = retryPolicy(options.retry);
  }

  async get(partnerId: string): Promise<Map<string, string>> {
    const key = keys.itemHashes(partnerId);
    const out = await withRetries(
      'GetItem',
      () =>
        this.client.send(
          new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } }, ConsistentRead: true }),
        ),
      this.policy,
    );
    const bytes = out.Item?.hashes?.B;
    return bytes ? unpackItemHashes(bytes) : new Map();
  }

  async put(partnerId: string, hashes: Map<string, string>): Promise<void> {
    const key = keys.itemHashes(partnerId);
    await withRetries(
      'PutItem',
      () =>
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: { pk: { S: key.pk }, sk: { S: key.sk }, type: { S: 'item-hashes' }, hashes: { B: packItemHashes(hashes) } },
          }),
        ),
      this.policy,
    );
  }
}
