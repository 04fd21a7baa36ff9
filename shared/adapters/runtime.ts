import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config.js';
import { requireSetting } from '../config.js';
import { DynamoArticleStore } from './dynamo/article-store.js';
import { DynamoPartnerStateStore } from './dynamo/partner-state-store.js';
import { DynamoIngestionRunStore } from './dynamo/run-store.js';
import { S3RawArchive } from './s3/raw-archive.js';

/**
 * The AWS clients and storage adapters, built once at the edge (a Lambda's module scope, the CLI, the local
 * stack). Endpoints come from the SDK's standard AWS_ENDPOINT_URL_* variables, which is how the local stack points
 * the same code at DynamoDB Local and s3rver.
 */
export function createStorageAdapters(config: Config) {
  const tableName = requireSetting(config, 'TABLE_NAME');
  const dynamo = new DynamoDBClient({});
  return {
    dynamo,
    articles: new DynamoArticleStore(dynamo, tableName, { retentionDays: config.ARTICLE_RETENTION_DAYS }),
    partnerStates: new DynamoPartnerStateStore(dynamo, tableName),
    runs: new DynamoIngestionRunStore(dynamo, tableName),
  };
}

/** The raw archive; only the functions that fetch or replay need it. */
export function createRawArchive(config: Config): S3RawArchive {
  return new S3RawArchive(new S3Client({}), requireSetting(config, 'RAW_BUCKET_NAME'));
}
