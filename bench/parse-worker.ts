/**
 * Child process: one contender, every input, the shared harness. Started by run.ts as
 *   node --import tsx bench/parse-worker.ts <job.json>
 * and writes its results to the job's `out` path (stdout stays free for the contenders' own noise).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { contender, type BenchInput } from './contenders.js';
import { measure, warmAll, type MeasureOptions, type Summary } from './harness.js';

export interface ManifestEntry {
  name: string;
  path: string;
  /** synthetic, fixtures, or corpus:<dir>. */
  group: string;
  bytes: number;
}

export interface ParseJob {
  mode: 'speed' | 'memory';
  contender: string;
  inputs: ManifestEntry[];
  measure: MeasureOptions;
  /** Speed mode: after timing, profile this many more calls on the first input and write the .cpuprofile here. */
  profile?: { out: string; calls: number };
  out: string;
}

export interface InputResult {
  input: string;
  bytes: number;
  items?: number;
  time?: Summary;
  error?: string;
}

export interface MemoryResult {
  input: string;
  bytes: number;
  items?: number;
  /** Resident set just before the parse (after a full GC), bytes. */
  rssBefore: number;
  /** Peak resident set of the process, before and after the parse (getrusage maxRSS), bytes. */
  maxRssBefore: number;
  maxRssAfter: number;
  /** Peak extra memory of the parse: maxRSS after minus RSS before. */
  peakExtra: number;
  /** True when the parse never raised the process's peak (the figure is then only an upper bound). */
  bounded: boolean;
  error?: string;
}

function load(entry: ManifestEntry): BenchInput {
  const bytes = readFileSync(entry.path);
  return { bytes };
}

async function speed(job: ParseJob): Promise<InputResult[]> {
  const parse = await contender(job.contender).load();
  const results: InputResult[] = [];
  const inputs = job.inputs.map(load);
  if (job.measure.groupWarmupMs && inputs.length > 1) await warmAll(inputs.map((input) => () => parse(input)), job.measure.groupWarmupMs);
  for (const [i, entry] of job.inputs.entries()) {
    const input = inputs[i]!;
    try {
      const items = await parse(input);
      const time = await measure(() => parse(input), job.measure);
      results.push({ input: entry.name, bytes: entry.bytes, items, time });
    } catch (error) {
      results.push({ input: entry.name, bytes: entry.bytes, error: String((error as Error)?.message ?? error).split('\n')[0].slice(0, 200) });
    }
  }
  if (job.profile && job.inputs[0]) {
    const input = load(job.inputs[0]);
    await profileCalls(() => parse(input), job.profile);
  }
  return results;
}

/** V8's CPU profiler (what node --cpu-prof runs) around the hot calls only: no startup, no module loading. */
async function profileCalls(fn: () => unknown, opts: { out: string; calls: number }): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  for (let i = 0; i < opts.calls; i++) await fn();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  writeFileSync(opts.out, JSON.stringify(profile));
}

async function memory(job: ParseJob): Promise<MemoryResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the memory job needs node --expose-gc');
  const [entry] = job.inputs;
  const parse = await contender(job.contender).load();
  // Warm the code paths on a tiny feed so that compiling them is not counted as the big parse's memory.
  const tiny = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title><link>https://a.example/1</link><description>b</description></item></channel></rss>';
  await parse({ bytes: Buffer.from(tiny) });
  const input = load(entry);
  gc();
  gc();
  const rssBefore = process.memoryUsage.rss();
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  let result: number | undefined;
  let error: string | undefined;
  try {
    result = await parse(input);
  } catch (e) {
    error = String((e as Error)?.message ?? e).split('\n')[0];
  }
  const maxRssAfter = process.resourceUsage().maxRSS * 1024;
  return {
    input: entry.name,
    bytes: entry.bytes,
    items: result,
    rssBefore,
    maxRssBefore,
    maxRssAfter,
    peakExtra: maxRssAfter - rssBefore,
    bounded: maxRssAfter <= maxRssBefore,
    error,
  };
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as ParseJob;
  const result = job.mode === 'memory' ? await memory(job) : await speed(job);
  writeFileSync(job.out, JSON.stringify(result));
}

await main();
