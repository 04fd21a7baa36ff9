import { describe, expect, it } from 'vitest';
import { CreateTableCommand, GetItemCommand, QueryCommand, ScanCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { randomBytes } from 'node:crypto';
import type { Article } from '../../../shared/model/article.js';
import type { Clock, FeedStamp } from '../../../shared/ports.js';
import { WRITING_WINDOW_MS } from '../../../shared/adapters/dynamo/feed-stamps.js';
import { DynamoPartnerArticles } from '../../../shared/adapters/dynamo/partner-articles.js';
import { STAMP_SETTLE_MS, stampPart } from '../../../shared/publish/feed-stamp.js';
import { DynamoArticleStore } from '../../../shared/adapters/dynamo/article-store.js';
import { createTableInput, keys, timeToLiveInput } from '../../../shared/adapters/dynamo/table.js';
import { localDynamoClient } from '../../../infra/local/services.js';
import { useLocalAws } from '../../support/local-aws.js';
import { articleStoreContract, allPages, CONTRACT_NOW } from '../../support/article-store-contract.js';
import { makeArticle, nextVersion } from '../../support/articles.js';
import { ArticlesRefusedError } from '../../../shared/errors.js';

const aws = useLocalAws('dynamo-article-store');
const noWait = { sleep: async () => {} };

/** A fresh table per test on the file's DynamoDB Local, so the "latest overall" cases see only their articles. */
async function freshTable(): Promise<string> {
  const name = `articles-${randomBytes(6).toString('hex')}`;
  await aws.dynamo.send(new CreateTableCommand(createTableInput(name)));
  await aws.dynamo.send(new UpdateTimeToLiveCommand(timeToLiveInput(name)));
  return name;
}

articleStoreContract('DynamoDB store', async (clock) => new DynamoArticleStore(aws.dynamo, await freshTable(), { clock, retry: noWait }));

describe('DynamoDB store: table layout', () => {
  const clock: Clock = { now: () => CONTRACT_NOW };

  it('spreads the "latest overall" index over its shards (no hot partition)', async () => {
    const table = await freshTable();
    const store = new DynamoArticleStore(aws.dynamo, table, { clock });
    await store.putMany(Array.from({ length: 64 }, (_, i) => makeArticle(i + 1)));
    const out = await aws.dynamo.send(new ScanCommand({ TableName: table, IndexName: 'gsi1-latest' }));
    const perShard = new Map<string, number>();
    for (const item of out.Items ?? []) {
      const shard = unmarshall(item).gsi1pk as string;
      perShard.set(shard, (perShard.get(shard) ?? 0) + 1);
    }
    expect(perShard.size).toBe(8);
    expect(Math.max(...perShard.values())).toBeLessThanOrEqual(16);
  });

  it('sets the TTL from the retention days on the article and its index items, and none when retention is 0', async () => {
    const table = await freshTable();
    await new DynamoArticleStore(aws.dynamo, table, { clock, retentionDays: 30 }).putMany([makeArticle(1)]);
    await new DynamoArticleStore(aws.dynamo, table, { clock, retentionDays: 0 }).putMany([makeArticle(2)]);
    const expected = CONTRACT_NOW.getTime() / 1000 + 30 * 86_400;
    const kept = await aws.dynamo.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'ART#art-0001' }, sk: { S: 'ART' } } }));
    expect(Number(kept.Item?.expiresAt?.N)).toBe(expected);
    const category = await aws.dynamo.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: keys.categoryIndex('politics', '', '').pk } },
      }),
    );
    const byId = new Map((category.Items ?? []).map((i) => [unmarshall(i).id as string, unmarshall(i)]));
    expect(byId.get('art-0001')?.expiresAt).toBe(expected);
    expect(byId.get('art-0002')?.expiresAt).toBeUndefined();
    const forever = await aws.dynamo.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'ART#art-0002' }, sk: { S: 'ART' } } }));
    expect(forever.Item?.expiresAt).toBeUndefined();
  });

  it('reads about one page of items for a page of the merged "latest overall" feed, not a page per shard', async () => {
    const table = await freshTable();
    const client = localDynamoClient(aws.dynamoEndpoint);
    let itemsRead = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        if (context.commandName === 'QueryCommand') itemsRead += (out.output as { Count?: number }).Count ?? 0;
        return out;
      },
      { step: 'initialize', name: 'countItemsRead' },
    );
    const store = new DynamoArticleStore(client, table, { clock });
    await store.putMany(Array.from({ length: 160 }, (_, i) => makeArticle(i + 1)));
    const page = await store.latest({ limit: 20 });
    expect(page.articles.map((a) => a.id)).toEqual(Array.from({ length: 20 }, (_, i) => makeArticle(160 - i).id));
    // 8 shards x (ceil(21 / 8) + 2) = 40 at first, a few more pages where the newest cluster in one shard.
    expect(itemsRead).toBeLessThanOrEqual(80);
    client.destroy();
  });

  it('deletes the category index items an update no longer needs', async () => {
    const table = await freshTable();
    const store = new DynamoArticleStore(aws.dynamo, table, { clock });
    const a = makeArticle(1, { categories: ['Politics'] });
    await store.putMany([a]);
    await store.putMany([nextVersion(a, { categories: ['Sport'] })]);
    const politics = await aws.dynamo.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: keys.categoryIndex('politics', '', '').pk } },
      }),
    );
    expect(politics.Count).toBe(0);
  });
});

