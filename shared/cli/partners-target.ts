import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { ConfigError } from '../errors.js';
import { readLocalStackInfo } from '../adapters/local-discovery.js';
import type { OptionSpec } from './command.js';

/** Where `wirefeed partners …` reads and writes: the running local stack, or a deployed stack's table. */
export interface PartnersTarget {
  /** For messages: "the local stack (.wirefeed)", "table Wirefeed-Stateful-Articles…". */
  description: string;
  dynamo: DynamoDBClient;
  tableName: string;
  /** The raw bucket, for `refresh` (which archives what it fetches); absent when it cannot be known. */
  bucketName?: string;
  s3: S3Client;
  /** The local stack's API, for messages. */
  apiUrl?: string;
  /** The local stack: its `local` partners (loopback and private addresses) may be fetched from here too. */
  isLocalStack?: boolean;
}

/** The flags every partners command takes to choose its target. */
export const TARGET_OPTIONS: Record<string, OptionSpec> = {
  local: { type: 'boolean', description: 'Use the local stack `npm start` runs (found automatically when it runs).' },
  data: { type: 'string', description: 'The local stack\'s data folder (default .wirefeed).' },
  table: { type: 'string', description: 'A deployed table by name (default: from the stack outputs).' },
  bucket: { type: 'string', description: 'The raw bucket by name, for refresh (default: from the stack outputs).' },
  stack: { type: 'string', description: 'Prefix of the deployed stacks (default Wirefeed, i.e. Wirefeed-Stateful).' },
};

/**
 * Finds the target, in this order: `--table` (a deployed table, the user's AWS credentials); the local stack when
 * `--local` is given or its discovery file says it runs; TABLE_NAME from the environment; the outputs of the
 * deployed stateful stack (CloudFormation DescribeStacks with the user's credentials).
 */
export async function findTarget(values: Record<string, unknown>, env: Record<string, string | undefined>): Promise<PartnersTarget> {
  const table = values.table as string | undefined;
  const bucket = (values.bucket as string | undefined) ?? env.RAW_BUCKET_NAME;
  if (table) return awsTarget(table, bucket, `table ${table}`);
  const dataDir = resolve((values.data as string | undefined) ?? '.wirefeed');
  const local = await readLocalStackInfo(dataDir);
  if (local) {
    const client = { endpoint: local.dynamoEndpoint, region: local.region, credentials: local.credentials };
    return {
      description: `the local stack (${dataDir})`,
      dynamo: new DynamoDBClient(client),
      tableName: local.tableName,
      bucketName: local.bucketName,
      apiUrl: local.apiUrl,
      isLocalStack: true,
      s3: new S3Client({
          ...client,
          endpoint: local.s3Endpoint,
          forcePathStyle: true,
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    };
  }
  if (values.local) throw new ConfigError(`no local stack is running from ${dataDir} (start it with npm start, or pass --data)`);
  if (env.TABLE_NAME) return awsTarget(env.TABLE_NAME, bucket, `table ${env.TABLE_NAME}`);
  const stackName = `${(values.stack as string | undefined) ?? 'Wirefeed'}-Stateful`;
  const outputs = await stackOutputs(stackName);
  if (!outputs.TableName) throw new ConfigError(`stack ${stackName} has no TableName output (deploy it first, or pass --table)`);
  return awsTarget(outputs.TableName, bucket ?? outputs.RawBucketName, `stack ${stackName} (table ${outputs.TableName})`);
}

function awsTarget(tableName: string, bucketName: string | undefined, description: string): PartnersTarget {
  return { description, dynamo: new DynamoDBClient({}), tableName, bucketName, s3: new S3Client({}) };
}

async function stackOutputs(stackName: string): Promise<Record<string, string>> {
  // Loaded only here: the only command that needs CloudFormation is one pointed at a deployed stack.
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const client = new CloudFormationClient({});
  try {
    const out = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    return Object.fromEntries((out.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (error) {
    throw new ConfigError(
      `no local stack is running, and the deployed stack ${stackName} could not be read (${(error as Error).message.split('\n')[0]}); ` +
        'start one with npm start, or pass --table',
    );
  } finally {
    client.destroy();
  }
}
