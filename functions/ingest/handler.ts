import { loadConfig } from '../../shared/config.js';
import { createIngestRuntime } from '../../shared/adapters/runtime/ingest.js';
import { lambdaCredentials } from '../commons/aws-credentials.js';
import { logger, reportIngestion, tracer } from '../commons/observability.js';
import { createIngestHandler } from './ingest-handler.js';

// Built once per container from the environment read here. Its clients are traced like the dispatcher's: the
// DynamoDB and S3 calls of a partner run are where its time goes, and X-Ray is on for every function.
const runtime = createIngestRuntime(loadConfig(process.env), {
  credentials: lambdaCredentials,
  wrapClient: (client) => tracer.captureAWSv3Client(client),
  secretsEnv: process.env,
}).ingest();

export const handler = createIngestHandler(
  runtime,
  (summary) => reportIngestion(summary),
  (message, messageId) => logger.error('ingest message failed', { messageId, error: message }),
);
