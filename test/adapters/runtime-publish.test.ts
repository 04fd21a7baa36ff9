import { describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createRuntime } from '../../shared/adapters/runtime.js';
import { keys } from '../../shared/adapters/dynamo/table.js';
import { loadConfig } from '../../shared/config.js';

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