describe('DynamoDB store: crash and re-run', () => {
  const clock: Clock = { now: () => CONTRACT_NOW };

  /**
   * A client on the same DynamoDB Local that dies (throws, as a Lambda killed mid-run would stop) on its
   * TransactWriteItems call number `crashAt`, after the earlier transactions of the batch have committed.
   */
  function crashingClient(crashAt: number) {
    const client = localDynamoClient(aws.dynamoEndpoint);
    let transactions = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && ++transactions === crashAt) throw new Error('Lambda timed out');
        return next(args);
      },
      { step: 'initialize', name: 'crashMidBatch' },
    );
    return client;
  }

  /** What the ingest use case does: read what is stored, write new and changed articles one version up. */
  async function ingest(store: DynamoArticleStore, incoming: Article[]): Promise<void> {
    const stored = await store.getMany(incoming.map((a) => a.id));
    const changed: Article[] = [];
    for (const article of incoming) {
      const previous = stored.get(article.id);
      if (!previous) changed.push(article);
      else if (previous.contentHash !== article.contentHash) changed.push({ ...article, version: previous.version + 1 });
    }
    if (changed.length > 0) await store.putMany(changed);
  }

  it('leaves every article exactly once, at the right version, when a re-run follows a crash after half the batch (no loss, no duplicate)', async () => {
    const table = await freshTable();
    const batch = Array.from({ length: 20 }, (_, i) => makeArticle(i + 1, { categories: ['Politics'] }));
    // Half the batch already exists at version 1 and changes in this run: it must end at version 2, not 3.
    const healthy = new DynamoArticleStore(aws.dynamo, table, { clock });
    await healthy.putMany(batch.slice(0, 10));
    const changedBatch = batch.map((a, i) => (i < 10 ? { ...a, contentHash: `${a.contentHash}-v2`, title: `${a.title} (corrected)` } : a));

    const crashing = crashingClient(3);
    const dying = new DynamoArticleStore(crashing, table, { clock, transactionSize: 5 });
    await expect(ingest(dying, changedBatch)).rejects.toThrow('Lambda timed out');
    crashing.destroy();
    const afterCrash = await healthy.getMany(batch.map((a) => a.id));
    expect(afterCrash.size).toBeLessThan(20);

    await ingest(healthy, changedBatch);
    await ingest(healthy, changedBatch); // a third run changes nothing

    const stored = await healthy.getMany(batch.map((a) => a.id));
    expect(stored.size).toBe(20);
    for (const [i, article] of batch.entries()) {
      const s = stored.get(article.id)!;
      expect([s.id, s.version, s.title]).toEqual([article.id, i < 10 ? 2 : 1, changedBatch[i]!.title]);
    }
    for (const query of [{}, { category: 'politics' }, { partnerId: 'antara' }, { language: 'en' }]) {
      const listed = (await allPages(healthy, { limit: 6, ...query })).flat().map((a) => a.id);
      expect(listed).toHaveLength(20);
      expect(new Set(listed).size).toBe(20);
    }
  });
});

