import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../infra/settings.js';

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
  ])('rejects %j with one line naming the key', (values, message) => {
    expect(() => readSettings(lookup(values))).toThrow(message);
  });
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
