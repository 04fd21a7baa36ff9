import { BatchWriteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { countAwsCalls, emptyCounts, writtenKeys } from '../../shared/adapters/counting-middleware.js';

/** A client whose requests never leave the process: a serialize-step middleware answers with `output`. */
function offlineDynamo(output: (input: Record<string, unknown>) => Record<string, unknown>, seen: Array<Record<string, unknown>> = []) {
  const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  client.middlewareStack.add(
    () => async (args: { input: object }) => {
      const input = args.input as Record<string, unknown>;
      seen.push(input);
      return { output: { $metadata: {}, ...output(input) } as never, response: {} };
    },
    { step: 'serialize', name: 'offline', priority: 'high' },
  );
  return client;
}

describe('countAwsCalls', () => {
  it('counts calls per command and sums the consumed capacity by kind', async () => {
    const counts = emptyCounts();
    const client = offlineDynamo((input) =>
      'Key' in input ? { ConsumedCapacity: { TableName: 't', CapacityUnits: 0.5 } } : { ConsumedCapacity: { TableName: 't', CapacityUnits: 3 } },
    );
    countAwsCalls(client, counts, { requestConsumedCapacity: true });
    await client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'ART#1' }, sk: { S: 'ART' } } }));
    await client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'ART#2' }, sk: { S: 'ART' } } }));
    await client.send(new PutItemCommand({ TableName: 't', Item: { pk: { S: 'PARTNER#p' }, sk: { S: 'STATE' } } }));
    expect(counts.byCommand).toEqual({ GetItem: 2, PutItem: 1 });
    expect(counts.readCapacity).toBe(1);
    expect(counts.writeCapacity).toBe(3);
    expect(counts.itemsWritten).toEqual({ PARTNER: 1 });
  });

  it('asks for consumed capacity only when told to, and never overrides the caller', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const client = offlineDynamo(() => ({}), seen);
    const counts = emptyCounts();
    countAwsCalls(client, counts, { requestConsumedCapacity: true });
    await client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'x' } } }));
    await client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'x' } }, ReturnConsumedCapacity: 'NONE' }));
    expect(seen.map((i) => i.ReturnConsumedCapacity)).toEqual(['TOTAL', 'NONE']);

    const plainSeen: Array<Record<string, unknown>> = [];
    const plain = offlineDynamo(() => ({}), plainSeen);
    countAwsCalls(plain, emptyCounts());
    await plain.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'x' } } }));
    expect(plainSeen[0].ReturnConsumedCapacity).toBeUndefined();
  });

  it('counts failed calls as calls, and as failures', async () => {
    const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    client.middlewareStack.add(
      () => async () => {
        throw new Error('throttled');
      },
      { step: 'serialize', name: 'offline', priority: 'high' },
    );
    const counts = emptyCounts();
    countAwsCalls(client, counts);
    await expect(client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'x' } } }))).rejects.toThrow('throttled');
    expect(counts.byCommand.GetItem).toBe(1);
    expect(counts.failed).toBe(1);
  });

  it('counts S3 calls on an S3 client with the same counter', async () => {
    const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    s3.middlewareStack.add(() => async () => ({ output: { $metadata: {} }, response: {} }), { step: 'serialize', name: 'offline', priority: 'high' });
    const counts = emptyCounts();
    countAwsCalls(s3, counts);
    await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }));
    expect(counts.byCommand).toEqual({ PutObject: 1 });
  });
});

describe('writtenKeys', () => {
  it('names every item of a batch write and a transaction by its key prefix', () => {
    expect(
      writtenKeys('BatchWriteItem', {
        RequestItems: {
          t: [{ PutRequest: { Item: { pk: { S: 'CAT#ekonomi' } } } }, { DeleteRequest: { Key: { pk: { S: 'CAT#politik' } } } }],
        },
      }),
    ).toEqual(['CAT', 'CAT']);
    expect(
      writtenKeys('TransactWriteItems', {
        TransactItems: [{ Put: { Item: { pk: { S: 'ART#1' } } } }, { Update: { Key: { pk: { S: 'ART#2' } } } }, { ConditionCheck: { Key: { pk: { S: 'ART#3' } } } }],
      }),
    ).toEqual(['ART', 'ART']);
  });

  it('counts a transaction sent through the client', async () => {
    const client = offlineDynamo(() => ({}));
    const counts = emptyCounts();
    countAwsCalls(client, counts);
    await client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 't', Item: { pk: { S: 'ART#1' } } } }] }));
    await client.send(new BatchWriteItemCommand({ RequestItems: { t: [{ PutRequest: { Item: { pk: { S: 'RUN#p' } } } }] } }));
    expect(counts.itemsWritten).toEqual({ ART: 1, RUN: 1 });
  });
});