describe('DynamoDB store: feed stamps around a write', () => {
  const at = CONTRACT_NOW.getTime();
  const clock: Clock = { now: () => CONTRACT_NOW };

  /** A client on the same DynamoDB Local that calls `during` before each TransactWriteItems and can drop a write's end. */
  function watchingClient(during: () => Promise<void>, options: { dropEnd?: boolean; failTransactions?: boolean } = {}) {
    const client = localDynamoClient(aws.dynamoEndpoint);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          await during();
          if (options.failTransactions) throw new Error('Lambda timed out');
        }
        const input = args.input as { RequestItems?: Record<string, { DeleteRequest?: unknown }[]> };
        // A write's end is the only batch that deletes a WRITING mark: dropping it is a process that died there.
        if (options.dropEnd && context.commandName === 'BatchWriteItemCommand' && Object.values(input.RequestItems ?? {}).flat().some((r) => r.DeleteRequest)) {
          throw new Error('Lambda timed out');
        }
        return next(args);
      },
      { step: 'initialize', name: 'watchWrite' },
    );
    return client;
  }

  it('marks the stamps as being written while the articles go in, and replaces the token again when they are in', async () => {
    const table = await freshTable();
    const observer = new DynamoArticleStore(aws.dynamo, table, { clock });
    const seen: (FeedStamp | undefined)[] = [];
    const store = new DynamoArticleStore(watchingClient(async () => void seen.push(await observer.feedStamp({ partnerId: 'antara' }))), table, { clock });
    await store.putMany([makeArticle(1)]);

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ changedAt: at, writingUntil: at + WRITING_WINDOW_MS });
    const after = await observer.feedStamp({ partnerId: 'antara' });
    expect(after).toMatchObject({ changedAt: at, writingUntil: 0 });
    expect(after!.token).not.toBe(seen[0]!.token);
    // While the mark stands no tag names the stamp; once written and settled, one does.
    expect(stampPart(seen[0], at + STAMP_SETTLE_MS, 'feed')).toBeUndefined();
    expect(stampPart(after, at + STAMP_SETTLE_MS, 'feed')).toMatch(/^[A-Za-z0-9_-]{12}$/);
  });

  it('holds the stamps back for the writing window when a write dies before its end, then vouches again', async () => {
    const table = await freshTable();
    const before = new DynamoArticleStore(aws.dynamo, table, { clock });
    await before.putMany([makeArticle(1)]);
    const vouched = await before.feedStamp({});
    const store = new DynamoArticleStore(watchingClient(async () => {}, { dropEnd: true, failTransactions: true }), table, { clock, retry: noWait });

    await expect(store.putMany([makeArticle(2)])).rejects.toThrow('Lambda timed out');

    const died = await before.feedStamp({});
    expect(died!.token).not.toBe(vouched!.token);
    expect(died!.writingUntil).toBe(at + WRITING_WINDOW_MS);
    expect(stampPart(died, at + WRITING_WINDOW_MS - 1, 'feed')).toBeUndefined();
    const later = new DynamoArticleStore(aws.dynamo, table, { clock: { now: () => new Date(at + WRITING_WINDOW_MS + 1) } });
    const expired = await later.feedStamp({});
    expect(expired).toMatchObject({ token: died!.token, writingUntil: 0 });
    expect(stampPart(expired, at + WRITING_WINDOW_MS + 1, 'feed')).toBeDefined();
  });

  it('replaces the stamps over all articles and the partner when a partner is purged', async () => {
    const table = await freshTable();
    const store = new DynamoArticleStore(aws.dynamo, table, { clock });
    await store.putMany([makeArticle(1), makeArticle(2, { partnerId: 'kontan' })]);
    const [all, antara, kontan] = await Promise.all([store.feedStamp({}), store.feedStamp({ partnerId: 'antara' }), store.feedStamp({ partnerId: 'kontan' })]);

    expect(await new DynamoPartnerArticles(aws.dynamo, table, { clock }).purge('antara')).toBe(1);

    expect((await store.feedStamp({}))!.token).not.toBe(all!.token);
    expect((await store.feedStamp({ partnerId: 'antara' }))!).toMatchObject({ writingUntil: 0 });
    expect((await store.feedStamp({ partnerId: 'antara' }))!.token).not.toBe(antara!.token);
    expect(await store.feedStamp({ partnerId: 'kontan' })).toEqual(kontan);
  });
});

