import { loadConfig } from '../../shared/config.js';
import type { DispatchDeps } from '../../shared/ingest/dispatch.js';
import { createDispatchRuntime } from '../../shared/adapters/runtime/dispatch.js';
import { lambdaCredentials } from '../commons/aws-credentials.js';
import { logger, metrics, tracer } from '../commons/observability.js';
import { createDispatchHandler } from './dispatch-handler.js';

// Built once per container: configuration read at the edge, clients (DynamoDB and SQS only) reused across the
// minute ticks.
const runtime = createDispatchRuntime(loadConfig(process.env), {
  credentials: lambdaCredentials,
  wrapClient: (client) => tracer.captureAWSv3Client(client),
});
// Built inside a promise so a partners misconfiguration rejects it, as before, rather than failing the init.
const deps = new Promise<DispatchDeps>((resolve) => resolve(runtime.dispatch()));
// Keep an unawaited rejection from crashing the init: the first tick reports it instead.
deps.catch(() => {});

/** EventBridge schedule (every minute) → partners due → SQS FIFO ingest queue. */
export const handler = createDispatchHandler(deps, { logger, metrics });
