import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../infra/settings.js';
import { tempDir } from '../support/temp-dir.js';

const lookup = (values: Record<string, unknown>) => (key: string) => values[key];

describe('readSettings', () => {
  it('defaults to Secrets Manager under wirefeed/, no CloudFront, termination protection on', () => {
    expect(readSettings(lookup({}))).toMatchObject({
      secretsSource: 'secretsmanager',
      secretsPrefix: 'wirefeed/',
      cloudFront: false,
      terminationProtection: true,
      rawExpiryDays: 365,
      logRetentionDays: 30,
      silentAfterIntervals: 6,
    });
  });

  it('reads the strings `cdk -c key=value` passes as booleans and numbers', () => {
    expect(readSettings(lookup({ cloudFront: 'true', terminationProtection: 'false', ingestBatchSize: '8' }))).toMatchObject({
      cloudFront: true,
      terminationProtection: false,
      ingestBatchSize: 8,
    });
  });

  it.each([
    [{ alarmEmail: 'not-an-address' }, /invalid context "alarmEmail"/],
    [{ ingestBatchSize: '11' }, /invalid context "ingestBatchSize"/],
    [{ logRetentionDays: '31' }, /invalid context "logRetentionDays": one of 1, 3, 5/],
    [{ domainName: 'feeds.example.com' }, /domainName and certificateArn go together/],
    [{ secretsPrefix: 'has space' }, /invalid context "secretsPrefix"/],
    [{ cloudFront: 'yes' }, /^invalid context "cloudFront": true or false$/],
    [{ contactUrl: 'wire desk' }, /^invalid context "contactUrl"/],
    [{ contactUrl: 'mailto:desk@example.com' }, /^invalid context "contactUrl": an http or https URL$/],
    [{ terminationProtection: 'False' }, /^invalid context "terminationProtection": true or false$/],
  ])('rejects %j with one line naming the key', (values, message) => {
    expect(() => readSettings(lookup(values))).toThrow(message);
  });

  it('refuses a misspelt context key, naming it and the setting meant', () => {
    const values = { alarmEmial: 'desk@example.com' };
    expect(() => readSettings(lookup(values), Object.keys(values))).toThrow(/^unknown context "alarmEmial" \(did you mean "alarmEmail"\?\)$/);
    expect(() => readSettings(lookup({}), ['colour'])).toThrow(/^unknown context "colour": the settings are stackPrefix, alarmEmail, /);
  });

  it('lets through the keys the CDK itself puts into context', () => {
    // What `cdk synth` passed the app in CDK_CONTEXT_JSON (aws-cdk 2.1148), plus a feature flag, a cached lookup
    // and what `cdk acknowledge` writes.
    const cdkKeys = [
      'cli-telemetry',
      'aws:cdk:enable-path-metadata',
      'aws:cdk:enable-asset-metadata',
      'aws:cdk:disable-version-reporting',
      'aws:cdk:bundling-stacks',
      '@aws-cdk/core:failSynthOnValidationErrors',
      '@aws-cdk/aws-iam:minimizePolicies',
      'availability-zones:account=123456789012:region=eu-west-1',
      'acknowledged-issue-numbers',
    ];
    expect(readSettings(lookup({ alarmEmail: 'desk@example.com' }), ['alarmEmail', ...cdkKeys]).alarmEmail).toBe('desk@example.com');
  });
});

describe('infra/app.ts (what `cdk synth` runs)', () => {
  const run = promisify(execFile);

  it.each([
    [{ alarmEmail: 'not-an-email' }, 'wirefeed: invalid context "alarmEmail": Invalid email address'],
    [{ alarmEmial: 'desk@example.com' }, 'wirefeed: unknown context "alarmEmial" (did you mean "alarmEmail"?)'],
  ])('answers %j with one line on stderr and exit code 1, no stack trace', async (context, line) => {
    // The CDK CLI hands the app its context in CDK_CONTEXT_JSON; a bad setting fails before anything is built.
    const env = { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: tempDir('wirefeed-app-') };
    const failure = await run('npx', ['tsx', 'infra/app.ts'], { env }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toBe(`${line}\n`);
  }, 30_000);
});

describe('cdk.json', () => {
  const cdkJson = JSON.parse(readFileSync('cdk.json', 'utf8'));

  it('runs the TypeScript app with tsx', () => {
    expect(cdkJson.app).toBe('npx tsx infra/app.ts');
  });

  it('turns CLI notices and telemetry off, so synth never reaches out', () => {
    expect(cdkJson.notices).toBe(false);
    // aws-cdk 2.1xxx skips telemetry when the "cli-telemetry" context value is false.
    expect(cdkJson.context['cli-telemetry']).toBe(false);
  });
});
