import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { lambdaAliasesFrom, secretsStoreDefine } from '../infra/lambda-build.js';
import { runWorker } from './child.js';
import type { SynthFunction } from './coldstart-synth-worker.js';
import { summarize, type Summary } from './harness.js';

const run = promisify(execFile);
const SYNTH = fileURLToPath(new URL('./coldstart-synth-worker.ts', import.meta.url));

/** Size limits of issue 8 (minified); functions not named have none. */
export const BUNDLE_LIMITS_KB: Record<string, number> = { publish: 400, ingest: 900 };

export interface ColdStartFunction {
  name: string;
  bytes?: number;
  gzipBytes?: number;
  sourceMapBytes?: number;
  limitKb?: number;
  memorySize?: number;
  /** Time to import the bundle in a fresh process with the deployed NODE_OPTIONS (module scope: config, clients), ms. */
  initMs?: Summary;
  /** The same without --enable-source-maps, to show what reading the source map costs. */
  initMsNoSourceMaps?: Summary;
  error?: string;
  initError?: string;
  /** Bytes of the minified output by npm package ("wirefeed" for our own files), largest first. */
  largest?: Array<{ path: string; bytes: number }>;
}

export interface ColdStartSection {
  how: string;
  functions: ColdStartFunction[];
}

/**
 * The environment a function gets in Lambda, from its template: CloudFormation references (table name, queue
 * URL) become placeholders of the right shape, and the bundled partners file is the asset's own copy.
 */
export function lambdaEnvironment(fn: Pick<SynthFunction, 'dir' | 'environment'>): { env: Record<string, string>; nodeOptions: string[] } {
  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_LAMBDA_FUNCTION_NAME: 'wirefeed-bench',
  };
  let nodeOptions: string[] = [];
  for (const [name, value] of Object.entries(fn.environment)) {
    if (name === 'NODE_OPTIONS') nodeOptions = (value ?? '').split(/\s+/).filter(Boolean);
    else if (name === 'PARTNERS_FILE') env[name] = join(fn.dir, 'partners.json');
    else if (value !== null) env[name] = value;
    else env[name] = name.endsWith('_URL') ? `https://sqs.us-east-1.amazonaws.com/000000000000/bench-${name.toLowerCase()}` : `bench-${name.toLowerCase().replaceAll('_', '-')}`;
  }
  return { env, nodeOptions };
}

async function timeImport(bundle: string, env: Record<string, string>, nodeOptions: string[]): Promise<number> {
  // The difference of performance.now() around import() is the module's init alone, without Node's own startup.
  const script = `const t=performance.now();import(${JSON.stringify(pathToFileURL(bundle).href)}).then(()=>process.stdout.write(String(performance.now()-t)))`;
  const { stdout } = await run(process.execPath, [...nodeOptions, '-e', script], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 });
  const ms = Number(stdout.trim().split('\n').pop());
  if (!Number.isFinite(ms)) throw new Error(`could not read the init time from "${stdout.slice(0, 200)}"`);
  return ms;
}

async function timeMany(bundle: string, env: Record<string, string>, nodeOptions: string[], rounds: number): Promise<Summary> {
  await timeImport(bundle, env, nodeOptions); // the first read from disk is not what a warm host sees
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) samples.push(await timeImport(bundle, env, nodeOptions));
  return summarize(samples);
}

export async function runColdStartBench(opts: { workDir: string; quick: boolean; log: (line: string) => void }): Promise<ColdStartSection> {
  const rounds = opts.quick ? 3 : 7;
  const synthesized = await runWorker<SynthFunction[]>({
    script: SYNTH,
    workDir: opts.workDir,
    tag: 'coldstart-synth',
    job: { outdir: join(opts.workDir, 'cdk.out') },
    timeoutMs: 300_000,
  });
  const functions: ColdStartFunction[] = [];
  for (const fn of synthesized) {
    const result: ColdStartFunction = { name: fn.name, limitKb: BUNDLE_LIMITS_KB[fn.name], memorySize: fn.memorySize };
    const bundle = join(fn.dir, 'index.mjs');
    if (!existsSync(bundle)) {
      functions.push({ ...result, error: `no index.mjs in ${fn.dir}` });
      continue;
    }
    const code = readFileSync(bundle);
    result.bytes = code.length;
    result.gzipBytes = gzipSync(code).length;
    result.sourceMapBytes = existsSync(`${bundle}.map`) ? statSync(`${bundle}.map`).size : 0;
    try {
      const { env, nodeOptions } = lambdaEnvironment(fn);
      result.initMs = await timeMany(bundle, env, nodeOptions, rounds);
      if (nodeOptions.length > 0) result.initMsNoSourceMaps = await timeMany(bundle, env, [], rounds);
    } catch (error) {
      result.initError = (error as Error).message.split('\n').slice(-3).join(' ').slice(0, 200);
    }
    try {
      const secretsSource = fn.environment.SECRETS_SOURCE;
      const define = secretsSource === 'ssm' || secretsSource === 'secretsmanager' ? secretsStoreDefine(secretsSource) : {};
      result.largest = await packageBreakdown(fn.name, join(opts.workDir, 'breakdown'), define);
    } catch {
      // The breakdown only explains the size; the size itself is CDK's.
    }
    opts.log(`coldstart: ${fn.name} ${(result.bytes / 1024).toFixed(0)} KB, init ${result.initMs?.median.toFixed(0) ?? '?'} ms`);
    functions.push(result);
  }
  return {
    how:
      'The CDK app synthesized (its NodejsFunction bundling: esbuild, minified, ESM, AWS SDK bundled, source maps), each function\'s index.mjs measured. ' +
      `Init = time to import() the bundle in a fresh node process with the function's template environment and NODE_OPTIONS (median of ${rounds}, after one discarded run); ` +
      'the last column without --enable-source-maps.',
    functions,
  };
}

/**
 * Where a bundle's bytes come from: the same entry built again with esbuild's metafile and the options CDK
 * passes (minify, ESM, module-first main fields, UTF-8 output, SDK bundled, its aliases and the function's
 * defines, read back from its environment), grouped by package.
 */
async function packageBreakdown(name: string, outDir: string, define: Record<string, string>): Promise<Array<{ path: string; bytes: number }>> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const built = await build({
    entryPoints: [join(root, 'functions', name, 'handler.ts')],
    outfile: join(outDir, name, 'index.mjs'),
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    // CDK's Charset.UTF8: without it esbuild escapes every non-ASCII character and the breakdown overstates
    // packages of text tables (franc-min's profiles showed as 170 KB, 106 KB in the real bundle).
    charset: 'utf8',
    alias: lambdaAliasesFrom(root),
    define,
    metafile: true,
    logLevel: 'silent',
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  });
  const output = Object.values(built.metafile!.outputs).find((o) => o.entryPoint !== undefined);
  return topPackages(Object.entries(output?.inputs ?? {}).map(([path, v]) => ({ path, bytes: v.bytesInOutput })));
}

/** Bytes in the output grouped by npm package (or "wirefeed" for our own files), largest first. */
export function topPackages(inputs: Array<{ path: string; bytes: number }>, limit = 6): Array<{ path: string; bytes: number }> {
  const totals = new Map<string, number>();
  for (const { path, bytes } of inputs) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const key = m ? m[1]! : 'wirefeed';
    totals.set(key, (totals.get(key) ?? 0) + bytes);
  }
  return [...totals.entries()]
    .map(([path, bytes]) => ({ path, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, limit);
}
