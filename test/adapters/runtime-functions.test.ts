import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaCredentials } from '../../functions/commons/aws-credentials.js';
import { lambdaAliasesFrom, secretsStoreDefine } from '../../infra/lambda-build.js';
import { loadConfig } from '../../shared/config.js';
import { ConfigError } from '../../shared/errors.js';
import { createDispatchRuntime } from '../../shared/adapters/runtime/dispatch.js';
import { checkBundledSecretsStore, createIngestRuntime } from '../../shared/adapters/runtime/ingest.js';
import { createPublishRuntime } from '../../shared/adapters/runtime/publish.js';
import { ROOT } from '../support/source-tree.js';

const run = promisify(execFile);

/** A function's handler built as the CDK app builds it: minified ESM, the SDK bundled, the Lambda aliases, its defines. */
async function buildHandler(name: string, define: Record<string, string> = {}, outdir = join(ROOT, 'cdk.out', 'unused')) {
  return build({
    entryPoints: [join(ROOT, 'functions', name, 'handler.ts')],
    bundle: true,
    write: outdir !== join(ROOT, 'cdk.out', 'unused'),
    outdir,
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    format: 'esm',
    minify: true,
    mainFields: ['module', 'main'],
    alias: lambdaAliasesFrom(ROOT),
    define,
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    metafile: true,
    logLevel: 'silent',
  });
}

/** The files with bytes in the bundle, repository-relative. */
function bundledInputs(metafile: Metafile): string[] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined)!;
  return Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
}

/** The @aws-sdk/client-* packages a function's bundle contains. */
function clientsIn(inputs: string[]): string[] {
  const clients = new Set<string>();
  for (const path of inputs) {
    const m = /node_modules\/@aws-sdk\/(client-[^/]+)\//.exec(path);
    if (m) clients.add(m[1]!);
  }
  return [...clients].sort();
}

/** The deploy's default secretsSource, as infra/stateless-stack.ts passes it to the ingest bundle. */
const DEPLOYED_INGEST = secretsStoreDefine('secretsmanager');

describe('the composition root: each function wires only the AWS clients it uses', () => {
  it.each([
    ['publish', {}, ['client-dynamodb']],
    ['dispatch', {}, ['client-dynamodb', 'client-sqs']],
    ['ingest', DEPLOYED_INGEST, ['client-dynamodb', 'client-s3', 'client-secrets-manager']],
    ['ingest', secretsStoreDefine('ssm'), ['client-dynamodb', 'client-s3', 'client-ssm']],
    // Unbundled runs (and a bundle built without the define) keep both stores.
    ['ingest', {}, ['client-dynamodb', 'client-s3', 'client-secrets-manager', 'client-ssm']],
  ])('%s with define %j bundles %j', async (name, define, expected) => {
    expect(clientsIn(bundledInputs((await buildHandler(name, define)).metafile))).toEqual(expected);
  }, 60_000);
});

