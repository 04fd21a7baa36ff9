import { describe, expect, it } from 'vitest';
import { DynamoItemHashStore, MAX_ITEM_HASHES, packItemHashes, unpackItemHashes } from '../../../shared/adapters/dynamo/item-hash-store.js';
import { useLocalAws } from '../../support/local-aws.js';

const aws = useLocalAws('dynamo-item-hash-store');
const hex = (n: number) => n.toString(16).padStart(16, '0');

describe('DynamoDB item hash store', () => {
  it('packs 16 bytes per entry and reads back what it packed', () => {
    const map = new Map([[hex(1), hex(2)], ['ffffffffffffffff', '0123456789abcdef']]);
    const packed = packItemHashes(map);
    expect(packed.byteLength).toBe(32);
    expect(unpackItemHashes(packed)).toEqual(map);
  });

  it('keeps at most MAX_ITEM_HASHES entries, the first in document order', () => {
    const map = new Map(Array.from({ length: MAX_ITEM_HASHES + 5 }, (_, i) => [hex(i), hex(i + 1)] as [string, string]));
    const back = unpackItemHashes(packItemHashes(map));
    expect(back.size).toBe(MAX_ITEM_HASHES);
    expect(back.has(hex(MAX_ITEM_HASHES))).toBe(false);
  });

  it('stores one map per partner, replaces it on put, and returns an empty map for a partner never stored', async () => {
    const store = new DynamoItemHashStore(aws.dynamo, aws.tableName);
    expect(await store.get('never')).toEqual(new Map());
    await store.put('antara', new Map([[hex(1), hex(2)], [hex(3), hex(4)]]));
    await store.put('kontan', new Map([[hex(9), hex(9)]]));
    await store.put('antara', new Map([[hex(1), hex(5)]]));
    expect(await store.get('antara')).toEqual(new Map([[hex(1), hex(5)]]));
    expect(await store.get('kontan')).toEqual(new Map([[hex(9), hex(9)]]));
  });
});
