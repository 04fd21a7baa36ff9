import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  PutItemCommand,
  type AttributeValue,
  type CancellationReason,
  type PutItemCommandInput,
  type TransactWriteItemsCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, NotFound, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ArticlesRefusedError, EditConflictError, StorageError, VersionConflictError } from '../../shared/errors.js';
import { DynamoPartnerStore } from '../../shared/adapters/dynamo/partner-store.js';
import { partnerSchema } from '../../shared/model/partner.js';
import { DynamoArticleStore } from '../../shared/adapters/dynamo/article-store.js';
import { S3RawArchive } from '../../shared/adapters/s3/raw-archive.js';
import { makeArticle } from '../support/articles.js';

const TABLE = 'articles';
const dynamo = mockClient(DynamoDBClient);
const s3 = mockClient(S3Client);

/** Backoff that records its delays instead of waiting, so the tests prove bounded time without sleeping. */
function recordingPolicy(maxAttempts = 5) {
  const delays: number[] = [];
  return { delays, retry: { maxAttempts, baseDelayMs: 20, maxDelayMs: 200, random: () => 1, sleep: async (ms: number) => void delays.push(ms) } };
}

const meta = { $metadata: {} };
const throttled = () => new ProvisionedThroughputExceededException({ message: 'Rate exceeded', ...meta });
const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    CancellationReasons: codes.map((Code): CancellationReason => ({ Code })),
    ...meta,
  });

/** Ids of the articles put by each TransactWriteItems call. */
function transactedIds(): string[][] {
  return dynamo.commandCalls(TransactWriteItemsCommand).map((call) =>
    (call.args[0].input as TransactWriteItemsCommandInput).TransactItems!.map((item) => unmarshall(item.Put!.Item!).id as string),
  );
}

beforeEach(() => {
  dynamo.reset();
  s3.reset();
  // Nothing stored yet: every article is new.
  dynamo.on(BatchGetItemCommand).resolves({ Responses: { [TABLE]: [] } });
  dynamo.on(BatchWriteItemCommand).resolves({});
  dynamo.on(TransactWriteItemsCommand).resolves({});
});

