import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadConfig, requireSetting } from '../../shared/config.js';
import { createPartnerDirectory } from '../../shared/partner-directory.js';
import { systemClock } from '../../shared/ports.js';
import { createPublishHandler } from '../../shared/publish/apigw.js';
import { createPublisher, publishConfigFrom } from '../../shared/publish/publish.js';
import { DynamoArticleStore } from '../../shared/storage/dynamo-article-store.js';

// Built once per container: config read at the edge, one DynamoDB client reused across invocations.
const config = loadConfig(process.env);
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
const partners = config.PARTNERS_FILE || config.PARTNERS_PARAMETER ? await createPartnerDirectory(config) : undefined;

/** API Gateway HTTP API (payload 2.0) → feeds, the index page and the article API. */
export const handler = createPublishHandler(
  createPublisher({
    store: new DynamoArticleStore(documents, requireSetting(config, 'TABLE_NAME')),
    clock: systemClock,
    partners,
    config: publishConfigFrom(config),
  }),
);
