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
    sizes.push({ name, bytes: code.length, gzipBytes: gzipSync(code).length, sourceMapBytes: map });
  }
  return sizes.sort((a, b) => a.name.localeCompare(b.name));
}

/** Synthesizes the app (default settings) into a temporary folder and reports each function's bundle size. */
export function measureBundleSizes(): BundleSize[] {
  const outdir = mkdtempSync(join(tmpdir(), 'wirefeed-bundles-'));
  try {
    const { app, stateless } = buildApp({ outdir });
    app.synth();
    return bundleSizesFromAssembly(outdir, stateless.artifactId);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
