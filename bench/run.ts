/**
 * `npm run bench [-- --quick] [--corpus DIR]... [--only parse,render,api,coldstart,aws] [--contenders a,b] [--profile]`
 *
 * Runs every benchmark section in one run on one machine and writes bench/results.json and bench/results.md.
 * Each parser contender runs in its own child process under the same harness; the other sections start what
 * they need (local AWS, the publish API) on loopback and stop it again.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildManifest } from './corpus.js';
import { runParseBench } from './parse-bench.js';
import { renderMarkdown, type BenchResults } from './report.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
// Cold start first: module init is timed in fresh processes, and the stack sections' Java and server processes
// (still exiting, or paging back in) had pushed the ingest init from ~180 ms alone to 309 ms in a full run.
export const SECTIONS = ['coldstart', 'parse', 'render', 'api', 'aws', 'profile'] as const;
type Section = (typeof SECTIONS)[number];

export interface BenchArgs {
  quick: boolean;
  corpus: string[];
  only: Section[];
  contenders?: string[];
  outDir: string;
}

/** Reads the command line; unknown flags are refused so that a typo does not silently run the wrong thing. */
export function parseArgs(argv: string[], cwd = process.cwd()): BenchArgs {
  const args: BenchArgs = { quick: false, corpus: [], only: [...SECTIONS], outDir: here };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--corpus') args.corpus.push(resolve(cwd, value()));
    else if (a === '--only') {
      const wanted = value().split(',');
      for (const w of wanted) if (!SECTIONS.includes(w as Section)) throw new Error(`unknown section "${w}" (known: ${SECTIONS.join(', ')})`);
      args.only = wanted as Section[];
    } else if (a === '--contenders') args.contenders = value().split(',');
    else if (a === '--out') args.outDir = resolve(cwd, value());
    else throw new Error(`unknown flag "${a}"`);
  }
  return args;
}

function machine(): BenchResults['machine'] {
  const cpu = cpus();
  let commit: string | undefined;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    commit = undefined;
  }
  return {
    node: process.version,
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
    commit,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  const workDir = mkdtempSync(join(tmpdir(), 'wirefeed-bench-'));
  const started = Date.now();
  const results: BenchResults = { startedAt: new Date(started).toISOString(), quick: args.quick, machine: machine(), corpusDirs: args.corpus.map((d) => relative(root, d) || '.') };
  const sections: Record<Section, () => Promise<void>> = {
    parse: async () => {
      const manifest = buildManifest({ workDir, fixturesDir: join(root, 'test', 'fixtures'), corpusDirs: args.corpus });
      log(`parse: ${manifest.length} inputs (${(manifest.reduce((s, m) => s + m.bytes, 0) / 1e6).toFixed(1)} MB)`);
      results.parse = await runParseBench({ manifest, workDir, quick: args.quick, contenders: args.contenders, log });
    },
    render: async () => {
      const { runRenderBench } = await import('./render-bench.js');
      results.render = await runRenderBench({ workDir, quick: args.quick, log });
    },
    api: async () => {
      const { runApiBench } = await import('./api-bench.js');
      results.api = await runApiBench({ workDir, quick: args.quick, log });
    },
    coldstart: async () => {
      const { runColdStartBench } = await import('./coldstart.js');
      results.coldStart = await runColdStartBench({ workDir, quick: args.quick, log });
    },
    aws: async () => {
      const { runAwsCallsBench } = await import('./aws-calls.js');
      results.awsCalls = await runAwsCallsBench({ workDir, log });
    },
    profile: async () => {
      const { runProfile } = await import('./profile.js');
      results.profile = await runProfile({ workDir, quick: args.quick, log });
    },
  };
  try {
    for (const name of args.only) {
      const t = Date.now();
      try {
        await sections[name]();
      } catch (error) {
        const message = (error as Error).message.split('\n')[0];
        (results.errors ??= {})[name] = message;
        log(`${name}: failed: ${message}`);
      }
      log(`${name}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  results.durationSeconds = Math.round((Date.now() - started) / 1000);
  mkdirSync(args.outDir, { recursive: true });
  writeFileSync(join(args.outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const markdown = renderMarkdown(results);
  writeFileSync(join(args.outDir, 'results.md'), markdown);
  process.stdout.write(markdown);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`bench: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