describe('DynamoDB store: articles past the 400 KB item limit', () => {
  const clock: Clock = { now: () => CONTRACT_NOW };
  const paragraph = `<p>${'Kata demi kata dalam laporan panjang tentang ekonomi Asia Tenggara. '.repeat(30)}</p>`;
  const longHtml = paragraph.repeat(Math.ceil(700_000 / paragraph.length));
  /** Random letters: what no compressor shrinks below the limit at this length. */
  const noise = (chars: number) => randomBytes(chars).toString('base64').slice(0, chars);

  it('stores a 700 KB body compressed, beside its neighbours in the same write, and reads it back whole', async () => {
    const table = await freshTable();
    const store = new DynamoArticleStore(aws.dynamo, table, { clock, retry: noWait });
    const big = makeArticle(2, { bodyHtml: longHtml, bodyText: longHtml.replace(/<[^>]+>/g, ' ') });
    await store.putMany([makeArticle(1), big, makeArticle(3)]);
    expect(await store.get(big.id)).toEqual(big);
    const many = await store.getMany(['art-0001', big.id, 'art-0003']);
    expect([...many.keys()].sort()).toEqual(['art-0001', 'art-0002', 'art-0003']);
    expect(many.get(big.id)).toEqual(big);
    const page = await store.latest({ limit: 10 });
    expect(page.articles.find((a) => a.id === big.id)).toEqual(big);
    // Small items stay as they were: plain attributes, readable in the console.
    const small = await aws.dynamo.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'ART#art-0001' }, sk: { S: 'ART' } } }));
    expect(small.Item?.bodyHtml?.S).toBe(makeArticle(1).bodyHtml);
  });

  it('refuses only the article that is too large even compressed, naming it, and stores the rest with no index item left behind', async () => {
    const table = await freshTable();
    const store = new DynamoArticleStore(aws.dynamo, table, { clock, retry: noWait });
    const huge = makeArticle(2, { bodyHtml: `<p>${noise(600_000)}</p>`, bodyText: noise(600_000), categories: ['politics'] });
    const error = await store.putMany([makeArticle(1), huge, makeArticle(3)]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ArticlesRefusedError);
    expect((error as ArticlesRefusedError).refused.map((r) => r.id)).toEqual(['art-0002']);
    expect((error as ArticlesRefusedError).refused[0]!.reason).toMatch(/^article art-0002 \(guid "guid-2"\) is \d+ KB, \d+ KB compressed, past DynamoDB's 400 KB item limit$/);
    expect(await store.get('art-0001')).toEqual(makeArticle(1));
    expect(await store.get('art-0003')).toEqual(makeArticle(3));
    expect(await store.get('art-0002')).toBeUndefined();
    const index = await aws.dynamo.send(new ScanCommand({ TableName: table, FilterExpression: 'id = :id', ExpressionAttributeValues: { ':id': { S: 'art-0002' } } }));
    expect(index.Items).toEqual([]);
  });
});
