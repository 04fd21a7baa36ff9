import { describe, expect, it } from 'vitest';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { IngestionSummary, PartnerState } from '../../../shared/ports.js';
import { DynamoIngestionRunStore } from '../../../shared/adapters/dynamo/run-store.js';
import { DynamoPartnerStateStore } from '../../../shared/adapters/dynamo/partner-state-store.js';
import { keys } from '../../../shared/adapters/dynamo/table.js';
import { useLocalAws } from '../../support/local-aws.js';

const aws = useLocalAws('dynamo-state-stores');

function run(runId: string, startedAt: string, partnerId = 'antara'): IngestionSummary {
  return {
    partnerId,
    runId,
    startedAt,
    fetched: true,
    notModified: false,
    new: 2,
    updated: 1,
    unchanged: 7,
    failed: 0,
    skippedItems: 1,
    truncated: true,
    rawKey: 'raw/antara/2024/06/13/abc.xml.gz',
    warnings: ['document is truncated: it ended before closing <rss>', 'item 3 (guid "a-3") skipped: item has neither title nor text'],
  };
}

describe('DynamoDB partner state store', () => {
  it('returns the state as stored, and nothing for a partner never polled', async () => {
    const store = new DynamoPartnerStateStore(aws.dynamo, aws.tableName);
    const state: PartnerState = {
      partnerId: 'antara',
      etag: '"v42"',
      lastModified: 'Thu, 13 Jun 2024 02:30:00 GMT',
      consecutiveFailures: 0,
      circuit: 'closed',
      nextPollAt: '2024-06-13T02:35:00.000Z',
      lastSuccessAt: '2024-06-13T02:30:00.000Z',
      ttlMinutes: 15,
    };
    await store.put(state);
    expect(await store.get('antara')).toEqual(state);
    expect(await store.get('never-polled')).toBeUndefined();
  });

  it('replaces the state on the next put, dropping fields that are gone', async () => {
    const store = new DynamoPartnerStateStore(aws.dynamo, aws.tableName);
    await store.put({ partnerId: 'tempo', consecutiveFailures: 5, circuit: 'open', lastError: 'HTTP 503' });
    await store.put({ partnerId: 'tempo', consecutiveFailures: 0, circuit: 'closed', etag: '"v1"' });
    expect(await store.get('tempo')).toEqual({ partnerId: 'tempo', consecutiveFailures: 0, circuit: 'closed', etag: '"v1"' });
  });
});

describe('DynamoDB ingestion run store', () => {
  it('lists a partner\'s runs newest first, only that partner\'s', async () => {
    const store = new DynamoIngestionRunStore(aws.dynamo, aws.tableName);
    await store.record(run('r1', '2024-06-13T01:00:00.000Z'));
    await store.record(run('r3', '2024-06-13T03:00:00.000Z'));
    await store.record(run('other', '2024-06-13T04:00:00.000Z', 'kompas'));
    await store.record(run('r2', '2024-06-13T02:00:00.000Z'));
    const recent = await store.listRecent('antara', 2);
    expect(recent.map((r) => r.runId)).toEqual(['r3', 'r2']);
    expect(recent[0]).toEqual(run('r3', '2024-06-13T03:00:00.000Z'));
  });

  it('lets a run expire by TTL, counted from when it started', async () => {
    const store = new DynamoIngestionRunStore(aws.dynamo, aws.tableName, { retentionDays: 7 });
    await store.record(run('ttl', '2024-06-13T00:00:00.000Z', 'ttl-partner'));
    const key = keys.run('ttl-partner', '2024-06-13T00:00:00.000Z', 'ttl');
    const out = await aws.dynamo.send(new GetItemCommand({ TableName: aws.tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }));
    expect(Number(out.Item?.expiresAt?.N)).toBe(Date.parse('2024-06-20T00:00:00.000Z') / 1000);
  });
});
