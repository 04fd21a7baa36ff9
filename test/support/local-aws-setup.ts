import type { TestProject } from 'vitest/node';
import { startLocalServices } from '../../infra/local/services.js';

/**
 * vitest globalSetup: one DynamoDB Local (a JVM, ~3-7 s to start) and one s3rver for the whole run, shared by
 * every file through useLocalAws(), each file with its own table and bucket.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const services = await startLocalServices({});
  project.provide('localAws', { dynamoEndpoint: services.dynamoEndpoint, s3Endpoint: services.s3Endpoint });
  return () => services.stop();
}
