import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { localDynamoClient, localS3Client, startLocalAws } from '../../../infra/local/services.js';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('local AWS services', () => {
  it('keeps table and bucket data under dataDir across a restart, and leaves no Java process after stop()', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'wirefeed-local-aws-'));
    const names = { tableName: 'articles-kept', bucketName: 'raw-kept' };
    try {
      const first = await startLocalAws({ dataDir, ...names });
      const dynamo = localDynamoClient(first.dynamoEndpoint);
      const s3 = localS3Client(first.s3Endpoint);
      await dynamo.send(new PutItemCommand({ TableName: names.tableName, Item: { pk: { S: 'ART#kept' }, sk: { S: 'ART' } } }));
      await s3.send(new PutObjectCommand({ Bucket: names.bucketName, Key: 'raw/kept', Body: 'payload' }));
      dynamo.destroy();
      s3.destroy();
      await first.stop();
      expect(isRunning(first.dynamoPid!)).toBe(false);

      // Started again on the same folder: the table and bucket exist already, which must not be an error.
      const second = await startLocalAws({ dataDir, ...names });
      try {
        const dynamo2 = localDynamoClient(second.dynamoEndpoint);
        const s32 = localS3Client(second.s3Endpoint);
        const item = await dynamo2.send(new GetItemCommand({ TableName: names.tableName, Key: { pk: { S: 'ART#kept' }, sk: { S: 'ART' } } }));
        expect(item.Item?.pk?.S).toBe('ART#kept');
        const object = await s32.send(new GetObjectCommand({ Bucket: names.bucketName, Key: 'raw/kept' }));
        expect(await object.Body!.transformToString()).toBe('payload');
        dynamo2.destroy();
        s32.destroy();
      } finally {
        await second.stop();
      }
      expect(isRunning(second.dynamoPid!)).toBe(false);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
