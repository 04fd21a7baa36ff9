/**
 * Child process: synthesizes the CDK app (which bundles every function with esbuild exactly as a deploy does)
 * into a folder, and lists each function's asset folder and environment from the template.
 *   node --import tsx bench/coldstart-synth-worker.ts <job.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SynthJob {
  outdir: string;
  out: string;
}

export interface SynthFunction {
  name: string;
  /** The asset folder: index.mjs (+ .map, partners.json). */
  dir: string;
  /** Environment variables from the template; CloudFormation references come as null. */
  environment: Record<string, string | null>;
  memorySize?: number;
}

interface LambdaResource {
  Type: string;
  Properties?: { Code?: { S3Key?: unknown }; Environment?: { Variables?: Record<string, unknown> }; MemorySize?: number };
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as SynthJob;
  const { buildApp } = await import('../infra/build-app.js');
  const { app, stateless } = buildApp({ outdir: job.outdir });
  app.synth();
  const template = JSON.parse(readFileSync(join(job.outdir, `${stateless.artifactId}.template.json`), 'utf8')) as { Resources: Record<string, LambdaResource> };
  const functions: SynthFunction[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const name = /^([A-Z][a-z]+)Function/.exec(logicalId)?.[1]?.toLowerCase();
    const key = resource.Properties?.Code?.S3Key;
    if (!name || typeof key !== 'string') continue;
    const environment: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(resource.Properties?.Environment?.Variables ?? {})) environment[k] = typeof v === 'string' ? v : null;
    functions.push({ name, dir: join(job.outdir, `asset.${key.replace(/\.zip$/, '')}`), environment, memorySize: resource.Properties?.MemorySize });
  }
  writeFileSync(job.out, JSON.stringify(functions.sort((a, b) => a.name.localeCompare(b.name))));
}

await main();
