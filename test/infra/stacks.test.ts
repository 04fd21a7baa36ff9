import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type WirefeedApp } from '../../infra/build-app.js';
import { bundleInitMs, bundleSizesFromAssembly, type BundleSize } from '../../infra/bundle-sizes.js';
import { TABLE } from '../../shared/adapters/dynamo/table.js';

/**
 * One synthesis of the app with default settings (functions really bundled with esbuild, cdk-nag run), shared by
 * every test in this file: bundling and cdk-nag are the slow parts.
 */
interface Synthesized {
  built: WirefeedApp;
  outdir: string;
  stateful: Template;
  stateless: Template;
  statelessJson: Record<string, any>;
  report: { pluginReports: Array<{ violations?: unknown[] }> };
}

function synthesize(context: Record<string, unknown>): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'wirefeed-cdk-test-'));
  const built = buildApp({ outdir, context });
  const assembly = built.app.synth();
  const stateful = assembly.getStackByName(built.stateful.stackName).template;
  const statelessJson = assembly.getStackByName(built.stateless.stackName).template;
  const reportPath = join(outdir, 'validation-report.json');
  const report = existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : { pluginReports: [] };
  return { built, outdir, stateful: Template.fromJSON(stateful), stateless: Template.fromJSON(statelessJson), statelessJson, report };
}

/** The IAM statements attached to one function's role. */
function statementsOf(template: Record<string, any>, fn: 'Dispatch' | 'Ingest' | 'Publish'): Array<Record<string, any>> {
  const resources = template.Resources as Record<string, any>;
  const roleId = Object.keys(resources).find((id) => id.startsWith(`${fn}Role`) && resources[id].Type === 'AWS::IAM::Role');
  expect(roleId).toBeDefined();
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((role: any) => role.Ref === roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
}

const actionsOf = (statements: Array<Record<string, any>>) =>
  [...new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])))].sort();

function functionNamed(template: Record<string, any>, fn: string): Record<string, any> {
  const entry = Object.entries(template.Resources as Record<string, any>).find(
    ([id, r]) => id.startsWith(`${fn}Function`) && r.Type === 'AWS::Lambda::Function',
  );
  expect(entry).toBeDefined();
  return entry![1].Properties;
}

let main: Synthesized;

beforeAll(() => {
  main = synthesize({});
}, 240_000);

afterAll(() => {
  if (main) rmSync(main.outdir, { recursive: true, force: true });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the default app', () => {
    // An error would have thrown in synth; warnings would be listed in the report.
    expect(main.report.pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);
  });
});

