import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadConfig, requireSetting } from '../../shared/config.js';
import { createPartnerDirectory, partnersConfigured } from '../../shared/adapters/partner-directory.js';
import { systemClock } from '../../shared/ports.js';
import { createPublishHandler } from './apigw.js';
import { createPublisher, publishConfigFrom } from '../../shared/publish/publish.js';
import { DynamoArticleStore } from '../../shared/adapters/dynamo/article-store.js';

// Built once per container: config read at the edge, one DynamoDB client reused across invocations.
const config = loadConfig(process.env);
const dynamo = new DynamoDBClient({});
// The partner list itself is read on first use.
const directory = partnersConfigured(config) ? createPartnerDirectory(config) : undefined;

/** API Gateway HTTP API (payload 2.0) → feeds, the index page and the article API. */
export const handler = createPublishHandler(
  createPublisher({
    store: new DynamoArticleStore(dynamo, requireSetting(config, 'TABLE_NAME')),
    clock: systemClock,
    partners: directory,
    config: publishConfigFrom(config),
  }),
);