describe('DynamoDB faults', () => {
  const isStampBatch = (input: { RequestItems?: Record<string, WriteRequest[]> }) =>
    (input.RequestItems?.[TABLE] ?? []).some((r) => String(unmarshall((r.PutRequest?.Item ?? r.DeleteRequest!.Key)!).pk).startsWith('STAMP#'));

  it('writes no article when the feed stamps cannot be marked first (a feed could otherwise be vouched for while it changes)', async () => {
    dynamo.on(BatchWriteItemCommand).callsFake((input) => {
      if (isStampBatch(input)) throw new InternalServerError({ message: 'stamp write failed', ...meta });
      return {};
    });
    const { retry } = recordingPolicy(2);
    const store = new DynamoArticleStore(new DynamoDBClient({}), TABLE, { retry });

    await expect(store.putMany([makeArticle(1)])).rejects.toThrow(StorageError);
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
  });

  it('keeps the articles written when only the stamps\' end fails (the writing mark then holds the stamps back)', async () => {
    let stampBatches = 0;
    dynamo.on(BatchWriteItemCommand).callsFake((input) => {
      if (isStampBatch(input) && ++stampBatches === 2) throw new InternalServerError({ message: 'stamp end failed', ...meta });
      return {};
    });
    const { retry } = recordingPolicy(1);
    const store = new DynamoArticleStore(new DynamoDBClient({}), TABLE, { retry });

    await store.putMany([makeArticle(1), makeArticle(2)]);
    expect(transactedIds()).toEqual([['art-0001', 'art-0002']]);
    expect(stampBatches).toBe(2);
  });

  it('retries the items a BatchWriteItem leaves unprocessed until every one is written, with bounded backoff (no loss, bounded time)', async () => {
    const written: string[] = [];
    let call = 0;
    let stampCalls = 0;
    dynamo.on(BatchWriteItemCommand).callsFake((input: { RequestItems: Record<string, WriteRequest[]> }) => {
      const requests = input.RequestItems[TABLE]!;
      // The feed stamps' own writes around the put (dynamo/feed-stamps.ts) are taken whole and left out of the count.
      if (requests.every((r) => String(unmarshall((r.PutRequest?.Item ?? r.DeleteRequest!.Key)!).pk).startsWith('STAMP#'))) {
        stampCalls++;
        return {};
      }
      // Throttled: the first two calls only take the first half of what they are sent.
      const taken = ++call <= 2 ? requests.slice(0, Math.ceil(requests.length / 2)) : requests;
      written.push(...taken.map((r) => `${unmarshall(r.PutRequest!.Item!).pk}|${unmarshall(r.PutRequest!.Item!).id}`));
      const rest = requests.slice(taken.length);
      return rest.length > 0 ? { UnprocessedItems: { [TABLE]: rest } } : {};
    });
    const { delays, retry } = recordingPolicy();
    const store = new DynamoArticleStore(new DynamoDBClient({}), TABLE, { retry });
    const articles = Array.from({ length: 10 }, (_, i) => makeArticle(i + 1, { categories: ['Politics', 'Economy'] }));

    await store.putMany(articles);

    const expected = articles.flatMap((a) => [`CAT#politics|${a.id}`, `CAT#economy|${a.id}`]);
    expect(written.sort()).toEqual(expected.sort());
    expect(dynamo.commandCalls(BatchWriteItemCommand).length - stampCalls).toBe(3);
    expect(stampCalls).toBe(2);
    expect(delays).toEqual([20, 40]);
    expect(transactedIds().flat().sort()).toEqual(articles.map((a) => a.id).sort());
  });

  it('retries a transaction cancelled by throttling and commits each article once (no loss, no duplicate)', async () => {
    dynamo.on(TransactWriteItemsCommand).rejectsOnce(cancelled(['None', 'ThrottlingError', 'None'])).resolves({});
    const { delays, retry } = recordingPolicy();
    const store = new DynamoArticleStore(new DynamoDBClient({}), TABLE, { retry });

    await store.putMany([makeArticle(1), makeArticle(2), makeArticle(3)]);

    expect(transactedIds()).toEqual([
      ['art-0001', 'art-0002', 'art-0003'],
      ['art-0001', 'art-0002', 'art-0003'],
    ]);
    expect(delays).toEqual([20]);
  });

  it('sends a throttled transaction again with the same ClientRequestToken, so a lost answer is not a lost race', async () => {
    dynamo.on(TransactWriteItemsCommand).rejectsOnce(throttled()).rejectsOnce(new InternalServerError({ message: 'oops', ...meta })).resolves({});
    const { retry } = recordingPolicy();
    const store = new DynamoArticleStore(new DynamoDBClient({}), TABLE, { retry });

    await store.putMany([makeArticle(1)]);

    const tokens = dynamo.commandCalls(TransactWriteItemsCommand).map((c) => c.args[0].input.ClientRequestToken);
    expect(tokens).toHaveLength(3);
    expect(new Set(tokens).size).toBe(1);
  });

  it('writes the rest of a batch when one article fails its version condition, and names only that one (no lost update)', async () => {
    dynamo.on(TransactWriteItemsCommand).rejectsOnce(cancelled(['None', 'ConditionalCheckFailed', 'None'])).resolves({});
    const store = new DynamoArticleStore(new DynamoDBClient({}), TABLE, recordingPolicy());

    const error = await store.putMany([makeArticle(1), makeArticle(2), makeArticle(3)]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError).ids).toEqual(['art-0002']);
    expect(transactedIds()).toEqual([
      ['art-0001', 'art-0002', 'art-0003'],
      ['art-0001', 'art-0003'],
    ]);
  });

  it('stores the rest of a batch when DynamoDB refuses one article as it is (ValidationError), and names that one', async () => {
    const refusal = new TransactionCanceledException({
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError, None]',
      CancellationReasons: [{ Code: 'None' }, { Code: 'ValidationError', Message: 'Item size has exceeded the maximum allowed size' }, { Code: 'None' }],
      ...meta,
    });
    dynamo.on(TransactWriteItemsCommand).rejectsOnce(refusal).resolves({});
    const store = new DynamoArticleStore(new DynamoDBClient({}), TABLE, recordingPolicy());

    const error = await store.putMany([makeArticle(1), makeArticle(2), makeArticle(3)]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArticlesRefusedError);
    expect((error as ArticlesRefusedError).refused).toEqual([
      { id: 'art-0002', guid: makeArticle(2).guid, reason: `article art-0002 (guid "${makeArticle(2).guid}") was refused by DynamoDB: Item size has exceeded the maximum allowed size` },
    ]);
    expect((error as Error).message).toMatch(/^1 article\(s\) DynamoDB will not hold: article art-0002 /);
    expect(transactedIds()).toEqual([
      ['art-0001', 'art-0002', 'art-0003'],
      ['art-0001', 'art-0003'],
    ]);
  });

  it('still fails the write on a cancellation reason it does not know, rather than guess', async () => {
    dynamo.on(TransactWriteItemsCommand).rejectsOnce(cancelled(['None', 'ItemCollectionSizeLimitExceeded'])).resolves({});
    const store = new DynamoArticleStore(new DynamoDBClient({}), TABLE, recordingPolicy());

    const error = await store.putMany([makeArticle(1), makeArticle(2)]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toBe('article art-0002 was refused by DynamoDB: ItemCollectionSizeLimitExceeded');
  });

  it('finishes a batch whose second transaction fails once midway, without re-sending the first (no duplicate)', async () => {
    dynamo
      .on(TransactWriteItemsCommand)
      .resolvesOnce({})
      .rejectsOnce(new ThrottlingException({ message: 'Throughput exceeds the current capacity', ...meta }))
      .resolves({});
    const { retry } = recordingPolicy();
    const store = new DynamoArticleStore(new DynamoDBClient({}), TABLE, { retry, transactionSize: 3 });
    const articles = Array.from({ length: 6 }, (_, i) => makeArticle(i + 1));

    await store.putMany(articles);

    expect(transactedIds()).toEqual([
      ['art-0001', 'art-0002', 'art-0003'],
      ['art-0004', 'art-0005', 'art-0006'],
      ['art-0004', 'art-0005', 'art-0006'],
    ]);
  });

  it('splits a batch of large articles into transactions under the 4 MB limit', async () => {
    const store = new DynamoArticleStore(new DynamoDBClient({}), TABLE, recordingPolicy());
    // Just under DynamoDB's 400 KB per item; counted twice for safety, five fit in one transaction.
    const big = 'x'.repeat(300_000);
    await store.putMany([1, 2, 3, 4, 5, 6, 7].map((n) => makeArticle(n, { bodyText: big, bodyHtml: '' })));
    expect(transactedIds().map((ids) => ids.length)).toEqual([5, 2]);
  });

  it('gives up with a StorageError after its attempts when throttling never ends (bounded time)', async () => {
    dynamo.on(TransactWriteItemsCommand).rejects(throttled());
    const { delays, retry } = recordingPolicy(4);
    const store = new DynamoArticleStore(new DynamoDBClient({}), TABLE, { retry });

    await expect(store.putMany([makeArticle(1)])).rejects.toBeInstanceOf(StorageError);

    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(4);
    expect(delays).toEqual([20, 40, 80]);
  });

  it('takes a conditional partner put whose lost answer was retried into its own condition failure as written (no false conflict)', async () => {
    const store = new DynamoPartnerStore(new DynamoDBClient({ region: 'us-east-1' }), TABLE, { retry: recordingPolicy().retry });
    const partner = partnerSchema.parse({ id: 'kontan', name: 'KONTAN', feedUrl: 'https://kontan.example/rss.xml' });
    const written: Record<string, AttributeValue>[] = [];
    const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', ...meta });
    // The first attempt is written but its answer is lost (throttled, retried); the retry then finds its own revision.
    dynamo
      .on(PutItemCommand)
      .callsFakeOnce((input: PutItemCommandInput) => {
        written.push(input.Item!);
        throw throttled();
      })
      .rejects(conditionFailed());
    dynamo.on(GetItemCommand).callsFake(() => ({ Item: written.at(-1) }));
    await store.put(partner, { ifRevision: '' });
    expect(dynamo.commandCalls(PutItemCommand)).toHaveLength(2);

    // Someone else's revision in the table is a conflict.
    written.push({ ...written[0]!, revision: { S: 'someone-else' } });
    dynamo.on(PutItemCommand).rejects(conditionFailed());
    await expect(store.put(partner, { ifRevision: '' })).rejects.toThrow(EditConflictError);
  });

  it('retries the keys a BatchGetItem leaves unprocessed, so a re-read after a crash sees every stored article', async () => {
    const a = makeArticle(1);
    const b = makeArticle(2);
    const item = (x: typeof a) => ({ pk: { S: `ART#${x.id}` }, sk: { S: 'ART' }, id: { S: x.id }, version: { N: '1' } });
    dynamo
      .on(BatchGetItemCommand)
      .resolvesOnce({ Responses: { [TABLE]: [item(a)] }, UnprocessedKeys: { [TABLE]: { Keys: [{ pk: { S: `ART#${b.id}` }, sk: { S: 'ART' } }] } } })
      .resolves({ Responses: { [TABLE]: [item(b)] } });
    const store = new DynamoArticleStore(new DynamoDBClient({}), TABLE, recordingPolicy());

    const found = await store.getMany([a.id, b.id]);

    expect([...found.keys()].sort()).toEqual([a.id, b.id]);
    expect(dynamo.commandCalls(BatchGetItemCommand)[0]!.args[0].input.RequestItems![TABLE]!.ConsistentRead).toBe(true);
  });
});

