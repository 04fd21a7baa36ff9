import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeLocalStackInfo } from '../../shared/adapters/local-discovery.js';
import { findTarget } from '../../shared/cli/partners-target.js';
import { tempDir } from '../support/temp-dir.js';

const cloudFormation = mockClient(CloudFormationClient);

/** A data folder whose discovery file says a local stack runs (this very process, so it counts as alive). */
async function runningLocalStack(): Promise<string> {
  const dir = tempDir('wirefeed-target-');
  await writeLocalStackInfo(dir, {
    pid: process.pid,
    apiUrl: 'http://localhost:3000',
    tableName: 'wirefeed-articles',
    bucketName: 'wirefeed-raw',
    dynamoEndpoint: 'http://127.0.0.1:1',
    s3Endpoint: 'http://127.0.0.1:2',
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return dir;
}

describe('findTarget', () => {
  beforeEach(() => {
    cloudFormation.reset();
    cloudFormation.on(DescribeStacksCommand, { StackName: 'Newsroom-Stateful' }).resolves({
      Stacks: [
        {
          StackName: 'Newsroom-Stateful',
          CreationTime: new Date(0),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'TableName', OutputValue: 'Newsroom-Articles' },
            { OutputKey: 'RawBucketName', OutputValue: 'newsroom-raw' },
          ],
        },
      ],
    });
  });
  afterEach(() => cloudFormation.reset());

  it('finds the running local stack when nothing is named', async () => {
    const data = await runningLocalStack();
    const target = await findTarget({ data }, {});
    expect(target).toMatchObject({ isLocalStack: true, tableName: 'wirefeed-articles' });
  });

  it('uses the stack named by --stack even while a local stack runs', async () => {
    const data = await runningLocalStack();
    const target = await findTarget({ data, stack: 'Newsroom' }, {});
    expect(target).toMatchObject({ description: 'stack Newsroom-Stateful (table Newsroom-Articles)', tableName: 'Newsroom-Articles', bucketName: 'newsroom-raw' });
    expect(target.isLocalStack).toBeUndefined();
  });

  it('uses the table named by --table even while a local stack runs', async () => {
    const data = await runningLocalStack();
    const target = await findTarget({ data, table: 'Other-Articles' }, {});
    expect(target).toMatchObject({ description: 'table Other-Articles', tableName: 'Other-Articles' });
  });

  it('keeps to the running local stack when TABLE_NAME is merely set in the environment', async () => {
    const data = await runningLocalStack();
    const target = await findTarget({ data }, { TABLE_NAME: 'Left-Over-From-Ingest' });
    expect(target).toMatchObject({ isLocalStack: true, tableName: 'wirefeed-articles' });
  });

  it('refuses --local together with --stack: they name different targets', async () => {
    const data = await runningLocalStack();
    await expect(findTarget({ data, local: true, stack: 'Newsroom' }, {})).rejects.toThrow('--local and --stack name different targets: give one of them');
  });

  it('names the --stack it could not read, without talking of a local stack', async () => {
    cloudFormation.on(DescribeStacksCommand, { StackName: 'Typo-Stateful' }).rejects(new Error('Stack with id Typo-Stateful does not exist'));
    await expect(findTarget({ data: tempDir('wirefeed-target-'), stack: 'Typo' }, {})).rejects.toThrow(
      'the deployed stack Typo-Stateful could not be read (Stack with id Typo-Stateful does not exist); check --stack and your AWS credentials, or pass --table',
    );
  });
});
