import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { event } from './harness.js';

const dynamo = mockClient(DynamoDBClient);
let handler: (typeof import('../../functions/publish/handler.js'))['handler'];

beforeAll(async () => {
  dynamo.onAnyCommand().resolves({});
  dynamo.on(QueryCommand).resolves({ Items: [] });
  process.env.TABLE_NAME = 'wirefeed-articles-test';
  process.env.CACHE_MAX_AGE_SECONDS = '300';
  process.env.WEBSUB_HUB_URL = 'https://hub.example.com/';
  delete process.env.PARTNERS_FILE;
  // The handler reads its configuration and builds its clients at module scope: import it once the env is set.
  ({ handler } = await import('../../functions/publish/handler.js'));
});
afterAll(() => {
  dynamo.restore();
  for (const name of ['TABLE_NAME', 'CACHE_MAX_AGE_SECONDS', 'WEBSUB_HUB_URL']) delete process.env[name];
});

describe('publish Lambda handler', () => {
  it('serves a feed from DynamoDB with the configured cache age and hub', async () => {
    const res = await handler(event('/feeds/all.atom'));
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(res.headers?.['cache-control']).toBe('public, max-age=300');
    expect(res.body).toContain('<link rel="hub" href="https://hub.example.com/"/>');
    expect(dynamo.commandCalls(QueryCommand).length).toBeGreaterThan(0);
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input.TableName).toBe('wirefeed-articles-test');
  });

  it('answers an unknown article with 404', async () => {
    const res = await handler(event('/articles/nope'));
    expect(res.statusCode).toBe(404);
  });
});
