import { describe, expect, inject, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
      // Telemetry off (issue 13): the JVM runs with -disableTelemetry.
      const commandLine = (await readFile(`/proc/${first.dynamoPid}/cmdline`, 'utf8')).split('\0');
      expect(commandLine).toContain('-disableTelemetry');
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
    // Two JVM starts in a row: ~25 s each on a loaded two-core machine.
  }, 120_000);

  it('answers no web origin in CORS, so a page open in a browser on this machine cannot reach DynamoDB Local', async () => {
    const { dynamoEndpoint } = inject('localAws')!;
    const preflight = await fetch(dynamoEndpoint, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-amz-target' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const request = await fetch(dynamoEndpoint, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    expect(request.headers.get('access-control-allow-origin')).toBeNull();
  });
});