describe('the Lambda bundles carry no default credential chain', () => {
  // The chain's providers other than the environment's, and the SSO/STS clients they bring.
  const CHAIN = /node_modules\/@aws-sdk\/(credential-provider-(?!env\/)[^/]+|nested-clients|token-providers|client-sso|client-sts)\//;

  it.each([
    ['publish', {}],
    ['dispatch', {}],
    ['ingest', DEPLOYED_INGEST],
  ])('%s: only the environment provider, and the stand-in for the chain', async (name, define) => {
    const inputs = bundledInputs((await buildHandler(name, define)).metafile);
    expect(inputs.filter((path) => CHAIN.test(path))).toEqual([]);
    expect(inputs.some((path) => path.includes('node_modules/@aws-sdk/credential-provider-env/'))).toBe(true);
    expect(inputs).toContain('functions/commons/no-credential-chain.ts');
  }, 60_000);

  it('a bundled client signs its requests with the credentials in the environment', async () => {
    // The publish bundle as deployed, against a fake DynamoDB on 127.0.0.1 that records what it is sent.
    const seen: IncomingMessage[] = [];
    const server = createServer((req, res) => {
      seen.push(req);
      req.resume();
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'com.amazon.coral.validate#ValidationException', message: 'fake' }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const dir = mkdtempSync(join(tmpdir(), 'wirefeed-bundle-'));
    try {
      await buildHandler('publish', {}, dir);
      const bundle = pathToFileURL(join(dir, 'handler.mjs')).href;
      const script =
        `const { handler } = await import(${JSON.stringify(bundle)});` +
        "const r = await handler({ rawPath: '/feeds/all.json', rawQueryString: '', headers: { host: 'feeds.example.com' }, requestContext: { http: { method: 'GET' } } });" +
        'process.stdout.write(String(r.statusCode));';
      const env = {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDLAMBDAENV',
        AWS_SECRET_ACCESS_KEY: 'lambda-secret',
        AWS_SESSION_TOKEN: 'lambda-session',
        AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        TABLE_NAME: 'wirefeed-articles',
        NODE_NO_WARNINGS: '1',
      };
      await run(process.execPath, ['--input-type=module', '-e', script], { env, timeout: 30_000 });
      expect(seen.length).toBeGreaterThan(0);
      for (const req of seen) {
        expect(req.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDLAMBDAENV\/\d{8}\/eu-west-1\/dynamodb\/aws4_request/);
        expect(req.headers['x-amz-security-token']).toBe('lambda-session');
      }
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a client built without credentials fails at construction, saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wirefeed-bundle-'));
    try {
      await build({
        stdin: { contents: "import { SQSClient } from '@aws-sdk/client-sqs'; new SQSClient({ region: 'eu-west-1' });", resolveDir: ROOT, loader: 'ts' },
        bundle: true,
        outfile: join(dir, 'index.mjs'),
        platform: 'node',
        format: 'esm',
        mainFields: ['module', 'main'],
        alias: lambdaAliasesFrom(ROOT),
        logLevel: 'silent',
      });
      const env = { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1', AWS_ACCESS_KEY_ID: 'AKIDLAMBDAENV', AWS_SECRET_ACCESS_KEY: 'lambda-secret' };
      await expect(run(process.execPath, [join(dir, 'index.mjs')], { env })).rejects.toThrow('this Lambda bundle carries no default AWS credential chain');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the Lambda bundles carry no semver', () => {
  it.each([
    ['dispatch', {}],
    ['ingest', DEPLOYED_INGEST],
  ])("%s: semver's only importer is the X-Ray SDK's patcher for the v2 AWS SDK, which gets the stand-in", async (name, define) => {
    const { metafile } = await buildHandler(name, define);
    const importers = Object.entries(metafile.inputs)
      .filter(([, input]) => input.imports.some((i) => i.original === 'semver'))
      .map(([path]) => path.replace(/.*node_modules\//, ''));
    expect(importers).toEqual(['aws-xray-sdk-core/dist/lib/patchers/aws_p.js']);
    const inputs = bundledInputs(metafile);
    expect(inputs.filter((path) => path.includes('node_modules/semver/'))).toEqual([]);
    expect(inputs).toContain('functions/commons/no-semver.ts');
  }, 60_000);
});

describe('the Lambda roots give every client the credentials in the environment', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('dispatch, ingest and publish clients resolve the environment credentials', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFROMENV');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-from-env');
    vi.stubEnv('AWS_SESSION_TOKEN', 'session-from-env');
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    const config = loadConfig({
      TABLE_NAME: 'wirefeed-articles',
      RAW_BUCKET_NAME: 'wirefeed-raw',
      INGEST_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/ingest.fifo',
      SECRETS_SOURCE: 'secretsmanager',
    });
    const clients: Array<{ config: { credentials: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> } }> = [];
    const options = {
      credentials: lambdaCredentials,
      wrapClient: <T>(client: T): T => {
        clients.push(client as (typeof clients)[number]);
        return client;
      },
    };
    createPublishRuntime(config, options).publish();
    createDispatchRuntime(config, options).dispatch();
    const ingest = createIngestRuntime(config, options).ingest();
    // The Secrets Manager client is built at the first secret lookup; its getter is what that lookup calls.
    expect(ingest.deps.fetcher).toBeDefined();
    expect(clients.length).toBeGreaterThanOrEqual(4); // DynamoDB ×3, SQS, S3 (each built once, by its getter)
    for (const client of clients) {
      await expect(client.config.credentials()).resolves.toMatchObject({
        accessKeyId: 'AKIDFROMENV',
        secretAccessKey: 'secret-from-env',
        sessionToken: 'session-from-env',
      });
    }
  });
});

describe('a bundle built for one secret store', () => {
  afterEach(() => {
    globalThis.WIREFEED_BUNDLED_SECRETS_STORE = undefined;
  });

  it('refuses, at init and with the fix, a SECRETS_SOURCE naming the store it left out', () => {
    expect(() => checkBundledSecretsStore('ssm', 'secretsmanager')).toThrow(
      new ConfigError(
        'SECRETS_SOURCE=ssm, but this ingest bundle was built for the deploy setting secretsSource=secretsmanager and carries no ssm client: ' +
          'deploy with -c secretsSource=ssm (which also grants the role its read access)',
      ),
    );
    expect(() => checkBundledSecretsStore('secretsmanager', 'ssm')).toThrow(ConfigError);
    globalThis.WIREFEED_BUNDLED_SECRETS_STORE = 'secretsmanager';
    const config = loadConfig({ TABLE_NAME: 't', RAW_BUCKET_NAME: 'b', SECRETS_SOURCE: 'ssm' });
    expect(() => createIngestRuntime(config)).toThrow('carries no ssm client');
  });

  it('accepts its own store, the environment and files, and anything when not bundled', () => {
    for (const source of ['secretsmanager', 'env', 'file'] as const) expect(() => checkBundledSecretsStore(source, 'secretsmanager')).not.toThrow();
    for (const source of ['ssm', 'env', 'file'] as const) expect(() => checkBundledSecretsStore(source, 'ssm')).not.toThrow();
    for (const source of ['ssm', 'secretsmanager'] as const) expect(() => checkBundledSecretsStore(source, undefined)).not.toThrow();
  });
});
