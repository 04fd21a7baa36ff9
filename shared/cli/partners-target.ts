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
 * Finds the target, in this order: `--table` or `--stack` (a deployed table, the user's AWS credentials); the local
 * stack when `--local` is given or its discovery file says it runs; TABLE_NAME from the environment; the outputs of
 * the deployed `Wirefeed-Stateful` stack (CloudFormation DescribeStacks with the user's credentials). A flag is an
 * explicit choice and wins over finding the local stack; TABLE_NAME is not: it is often left set in a shell for
 * `wirefeed ingest`, and must not send a partner edit to a deployed table while the local stack runs.
 */
export async function findTarget(values: Record<string, unknown>, env: Record<string, string | undefined>): Promise<PartnersTarget> {
  const table = values.table as string | undefined;
  const stack = values.stack as string | undefined;
  const bucket = (values.bucket as string | undefined) ?? env.RAW_BUCKET_NAME;
  if (values.local && (table || stack)) throw new ConfigError(`--local and ${table ? '--table' : '--stack'} name different targets: give one of them`);
  if (table) return awsTarget(table, bucket, `table ${table}`);
  if (stack) return stackTarget(stack, bucket, true);
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
  return stackTarget('Wirefeed', bucket, false);
}

/** The table (and raw bucket) in the outputs of the deployed stateful stack with this prefix. */
async function stackTarget(prefix: string, bucket: string | undefined, explicit: boolean): Promise<PartnersTarget> {
  const stackName = `${prefix}-Stateful`;
  const outputs = await stackOutputs(stackName, explicit);
  if (!outputs.TableName) throw new ConfigError(`stack ${stackName} has no TableName output (deploy it first, or pass --table)`);
  return awsTarget(outputs.TableName, bucket ?? outputs.RawBucketName, `stack ${stackName} (table ${outputs.TableName})`);
}

function awsTarget(tableName: string, bucketName: string | undefined, description: string): PartnersTarget {
  return { description, dynamo: new DynamoDBClient({}), tableName, bucketName, s3: new S3Client({}) };
}

/** `explicit`: the stack was named by --stack, so the message does not talk of a local stack the user did not ask for. */
async function stackOutputs(stackName: string, explicit: boolean): Promise<Record<string, string>> {
  // Loaded only here: the only command that needs CloudFormation is one pointed at a deployed stack.
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const client = new CloudFormationClient({});
  try {
    const out = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    return Object.fromEntries((out.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new ConfigError(
      explicit
        ? `the deployed stack ${stackName} could not be read (${reason}); check --stack and your AWS credentials, or pass --table`
        : `no local stack is running, and the deployed stack ${stackName} could not be read (${reason}); start one with npm start, or pass --table`,
    );
  } finally {
    client.destroy();
  }
}