describe('S3 faults', () => {
  const payload = {
    partnerId: 'antara',
    url: 'https://partner.example/feed.xml',
    fetchedAt: '2024-06-13T02:30:00.000Z',
    httpStatus: 200,
    contentType: 'application/rss+xml',
    body: new TextEncoder().encode('<rss/>'),
  };

  it('surfaces a failed raw write as a StorageError and leaves no hash pointer to a missing payload (no loss)', async () => {
    s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', ...meta }));
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({ name: 'AccessDenied', message: 'Access Denied', $fault: 'client', ...meta }),
    );
    const archive = new S3RawArchive(new S3Client({}), 'raw-bucket', recordingPolicy());

    const error = await archive.put(payload).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toBe('could not archive the raw payload of partner "antara": Access Denied');
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatch(/^raw\/antara\//);
  });

  it('retries a throttled raw write (SlowDown) and then stores it', async () => {
    s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', ...meta }));
    s3.on(PutObjectCommand)
      .rejectsOnce(new S3ServiceException({ name: 'SlowDown', message: 'Please reduce your request rate.', $fault: 'server', ...meta }))
      .resolves({});
    const { delays, retry } = recordingPolicy();
    const archive = new S3RawArchive(new S3Client({}), 'raw-bucket', { retry });

    const { created } = await archive.put(payload);

    expect(created).toBe(true);
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key!);
    expect(puts).toHaveLength(3);
    expect(puts[0]).toBe(puts[1]);
    expect(puts[2]).toMatch(/^raw-by-hash\/antara\/[0-9a-f]{64}$/);
    expect(delays).toEqual([20]);
  });
});
