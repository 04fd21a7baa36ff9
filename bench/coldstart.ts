import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build, type BuildOptions } from 'esbuild';
import { summarize, type Summary } from './harness.js';

const run = promisify(execFile);
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Size limits of issue 8 (minified); functions not named have none. */
export const BUNDLE_LIMITS_KB: Record<string, number> = { publish: 400, ingest: 900 };

export interface ColdStartFunction {
  name: string;
  entry: string;
  bytes?: number;
  limitKb?: number;
  /** Time to import the bundle in a fresh process (module scope: config, clients), ms. */
  initMs?: Summary;
  error?: string;
  initError?: string;
  /** The largest inputs of the bundle (from esbuild's metafile), to say where the bytes go. */
  largest?: Array<{ path: string; bytes: number }>;
}

export interface ColdStartSection {
  how: string;
  functions: ColdStartFunction[];
}

/**
 * esbuild options as the CDK app bundles each function (NodejsFunction): bundled, minified, platform node,
 * target node22, the AWS SDK bundled rather than taken from the runtime. Kept here in one place so the
 * figures follow the build; when infra/ exports its own options they should be used instead.
 */
export function bundleOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: [],
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  };
}

/** Environment the function sees in Lambda (names only matter for config validation at module scope). */
export const FUNCTION_ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_LAMBDA_FUNCTION_NAME: 'wirefeed-bench',
  TABLE_NAME: 'wirefeed-articles',
  RAW_BUCKET_NAME: 'wirefeed-raw',
  INGEST_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/wirefeed-ingest.fifo',
  POWERTOOLS_SERVICE_NAME: 'wirefeed',
  POWERTOOLS_METRICS_NAMESPACE: 'wirefeed',
};

/** functions/<name>/handler.ts for every function folder. */
export function findFunctions(dir = join(root, 'functions')): Array<{ name: string; entry: string }> {
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'handler.ts')) && statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => ({ name, entry: join(dir, name, 'handler.ts') }));
}

async function timeImport(bundle: string, env: Record<string, string>): Promise<number> {
  // performance.now() counts from process start; the difference around require() is the module init alone.
  const script = `const t=performance.now();require(${JSON.stringify(bundle)});process.stdout.write(String(performance.now()-t));`;
  const { stdout } = await run(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 });
  const ms = Number(stdout.trim().split('\n').pop());
  if (!Number.isFinite(ms)) throw new Error(`could not read the init time from "${stdout.slice(0, 200)}"`);
  return ms;
}

export async function runColdStartBench(opts: { workDir: string; quick: boolean; log: (line: string) => void }): Promise<ColdStartSection> {
  const outDir = join(opts.workDir, 'bundles');
  mkdirSync(outDir, { recursive: true });
  const rounds = opts.quick ? 3 : 7;
  const functions: ColdStartFunction[] = [];
  for (const fn of findFunctions()) {
    const result: ColdStartFunction = { name: fn.name, entry: fn.entry.slice(root.length + 1), limitKb: BUNDLE_LIMITS_KB[fn.name] };
    const outfile = join(outDir, fn.name, 'index.js');
    try {
      const built = await build(bundleOptions(fn.entry, outfile));
      result.bytes = statSync(outfile).size;
      const inputs = Object.entries(built.metafile?.outputs[Object.keys(built.metafile.outputs)[0]!]?.inputs ?? {});
      result.largest = topPackages(inputs.map(([path, v]) => ({ path, bytes: v.bytesInOutput })));
    } catch (error) {
      result.error = (error as Error).message.split('\n')[0];
      functions.push(result);
      continue;
    }
    try {
      const partners = join(opts.workDir, 'partners.json');
      writeFileSync(partners, JSON.stringify({ partners: [{ id: 'bench', name: 'Bench', feedUrl: 'https://feeds.bench.example/rss' }] }));
      const env = { ...FUNCTION_ENV, PARTNERS_FILE: partners };
      await timeImport(outfile, env); // the first read of the file from disk is not what Lambda sees
      const samples: number[] = [];
      for (let i = 0; i < rounds; i++) samples.push(await timeImport(outfile, env));
      result.initMs = summarize(samples);
    } catch (error) {
      result.initError = (error as Error).message.split('\n').slice(-3).join(' ').slice(0, 200);
    }
    opts.log(`coldstart: ${fn.name} ${result.bytes === undefined ? 'failed' : `${(result.bytes / 1024).toFixed(0)} KB`}, init ${result.initMs?.median.toFixed(0) ?? '?'} ms`);
    functions.push(result);
  }
  return {
    how:
      'Each functions/<name>/handler.ts bundled with esbuild as the CDK app does (bundle, minify, platform node, target node22, CommonJS, AWS SDK bundled). ' +
      `Init = time to require() the bundle in a fresh node process with the function's environment set (median of ${rounds}, after one discarded run).`,
    functions,
  };
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
