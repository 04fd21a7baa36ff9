import { describe, expect, it } from 'vitest';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { DynamoPartnerStore } from '../../../shared/adapters/dynamo/partner-store.js';
import { DynamoPartnerArticles } from '../../../shared/adapters/dynamo/partner-articles.js';
import { DynamoArticleStore } from '../../../shared/adapters/dynamo/article-store.js';
import { DynamoPartnerStateStore } from '../../../shared/adapters/dynamo/partner-state-store.js';
import { partnerSchema, type Partner } from '../../../shared/model/partner.js';
import { keys } from '../../../shared/adapters/dynamo/table.js';
import { useLocalAws } from '../../support/local-aws.js';
import { EditConflictError } from '../../../shared/errors.js';
import { makeArticle } from '../../support/articles.js';

const aws = useLocalAws('partner-store');

const kontan: Partner = partnerSchema.parse({
  id: 'kontan',
  name: 'KONTAN',
  feedUrl: 'https://kontan.example/rss.xml',
  auth: { type: 'header', header: 'X-Api-Key', secret: 'wirefeed/kontan-key' },
});

describe('DynamoDB partner store', () => {
  it('keeps one item per partner and lists them all, by id', async () => {
    const store = new DynamoPartnerStore(aws.dynamo, aws.tableName);
    await store.put({ ...kontan, id: 'meridian', name: 'Meridian' });
    await store.put(kontan);
    expect((await store.list()).map((p) => p.id)).toEqual(['kontan', 'meridian']);
    expect(await store.get('kontan')).toEqual(kontan);
    expect(await store.get('nobody')).toBeUndefined();
  });

  it('stores the secret by name only', async () => {
    const store = new DynamoPartnerStore(aws.dynamo, aws.tableName);
    await store.put(kontan);
    const { Item } = await aws.dynamo.send(new GetItemCommand({ TableName: aws.tableName, Key: marshall(keys.partner('kontan')) }));
    expect(Item?.auth?.M?.secret?.S).toBe('wirefeed/kontan-key');
  });

  it('refuses to write an invalid partner, naming the partner and the field', async () => {
    const store = new DynamoPartnerStore(aws.dynamo, aws.tableName);
    await expect(store.put({ ...kontan, id: 'bad', feedUrl: 'ftp://x.example/feed' })).rejects.toThrow(/^partner "bad" field "feedUrl": /);
  });

  it('reports an item edited into something invalid instead of using it', async () => {
    const store = new DynamoPartnerStore(aws.dynamo, aws.tableName);
    const item = { ...keys.partner('broken'), type: 'partner', id: 'broken', name: 'B', feedUrl: 'https://b.example/', pollIntervalSecs: 60 };
    await aws.dynamo.send(new PutItemCommand({ TableName: aws.tableName, Item: marshall(item) }));
    await expect(store.get('broken')).rejects.toThrow(/partner "broken": unknown field "pollIntervalSecs" \(did you mean "pollIntervalSeconds"\?\)/);
    await store.remove('broken');
  });

  it('writes a conditional put only while the stored partner has the revision it names', async () => {
    const store = new DynamoPartnerStore(aws.dynamo, aws.tableName);
    const id = 'edited';
    await store.put({ ...kontan, id }, { ifRevision: null });
    await expect(store.put({ ...kontan, id, name: 'Second add' }, { ifRevision: null })).rejects.toThrow(
      new EditConflictError('partner "edited" was added by another edit meanwhile: nothing written (look at it with: wirefeed partners show edited, then run the command again)'),
    );
    const seen = (await store.read(id))!;
    expect(seen.partner).toEqual({ ...kontan, id });
    await store.put({ ...kontan, id, name: 'First editor' }, { ifRevision: seen.revision });
    await expect(store.put({ ...kontan, id, name: 'Second editor' }, { ifRevision: seen.revision })).rejects.toThrow(EditConflictError);
    const now = (await store.read(id))!;
    expect(now.partner.name).toBe('First editor');
    expect(now.revision).not.toBe(seen.revision);
    await store.remove(id);
    await expect(store.put({ ...kontan, id }, { ifRevision: now.revision })).rejects.toThrow(EditConflictError);
    expect(await store.get(id)).toBeUndefined();
  });

  it('gives an item written without a revision (by hand, or before revisions) the revision ""', async () => {
    const store = new DynamoPartnerStore(aws.dynamo, aws.tableName);
    const item = { ...keys.partner('by-hand'), type: 'partner', id: 'by-hand', name: 'By hand', feedUrl: 'https://h.example/' };
    await aws.dynamo.send(new PutItemCommand({ TableName: aws.tableName, Item: marshall(item) }));
    const seen = (await store.read('by-hand'))!;
    expect(seen.revision).toBe('');
    await store.put({ ...seen.partner, name: 'Edited' }, { ifRevision: '' });
    await expect(store.put({ ...seen.partner, name: 'Stale' }, { ifRevision: '' })).rejects.toThrow(EditConflictError);
    expect((await store.get('by-hand'))?.name).toBe('Edited');
    await store.remove('by-hand');
  });

  it('removes the partner with its fetch state', async () => {
    const store = new DynamoPartnerStore(aws.dynamo, aws.tableName);
    const states = new DynamoPartnerStateStore(aws.dynamo, aws.tableName);
    await store.put({ ...kontan, id: 'gone' });
    await states.put({ partnerId: 'gone', consecutiveFailures: 1, circuit: 'closed' });
    expect(await store.remove('gone')).toBe(true);
    expect(await store.get('gone')).toBeUndefined();
    expect(await states.get('gone')).toBeUndefined();
    expect(await store.remove('gone')).toBe(false);
  });
});

describe('DynamoDB partner articles', () => {
  it('counts a partner\'s articles and purges them, leaving other partners\' alone', async () => {
    const articles = new DynamoArticleStore(aws.dynamo, aws.tableName);
    await articles.putMany([
      makeArticle(1, { id: 'p1', partnerId: 'purged' }),
      makeArticle(2, { id: 'p2', partnerId: 'purged' }),
      makeArticle(3, { id: 'k1', partnerId: 'kept' }),
    ]);
    const byPartner = new DynamoPartnerArticles(aws.dynamo, aws.tableName);
    expect(await byPartner.count('purged')).toBe(2);
    expect(await byPartner.purge('purged')).toBe(2);
    expect(await byPartner.count('purged')).toBe(0);
    expect(await articles.get('p1')).toBeUndefined();
    expect(await articles.get('k1')).toBeDefined();
  });
});
