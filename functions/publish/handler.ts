import { loadConfig } from '../../shared/config.js';
import { createPublishRuntime } from '../../shared/adapters/runtime/publish.js';
import { createPublisher } from '../../shared/publish/publish.js';
import { lambdaCredentials } from '../commons/aws-credentials.js';
import { createPublishHandler } from './apigw.js';

// Built once per container: config read at the edge, one DynamoDB client reused across invocations (the only
// client this function bundles). Not traced: the publisher's one DynamoDB query per request shows in X-Ray's
// function segment, and the tracer costs cold start.
const runtime = createPublishRuntime(loadConfig(process.env), { credentials: lambdaCredentials });

/** API Gateway HTTP API (payload 2.0) → feeds, the index page and the article API. */
export const handler = createPublishHandler(createPublisher(runtime.publish()));
