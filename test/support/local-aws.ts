import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  createBucket,
  createTable,
  localDynamoClient,
  localS3Client,
  startLocalServices,
  type LocalAws,
} from '../../infra/local/services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/support/local-aws-setup.ts (vitest globalSetup): one DynamoDB Local and s3rver for the run. */
    localAws?: { dynamoEndpoint: string; s3Endpoint: string };
  }
}

/** A table and a bucket of one's own on DynamoDB Local and s3rver, with clients for them. */
export interface LocalAwsContext {
  dynamo: DynamoDBClient;
  s3: S3Client;
  tableName: string;
  bucketName: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
}

/**
 * Call at the top of a test file (or a describe): before its tests, a fresh table (keys, indexes and TTL from
 * table.ts) and bucket with unique names, so files can run in parallel; after them, the table is deleted.
 * Uses the services of the globalSetup when it is configured, otherwise starts its own for this file.
 * The returned object is filled in by beforeAll: read its fields inside tests and hooks only.
 */
export function useLocalAws(label: string): LocalAwsContext {
  const state: Partial<LocalAwsContext> = {};
  let own: LocalAws | undefined;
  const suffix = `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 30)}-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    let endpoints = inject('localAws');
    if (!endpoints) {
      own = await startLocalServices({});
      endpoints = { dynamoEndpoint: own.dynamoEndpoint, s3Endpoint: own.s3Endpoint };
    }
    const dynamo = localDynamoClient(endpoints.dynamoEndpoint);
    const s3 = localS3Client(endpoints.s3Endpoint);
    const tableName = `wirefeed-${suffix}`;
    const bucketName = `wirefeed-${suffix}`;
    await Promise.all([createTable(dynamo, tableName), createBucket(s3, bucketName)]);
    Object.assign(state, { dynamo, s3, tableName, bucketName, ...endpoints });
  });

  afterAll(async () => {
    if (state.dynamo && state.tableName) {
      await state.dynamo.send(new DeleteTableCommand({ TableName: state.tableName })).catch(() => {});
    }
    state.dynamo?.destroy();
    state.s3?.destroy();
    await own?.stop();
  });

  return new Proxy(state as LocalAwsContext, {
    get(target, property) {
      const value = target[property as keyof LocalAwsContext];
      if (value === undefined) throw new Error(`useLocalAws("${label}").${String(property)} was read before beforeAll ran`);
      return value;
    },
  });
}
