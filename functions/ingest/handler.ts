import { loadConfig } from '../../shared/config.js';
import { createRuntime } from '../../shared/adapters/runtime.js';
import { logger, reportIngestion, tracer } from '../commons/observability.js';
import { createIngestHandler } from './ingest-handler.js';

// Built once per container from the environment read here. Its clients are traced like the dispatcher's: the
// DynamoDB and S3 calls of a partner run are where its time goes, and X-Ray is on for every function.
const runtime = createRuntime(loadConfig(process.env), {
  wrapClient: (client) => tracer.captureAWSv3Client(client),
  secretsEnv: process.env,
}).ingest();

export const handler = createIngestHandler(
  runtime,
  (summary) => reportIngestion(summary),
  (message, messageId) => logger.error('ingest message failed', { messageId, error: message }),
);
