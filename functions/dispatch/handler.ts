import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadConfig, requireSetting } from '../../shared/config.js';
import type { DispatchDeps } from '../../shared/ingest/dispatch.js';
import { isDue } from '../../shared/ingest/partner-health.js';
import { createPartnerDirectory } from '../../shared/adapters/partner-directory.js';
import { systemClock } from '../../shared/ports.js';
import { DynamoPartnerStateStore } from '../../shared/adapters/dynamo/partner-state-store.js';
import { logger, metrics, tracer } from '../commons/observability.js';
import { createDispatchHandler } from './dispatch-handler.js';
import { SqsIngestQueue } from '../../shared/adapters/sqs-ingest-queue.js';

// Built once per container: configuration read at the edge, clients reused across the minute ticks.
const config = loadConfig(process.env);
const states = new DynamoPartnerStateStore(tracer.captureAWSv3Client(new DynamoDBClient({})), requireSetting(config, 'TABLE_NAME'));
const queue = new SqsIngestQueue(tracer.captureAWSv3Client(new SQSClient({})), requireSetting(config, 'INGEST_QUEUE_URL'));
// Built inside a promise so a partners misconfiguration rejects it, as before, rather than failing the init.
const deps = new Promise<DispatchDeps>((resolve) =>
  resolve({ partners: createPartnerDirectory(config), states, queue, clock: systemClock, isDue }),
);
// Keep an unawaited rejection from crashing the init: the first tick reports it instead.
deps.catch(() => {});

/** EventBridge schedule (every minute) → partners due → SQS FIFO ingest queue. */
export const handler = createDispatchHandler(deps, { logger, metrics });
