import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type WirefeedApp } from '../../infra/build-app.js';

/**
 * The app with every option turned on (CloudFront, a custom domain, an alarm email, partner secrets in SSM).
 * Bundling is skipped here ("aws:cdk:bundling-stacks" empty): the default-settings test builds the real bundles.
 */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const outdirs: string[] = [];

function build(context: Record<string, unknown>): WirefeedApp {
  const outdir = mkdtempSync(join(tmpdir(), 'wirefeed-cdk-options-'));
  outdirs.push(outdir);
  return buildApp({ outdir, context: { ...NO_BUNDLING, ...context } });
}

let built: WirefeedApp;
let stateless: Record<string, any>;
let stateful: Template;

beforeAll(() => {
  built = build({
    cloudFront: 'true',
    domainName: 'feeds.example.com',
    certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f0e0d0c-1111-2222-3333-444455556666',
    alarmEmail: 'wire-desk@example.com',
    secretsSource: 'ssm',
    secretsPrefix: 'newsroom/',
    rawExpiryDays: '90',
    terminationProtection: 'false',
    ingestBatchSize: '10',
    ingestConcurrency: '4',
    logRetentionDays: '90',
    stackPrefix: 'Newsroom',
    contactUrl: 'https://newsroom.example/wire-desk',
  });
  const assembly = built.app.synth();
  stateless = assembly.getStackByName('Newsroom-Stateless').template;
  stateful = Template.fromJSON(assembly.getStackByName('Newsroom-Stateful').template);
}, 240_000);

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

const fnProps = (name: string) =>
  Object.entries(stateless.Resources as Record<string, any>).find(([id, r]) => id.startsWith(`${name}Function`) && r.Type === 'AWS::Lambda::Function')![1]
    .Properties;

describe('options', () => {
  it('puts CloudFront in front of the API with logging, TLS 1.2 and the custom domain', () => {
    const template = Template.fromJSON(stateless);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['feeds.example.com'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
        Logging: Match.objectLike({ Bucket: Match.anyValue() }),
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] }),
      }),
    });
    expect(JSON.stringify(fnProps('Publish').Environment.Variables.PUBLIC_BASE_URL)).toBe('"https://feeds.example.com"');
  });

  it('keys the CloudFront cache on Accept and Sec-Fetch-Dest, which choose between a feed and its page', () => {
    const template = Template.fromJSON(stateless);
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: {
        ParametersInCacheKeyAndForwardedToOrigin: {
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Accept', 'Sec-Fetch-Dest'] },
          QueryStringsConfig: { QueryStringBehavior: 'all' },
        },
      },
    });
  });

  it('subscribes the alarm email to the alarm topic', () => {
    Template.fromJSON(stateless).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'wire-desk@example.com' });
  });

  it('limits secret reads to the configured SSM prefix when secrets live in SSM', () => {
    const secrets = Object.values(stateless.Resources as Record<string, any>)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties.PolicyDocument.Statement)
      .find((s) => s.Sid === 'ReadPartnerSecrets');
    expect(secrets.Action).toBe('ssm:GetParameter');
    expect(JSON.stringify(secrets.Resource)).toContain(':parameter/newsroom/*');
    expect(fnProps('Ingest').Environment.Variables.SECRETS_SOURCE).toBe('ssm');
  });

  it('names the deployment\'s own contact in the User-Agent partners see', () => {
    expect(fnProps('Ingest').Environment.Variables.CONTACT_URL).toBe('https://newsroom.example/wire-desk');
  });

  it('applies the batch size, concurrency, retention and expiry settings', () => {
    const template = Template.fromJSON(stateless);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10, ScalingConfig: { MaximumConcurrency: 4 } });
    expect(fnProps('Ingest').ReservedConcurrentExecutions).toBe(4);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 90 })]) },
    });
    expect(built.stateful.terminationProtection).toBe(false);
  });

  it('passes cdk-nag with every option on', () => {
    // synth in beforeAll would have thrown on an unacknowledged finding; the stacks are there.
    expect(stateless.Resources).toBeDefined();
  });
});

describe('cdk-nag wiring', () => {
  it('fails the synth on a resource that breaks an AwsSolutions rule', () => {
    const app = build({});
    const extra = new Stack(app.app, 'Careless');
    new s3.Bucket(extra, 'PlainBucket');
    expect(() => app.app.synth()).toThrow(/AwsSolutions-S1/);
  }, 240_000);
});
