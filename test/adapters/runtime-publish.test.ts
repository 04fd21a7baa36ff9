import { describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient, GetItemCommand, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createRuntime } from '../../shared/adapters/runtime.js';
import { keys } from '../../shared/adapters/dynamo/table.js';
import { loadConfig } from '../../shared/config.js';
import { createPublishRuntime } from '../../shared/adapters/runtime/publish.js';
import { createPublisher } from '../../shared/publish/publish.js';

describe('the composition root: publish', () => {
  it('gives the publisher the partner states from the table, each last error already redacted for publishing', async () => {
    const dynamo = mockClient(DynamoDBClient);
    dynamo.on(GetItemCommand, { Key: marshall(keys.partnerState('kontan')) }).resolves({
      Item: marshall({ ...keys.partnerState('kontan'), partnerId: 'kontan', consecutiveFailures: 1, circuit: 'closed', lastError: 'redirect to http://10.0.0.9/admin refused' }),
    });
    dynamo.on(GetItemCommand, { Key: marshall(keys.partner('kontan')) }).resolves({
      Item: marshall({ ...keys.partner('kontan'), id: 'kontan', name: 'KONTAN', feedUrl: 'https://kontan.example/rss', format: 'auto', pollIntervalSeconds: 300, enabled: true, local: false }),
    });
    try {
      const runtime = createRuntime(loadConfig({ TABLE_NAME: 'wirefeed-test' }), { clients: { dynamo: new DynamoDBClient({ region: 'eu-west-1' }) } });
      const state = await runtime.publish().partnerStates!.get('kontan');
      expect(state).toMatchObject({ partnerId: 'kontan', consecutiveFailures: 1, lastError: 'redirect to [other address] refused' });
    } finally {
      dynamo.restore();
    }
  });
});

describe('the publish function\'s wiring under throttling', () => {
  it('gives up within 3 attempts per read and answers 503 with Retry-After, so a reader waits instead of timing out', async () => {
    const dynamo = mockClient(DynamoDBClient);
    dynamo.onAnyCommand().rejects(new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} }));
    const logs: string[] = [];
    try {
      // maxAttempts 1: the SDK's own retries are its business; what is counted here is ours.
      const runtime = createPublishRuntime(loadConfig({ TABLE_NAME: 'wirefeed-test' }), { dynamo: new DynamoDBClient({ region: 'eu-west-1', maxAttempts: 1 }) });
      const publish = createPublisher({ ...runtime.publish(), log: (line) => logs.push(line) });
      const res = await publish({ method: 'GET', rawPath: '/feeds/all.rss', rawQueryString: '', headers: { host: 'feeds.example.com' } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(logs.join('\n')).toMatch(/failed after 3 attempts: Rate exceeded/);
      const calls = dynamo.calls().length;
      expect(calls).toBeGreaterThan(0);
      expect(calls % 3).toBe(0);
    } finally {
      dynamo.restore();
    }
  });
});
