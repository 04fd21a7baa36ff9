import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/source-tree.js';

/** The @aws-sdk/client-* packages a function's bundle contains, as esbuild bundles it for the CDK app. */
async function clientsBundled(name: string): Promise<string[]> {
  const built = await build({
    entryPoints: [join(ROOT, 'functions', name, 'handler.ts')],
    bundle: true,
    write: false,
    outdir: join(ROOT, 'cdk.out', 'unused'),
    platform: 'node',
    format: 'esm',
    mainFields: ['module', 'main'],
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(built.metafile.outputs).find((o) => o.entryPoint !== undefined)!;
  const clients = new Set<string>();
  for (const [path, input] of Object.entries(output.inputs)) {
    const m = /node_modules\/@aws-sdk\/(client-[^/]+)\//.exec(path);
    if (m && input.bytesInOutput > 0) clients.add(m[1]!);
  }
  return [...clients].sort();
}

describe('the composition root: each function wires only the AWS clients it uses', () => {
  it.each([
    ['publish', ['client-dynamodb']],
    ['dispatch', ['client-dynamodb', 'client-sqs']],
    ['ingest', ['client-dynamodb', 'client-s3', 'client-secrets-manager', 'client-ssm']],
  ])('%s bundles %j', async (name, expected) => {
    expect(await clientsBundled(name)).toEqual(expected);
  }, 60_000);
});
