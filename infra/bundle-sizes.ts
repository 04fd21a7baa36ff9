import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildApp } from './build-app.js';

/** One function's deployed bundle, as CDK built it. */
export interface BundleSize {
  /** dispatch, ingest or publish */
  name: string;
  /** index.mjs, minified */
  bytes: number;
  /** index.mjs gzipped: close to what the zip upload weighs */
  gzipBytes: number;
  /** index.mjs.map, shipped alongside for stack traces */
  sourceMapBytes: number;
  /** The asset folder (index.mjs, its map, partners.json) */
  dir: string;
}

interface TemplateResource {
  Type: string;
  Properties?: { Code?: { S3Key?: unknown } };
}

/** Reads the Lambda bundles out of a synthesized cloud assembly (one entry per function of the given stack). */
export function bundleSizesFromAssembly(assemblyDir: string, stackName: string): BundleSize[] {
  const template = JSON.parse(readFileSync(join(assemblyDir, `${stackName}.template.json`), 'utf8')) as {
    Resources: Record<string, TemplateResource>;
  };
  const sizes: BundleSize[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const name = /^(Dispatch|Ingest|Publish)Function/.exec(logicalId)?.[1]?.toLowerCase();
    // The code's S3 key is the asset hash, which names the asset folder in the assembly.
    const key = resource.Properties?.Code?.S3Key;
    if (!name || typeof key !== 'string') continue;
    const dir = join(assemblyDir, `asset.${key.replace(/\.zip$/, '')}`);
    const code = readFileSync(join(dir, 'index.mjs'));
    const map = readdirSync(dir).includes('index.mjs.map') ? statSync(join(dir, 'index.mjs.map')).size : 0;
    sizes.push({ name, bytes: code.length, gzipBytes: gzipSync(code).length, sourceMapBytes: map, dir });
  }
  return sizes.sort((a, b) => a.name.localeCompare(b.name));
}

/** Placeholder settings so a bundle's module scope (config read at the edge) can run outside Lambda. */
function initEnv(dir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'eu-west-1',
    TABLE_NAME: 'wirefeed-articles',
    RAW_BUCKET_NAME: 'wirefeed-raw',
    INGEST_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/ingest.fifo',
    SECRETS_SOURCE: 'secretsmanager',
    POWERTOOLS_SERVICE_NAME: 'wirefeed-bench',
    // The SDK warns about Node 20 on stderr; the time is what matters here.
    NODE_NO_WARNINGS: '1',
  };
}

/**
 * Imports a bundle in a fresh Node process, as Lambda does on a cold start, and returns the time its module
 * initialization took (ms); throws with the child's stderr when the bundle does not load.
 */
export function bundleInitMs(dir: string): number {
  const script =
    "const t = performance.now(); const m = await import('./index.mjs');" +
    "if (typeof m.handler !== 'function') throw new Error('no handler export');" +
    'process.stdout.write(String(performance.now() - t));';
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env: initEnv(dir), encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bundle in ${dir} does not load: ${child.stderr.trim().split('\n')[0]}`);
  return Number(child.stdout);
}

/** Synthesizes the app (default settings) into a temporary folder and reports each function's bundle size and init time. */
export function measureBundleSizes(): Array<Omit<BundleSize, 'dir'> & { initMs: number }> {
  const outdir = mkdtempSync(join(tmpdir(), 'wirefeed-bundles-'));
  try {
    const { app, stateless } = buildApp({ outdir });
    app.synth();
    return bundleSizesFromAssembly(outdir, stateless.artifactId).map(({ dir, ...size }) => ({ ...size, initMs: bundleInitMs(dir) }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
