import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledPartners, readSettings } from '../../infra/settings.js';

const lookup = (values: Record<string, unknown>) => (key: string) => values[key];

describe('readSettings', () => {
  it('defaults to partners from infra/partners.json, Secrets Manager, no CloudFront, termination protection on', () => {
    expect(readSettings(lookup({}))).toMatchObject({
      partnersSource: 'file',
      partnersFile: 'infra/partners.json',
      secretsSource: 'secretsmanager',
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
    [{ partnersSource: 'dynamodb' }, /invalid context "partnersSource"/],
  ])('rejects %j with one line naming the key', (values, message) => {
    expect(() => readSettings(lookup(values))).toThrow(message);
  });
});

describe('bundledPartners', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wirefeed-settings-'));
  const file = (name: string, body: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
    return path;
  };

  it('leaves local-only partners out and lists the secrets of enabled partners only', () => {
    const bundled = bundledPartners('test/infra/fixtures/partners.json');
    expect(bundled.partners.map((p) => p.id)).toEqual(['antara', 'harbour-times', 'retired-wire']);
    expect(bundled.skipped).toEqual(['sample-local']);
    expect(bundled.secretNames).toEqual(['wirefeed/antara-key']);
    expect(JSON.parse(bundled.json).partners).toHaveLength(3);
  });

  it('refuses a file whose partners are all local-only', () => {
    const path = file('local.json', { partners: [{ id: 'x', name: 'X', feedUrl: 'http://127.0.0.1:9/f', local: true }] });
    expect(() => bundledPartners(path)).toThrow(/every partner is local-only/);
  });

  it('names the partner and field of an invalid entry', () => {
    const path = file('bad.json', { partners: [{ id: 'kontan', name: 'K', feedUrl: 'ftp://x.example/feed' }] });
    expect(() => bundledPartners(path)).toThrow(/partner "kontan" field "feedUrl"/);
  });

  it('says which file is missing', () => {
    expect(() => bundledPartners(join(dir, 'absent.json'))).toThrow(/cannot read partners file .*absent\.json: ENOENT/);
  });

  it('cleans up', () => {
    rmSync(dir, { recursive: true, force: true });
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