describe('stateful stack', () => {
  it('keeps the articles table on demand, with point-in-time recovery, TTL, encryption and deletion protection', () => {
    main.stateful.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
        ],
      }),
    });
  });

  it('creates every index the shared table definition declares', () => {
    const table = Object.values(main.stateful.findResources('AWS::DynamoDB::Table'))[0]!;
    const indexes = table.Properties.GlobalSecondaryIndexes.map((i: any) => ({
      name: i.IndexName,
      keys: i.KeySchema.map((k: any) => k.AttributeName),
    }));
    expect(indexes).toEqual(
      Object.values(TABLE.indexes).map((i) => ({ name: i.name, keys: [i.partitionKey, i.sortKey] })),
    );
  });

  it('encrypts the raw bucket, blocks public access, versions it and logs access to the log bucket', () => {
    main.stateful.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^AccessLogs') }, LogFilePrefix: 'raw-payloads/' },
      }),
    });
  });

  it('moves raw copies to Standard-IA after 30 days and expires them after the configured days', () => {
    main.stateful.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Status: 'Enabled',
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
            ExpirationInDays: 365,
          }),
        ]),
      },
    });
  });

  it('refuses plain HTTP on every bucket', () => {
    const policies = Object.values(main.stateful.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('is termination-protected by default', () => {
    expect(main.built.stateful.terminationProtection).toBe(true);
  });
});

describe('functions', () => {
  const names = ['Dispatch', 'Ingest', 'Publish'] as const;

  it.each(names)('%s runs on the newest Node.js runtime, on ARM64, traced, with JSON logs', (name) => {
    const fn = functionNamed(main.statelessJson, name);
    expect(fn.Runtime).toBe('nodejs24.x');
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
    expect(fn.LoggingConfig.LogFormat).toBe('JSON');
    expect(fn.Handler).toBe('index.handler');
  });

  it.each(names)('%s logs to its own log group kept 30 days', (name) => {
    const fn = functionNamed(main.statelessJson, name);
    const group = main.statelessJson.Resources[fn.LoggingConfig.LogGroup.Ref];
    expect(group.Type).toBe('AWS::Logs::LogGroup');
    expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('gives each function only the environment variables it reads', () => {
    const env = (name: string) => Object.keys(functionNamed(main.statelessJson, name).Environment.Variables).sort();
    // No PARTNERS_FILE or PARTNERS_PARAMETER: every function reads partners from the table.
    const common = ['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME'];
    expect(env('Dispatch')).toEqual([...common, 'INGEST_QUEUE_URL', 'TABLE_NAME'].sort());
    expect(env('Ingest')).toEqual([...common, 'ARTICLE_RETENTION_DAYS', 'RAW_BUCKET_NAME', 'SECRETS_SOURCE', 'TABLE_NAME'].sort());
    expect(env('Publish')).toEqual([...common, 'PUBLIC_BASE_URL', 'TABLE_NAME'].sort());
  });

  it('gives the publish function the API\'s own address as its base URL when there is no domain or CloudFront', () => {
    // Links are never built from a request's Host header in AWS.
    const base = functionNamed(main.statelessJson, 'Publish').Environment.Variables.PUBLIC_BASE_URL;
    expect(base).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Api[0-9A-F]{8}$/), 'ApiEndpoint'] });
  });

  it('reserves one dispatcher and caps the ingest workers, which bounds parallel fetches', () => {
    expect(functionNamed(main.statelessJson, 'Dispatch').ReservedConcurrentExecutions).toBe(1);
    expect(functionNamed(main.statelessJson, 'Ingest').ReservedConcurrentExecutions).toBe(10);
    expect(functionNamed(main.statelessJson, 'Publish').ReservedConcurrentExecutions).toBeUndefined();
  });

  it('bundles no partners file: partners live in the table and change without a deploy', () => {
    const sizes = bundleSizesFromAssembly(main.outdir, main.built.stateless.artifactId);
    expect(sizes.map((s) => s.name)).toEqual(['dispatch', 'ingest', 'publish']);
    for (const size of sizes) expect(existsSync(join(size.dir, 'partners.json'))).toBe(false);
  });

  it('outputs the table and bucket names, where `wirefeed partners` finds them', () => {
    const outputs = main.stateful.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.TableName?.Value).toEqual({ Ref: expect.stringMatching(/^Articles/) });
    expect(outputs.RawBucketName?.Value).toEqual({ Ref: expect.stringMatching(/^RawPayloads/) });
  });

  it('builds minified ES module bundles with source maps, AWS SDK included', () => {
    const sizes: BundleSize[] = bundleSizesFromAssembly(main.outdir, main.built.stateless.artifactId);
    for (const size of sizes) {
      expect(size.bytes).toBeGreaterThan(0);
      expect(size.sourceMapBytes).toBeGreaterThan(0);
      console.info(`bundle ${size.name}: ${Math.round(size.bytes / 1024)} KB minified, ${Math.round(size.gzipBytes / 1024)} KB gzipped`);
    }
    const fn = functionNamed(main.statelessJson, 'Dispatch');
    const code = readFileSync(join(main.outdir, `asset.${fn.Code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs'), 'utf8');
    expect(code).toContain('SendMessageBatch');
    expect(code).toMatch(/sourceMappingURL=index\.mjs\.map/);
    // Minified: lines are thousands of characters long, not the few dozen of hand-written source.
    expect(code.length / code.split('\n').length).toBeGreaterThan(2000);
  });

  it("passes the Lambda aliases and the ingest's secret-store define through CDK's esbuild command line", () => {
    // The names below are operation names in the SDK's schemas: present exactly when their client is bundled.
    for (const size of bundleSizesFromAssembly(main.outdir, main.built.stateless.artifactId)) {
      const code = readFileSync(join(size.dir, 'index.mjs'), 'utf8');
      expect(code, size.name).toContain('this Lambda bundle carries no default AWS credential chain');
      expect(code, size.name).not.toContain('GetRoleCredentials'); // SSO, in the default chain
      expect(code, size.name).not.toContain('AssumeRoleWithWebIdentity'); // STS, in the default chain
      expect(code.includes('"GetParameter"'), size.name).toBe(false);
      expect(code.includes('"GetSecretValue"'), size.name).toBe(size.name === 'ingest'); // secretsSource=secretsmanager, the default
    }
  });

  it('loads each bundle as an ES module exporting the handler, as Lambda does on a cold start', () => {
    for (const size of bundleSizesFromAssembly(main.outdir, main.built.stateless.artifactId)) {
      const ms = bundleInitMs(size.dir);
      console.info(`bundle ${size.name}: module init ${Math.round(ms)} ms`);
      expect(ms).toBeGreaterThan(0);
    }
  }, 60_000);
});

describe('ingest queue', () => {
  it('is a FIFO queue, encrypted, that dead-letters after three receives to a FIFO dead-letter queue', () => {
    const queues = main.stateless.findResources('AWS::SQS::Queue');
    const [dlqId] = Object.keys(queues).filter((id) => id.startsWith('IngestDeadLetters'));
    const [queueId] = Object.keys(queues).filter((id) => id.startsWith('IngestQueue'));
    expect(queues[dlqId!]!.Properties).toMatchObject({ FifoQueue: true, SqsManagedSseEnabled: true });
    expect(queues[queueId!]!.Properties).toMatchObject({
      FifoQueue: true,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 3 },
    });
  });

  it('keeps messages invisible longer than the ingest function may run', () => {
    const queue = Object.entries(main.stateless.findResources('AWS::SQS::Queue')).find(([id]) => id.startsWith('IngestQueue'))![1];
    const timeout = functionNamed(main.statelessJson, 'Ingest').Timeout;
    expect(queue.Properties.VisibilityTimeout).toBe(timeout * 6);
  });

  it('keeps a failing message long enough for all its attempts to end in the dead-letter queue', () => {
    const queue = Object.entries(main.stateless.findResources('AWS::SQS::Queue')).find(([id]) => id.startsWith('IngestQueue'))![1];
    const { VisibilityTimeout, MessageRetentionPeriod, RedrivePolicy } = queue.Properties;
    expect(MessageRetentionPeriod).toBeGreaterThan(VisibilityTimeout * RedrivePolicy.maxReceiveCount);
  });

  it('feeds the ingest function in batches with partial batch responses and a concurrency cap', () => {
    main.stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('^IngestFunction') },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestQueue'), 'Arn'] },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 10 },
    });
  });

  it('runs the dispatcher every minute', () => {
    main.stateless.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DispatchFunction'), 'Arn'] } })],
    });
  });
});

describe('least privilege', () => {
  it('lets the dispatcher list partners, read their state and send to the ingest queue, nothing else', () => {
    const statements = statementsOf(main.statelessJson, 'Dispatch');
    expect(actionsOf(statements)).toEqual(
      ['dynamodb:GetItem', 'dynamodb:Query', 'logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:SendMessage', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort(),
    );
  });

  it('lets the dispatcher query the partners partition only', () => {
    const query = statementsOf(main.statelessJson, 'Dispatch').find((s) => [s.Action].flat().includes('dynamodb:Query'))!;
    expect(query.Condition).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['PARTNERS'] } });
    expect([query.Action].flat()).toEqual(['dynamodb:Query']);
  });

  it('lets the ingest function read and write the table, archive raw payloads, consume its queue and read its partners\' secrets', () => {
    const statements = statementsOf(main.statelessJson, 'Ingest');
    expect(actionsOf(statements)).toEqual(
      [
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:GetObject',
        's3:ListBucket',
        's3:PutObject',
        'secretsmanager:GetSecretValue',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
  });

  it('grants partner secrets under the configured prefix only, to the ingest function only', () => {
    const secrets = statementsOf(main.statelessJson, 'Ingest').find((s) => s.Action === 'secretsmanager:GetSecretValue')!;
    expect(JSON.stringify(secrets.Resource)).toMatch(/:secret:wirefeed\/\*"\]\]\}$/);
    for (const fn of ['Dispatch', 'Publish'] as const) {
      expect(actionsOf(statementsOf(main.statelessJson, fn)).filter((a) => a.startsWith('secretsmanager:') || a.startsWith('ssm:'))).toEqual([]);
    }
  });

  it('lets the publish function only read the table: partners and their states are read-only to it', () => {
    const statements = statementsOf(main.statelessJson, 'Publish');
    expect(actionsOf(statements)).toEqual(
      ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 'logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort(),
    );
  });

  it('never grants a wildcard action, and a wildcard resource only for X-Ray, raw objects and the partner secrets prefix', () => {
    for (const fn of ['Dispatch', 'Ingest', 'Publish'] as const) {
      for (const statement of statementsOf(main.statelessJson, fn)) {
        for (const action of [statement.Action].flat()) expect(action).not.toContain('*');
        for (const resource of [statement.Resource].flat()) {
          const text = JSON.stringify(resource);
          if (!text.includes('*')) continue;
          const allowed =
            (resource === '*' && [statement.Action].flat().every((a: string) => a.startsWith('xray:'))) ||
            text.endsWith('/*"]]}') ||
            text.endsWith(':secret:wirefeed/*"]]}');
          expect(allowed, `${fn}: ${text}`).toBe(true);
        }
      }
    }
  });

  it('names table indexes one by one rather than index/*', () => {
    const publish = JSON.stringify(statementsOf(main.statelessJson, 'Publish'));
    for (const index of Object.values(TABLE.indexes)) expect(publish).toContain(`/index/${index.name}`);
    expect(publish).not.toContain('/index/*');
  });
});

describe('publishing API', () => {
  it('is an HTTP API whose default stage throttles and writes access logs', () => {
    main.stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    main.stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context.status'),
      },
    });
  });

  it('routes only GET and HEAD to the publish function', () => {
    const keys = Object.values(main.stateless.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey).sort();
    expect(keys).toEqual(['GET /', 'GET /{proxy+}', 'HEAD /', 'HEAD /{proxy+}']);
  });

  it('has no CloudFront distribution unless asked', () => {
    main.stateless.resourceCountIs('AWS::CloudFront::Distribution', 0);
  });
});

describe('alarms', () => {
  const alarms = () => Object.entries(main.stateless.findResources('AWS::CloudWatch::Alarm'));
  const alarm = (prefix: string) => {
    const found = alarms().find(([id]) => id.startsWith(`Observability${prefix}`));
    expect(found, prefix).toBeDefined();
    return found![1].Properties;
  };

  it('sends every alarm, and its recovery, to the alarm topic', () => {
    expect(alarms()).toHaveLength(7);
    for (const [, { Properties: a }] of alarms()) {
      expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^ObservabilityAlarms/) }]);
      expect(a.OKActions).toEqual(a.AlarmActions);
    }
  });

  it('alarms as soon as one message is dead-lettered', () => {
    const dlq = alarm('DeadLetters');
    expect(dlq).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', Threshold: 1 });
    expect(JSON.stringify(dlq.Dimensions)).toContain('IngestDeadLetters');
  });

  it('alarms on ingest and dispatcher errors', () => {
    expect(alarm('IngestErrors')).toMatchObject({ MetricName: 'Errors', Namespace: 'AWS/Lambda' });
    expect(JSON.stringify(alarm('IngestErrors').Dimensions)).toContain('IngestFunction');
    expect(JSON.stringify(alarm('DispatchErrors').Dimensions)).toContain('DispatchFunction');
  });

  it('alarms when a partner has been silent for more than six intervals, on the metric the dispatcher emits', () => {
    expect(alarm('PartnerSilent')).toMatchObject({
      Namespace: 'Wirefeed',
      MetricName: 'MaxSilentIntervals',
      Dimensions: [{ Name: 'service', Value: 'wirefeed-dispatch' }],
      Statistic: 'Maximum',
      Threshold: 6,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('alarms on publish 5xx and p95 latency', () => {
    expect(alarm('Publish5xx')).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Threshold: 5 });
    expect(alarm('PublishLatency')).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: 'Latency', ExtendedStatistic: 'p95', Threshold: 1000 });
  });

  it('encrypts the alarm topic with a rotated key CloudWatch may use, and has a dashboard', () => {
    main.stateless.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    main.stateless.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'] }),
        ]),
      },
    });
    main.stateless.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    main.stateless.resourceCountIs('AWS::SNS::Subscription', 0);
    main.stateless.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'Wirefeed-Stateless' });
  });
});
