import { fileURLToPath } from 'node:url';
import { runWorker } from './child.js';
import { WIREFEED_MODULE_ENV, buildWirefeedModule } from './wirefeed-module.js';
import { CONTENDERS, type Contender } from './contenders.js';
import { LARGE_INPUT } from './corpus.js';
import { acrossProcesses, mbPerSecond, perSecond, type MeasureOptions } from './harness.js';
import type { InputResult, ManifestEntry, MemoryResult } from './parse-worker.js';

const WORKER = fileURLToPath(new URL('./parse-worker.ts', import.meta.url));

/** One row of a table: a contender over one view (a single input, or a group of files). */
export interface ViewRow {
  contender: string;
  files: number;
  failed: number;
  bytes: number;
  items: number;
  /** Throughput from the median, and from the slowest and fastest rounds. */
  mbPerSecond: number;
  mbPerSecondMin: number;
  mbPerSecondMax: number;
  itemsPerSecond: number;
  medianMs: number;
}

export interface View {
  /** An input name for a synthetic file, else the group name. */
  name: string;
  files: number;
  bytes: number;
  rows: ViewRow[];
  /** For each wirefeed contender, peer time over wirefeed time on the files both read (above 1: wirefeed is faster). */
  ratios: Record<string, Record<string, number>>;
  /** The peer (role "peer") with the best throughput on this view. */
  fastestPeer?: string;
}

export interface ParseSection {
  contenders: Array<Pick<Contender, 'name' | 'label' | 'role'>>;
  measure: { large: MeasureOptions; small: MeasureOptions };
  /** Passes over the contenders; absent in runs before it was kept. */
  passes?: number;
  results: Record<string, InputResult[]>;
  views: View[];
  memory: Record<string, MemoryResult | { error: string }>;
  /** Item counts that differ from wirefeed's on the same input (a peer that reads fewer items is not faster). */
  itemMismatches: Array<{ input: string; counts: Record<string, number | undefined> }>;
}

/**
 * Passes over the contenders, every other one in reverse order: the speed of this shared machine drifts within a
 * run (every contender 1.5–1.8× faster in the second pass than in the first, in one run), and one pass in a
 * fixed order let that drift into the ratios.
 */
const PASSES = { quick: 1, full: 2 };

/**
 * One contender's passes as one result per input: the median of the passes' medians and the extremes of all
 * their rounds (acrossProcesses), over the passes that read the input; its first error when none did.
 */
export function acrossPasses(passes: InputResult[][]): InputResult[] {
  const [first = []] = passes;
  return first.map((r) => {
    const same = passes.map((p) => p.find((x) => x.input === r.input)).filter((x): x is InputResult => x !== undefined);
    const read = same.filter((x): x is InputResult & { time: NonNullable<InputResult['time']> } => x.time !== undefined);
    if (read.length === 0) return same.find((x) => x.error) ?? r;
    return { input: r.input, bytes: r.bytes, items: read[0]!.items, time: acrossProcesses(read.map((x) => x.time)) };
  });
}

/** The inputs a contender runs on, and a result saying why for each it is not run on (Contender.notRunOn). */
export function inputsFor(c: Pick<Contender, 'notRunOn'>, all: ManifestEntry[]): { inputs: ManifestEntry[]; notRun: InputResult[] } {
  const skip = (m: ManifestEntry) => c.notRunOn?.inputs.includes(m.name) ?? false;
  return {
    inputs: all.filter((m) => !skip(m)),
    notRun: all.filter(skip).map((m) => ({ input: m.name, bytes: m.bytes, error: `not run: ${c.notRunOn!.why}` })),
  };
}

/** A file over this size is timed with the large-input settings. */
const LARGE_BYTES = 1_000_000;

export async function runParseBench(opts: {
  manifest: ManifestEntry[];
  workDir: string;
  quick: boolean;
  contenders?: string[];
  log: (line: string) => void;
}): Promise<ParseSection> {
  const measureOpts = opts.quick
    ? { large: { warmupRounds: 1, rounds: 3, minRoundMs: 0 }, small: { warmupRounds: 1, rounds: 3, minRoundMs: 15, warmupMs: 50, groupWarmupMs: 500 } }
    : { large: { warmupRounds: 1, rounds: 5, minRoundMs: 150 }, small: { warmupRounds: 1, rounds: 5, minRoundMs: 25, warmupMs: 120, groupWarmupMs: 3000 } };
  const chosen = CONTENDERS.filter((c) => !opts.contenders || opts.contenders.includes(c.name));
  const results: Record<string, InputResult[]> = {};
  const memory: ParseSection['memory'] = {};
  const large = opts.manifest.find((m) => m.name === LARGE_INPUT);
  const small = opts.manifest.filter((m) => m.bytes < LARGE_BYTES);
  const big = opts.manifest.filter((m) => m.bytes >= LARGE_BYTES && !(opts.quick && m.name === LARGE_INPUT));

  // wirefeed's contenders run a bundle of its code, as shipped (bench/wirefeed-module.ts), built once for the run.
  const env = { ...process.env, [WIREFEED_MODULE_ENV]: await buildWirefeedModule(opts.workDir) };
  const passes = opts.quick ? PASSES.quick : PASSES.full;
  const perPass: Record<string, InputResult[][]> = {};
  for (let pass = 0; pass < passes; pass++) {
    for (const c of pass % 2 === 0 ? chosen : [...chosen].reverse()) {
      const started = performance.now();
      const runs: InputResult[] = [];
      // One child per large input and one for all the small ones, each with its own time limit, so that one slow
      // giant neither starves the small inputs nor takes the other giants down with it (the composite's
      // sanitize-html on the 20,000-item feed outran the limit in every run: see its notRunOn).
      const parts: Array<[string, ManifestEntry[], MeasureOptions]> = [
        ...big.map((m, i) => [`large${i}`, [m], measureOpts.large] as [string, ManifestEntry[], MeasureOptions]),
        ['small', small, measureOpts.small],
      ];
      for (const [part, all, measure] of parts) {
        const { inputs, notRun } = inputsFor(c, all);
        runs.push(...notRun);
        if (inputs.length === 0) continue;
        try {
          runs.push(
            ...(await runWorker<InputResult[]>({
              script: WORKER,
              workDir: opts.workDir,
              tag: `parse-${c.name}-${part}-${pass}`,
              job: { mode: 'speed', contender: c.name, inputs, measure },
              env,
              timeoutMs: 600_000,
            })),
          );
        } catch (error) {
          for (const m of inputs) runs.push({ input: m.name, bytes: m.bytes, error: (error as Error).message.slice(0, 300) });
        }
      }
      (perPass[c.name] ??= []).push(runs);
      if (pass === 0 && large && !c.skipMemory) {
        try {
          memory[c.name] = await runWorker<MemoryResult>({
            script: WORKER,
            workDir: opts.workDir,
            tag: `memory-${c.name}`,
            nodeFlags: ['--expose-gc'],
            job: { mode: 'memory', contender: c.name, inputs: [large], measure: measureOpts.large },
            env,
          });
        } catch (error) {
          memory[c.name] = { error: (error as Error).message.slice(0, 300) };
        }
      }
      const failed = runs.filter((r) => r.error).length;
      opts.log(`parse: ${c.name} pass ${pass + 1}/${passes} done in ${((performance.now() - started) / 1000).toFixed(1)} s (${runs.length - failed} inputs, ${failed} failed)`);
    }
  }
  for (const c of chosen) results[c.name] = acrossPasses(perPass[c.name] ?? []);

  return {
    contenders: chosen.map(({ name, label, role }) => ({ name, label, role })),
    measure: measureOpts,
    passes,
    results,
    views: buildViews(opts.manifest, chosen, results),
    memory,
    itemMismatches: findMismatches(opts.manifest, results),
  };
}

/** One view per synthetic input, one per group of files (fixtures, each corpus folder). */
export function buildViews(manifest: ManifestEntry[], contenders: Array<Pick<Contender, 'name' | 'role'>>, results: Record<string, InputResult[]>): View[] {
  const views: Array<{ name: string; inputs: ManifestEntry[] }> = [];
  for (const m of manifest) if (m.group === 'synthetic') views.push({ name: m.name, inputs: [m] });
  const groups = [...new Set(manifest.filter((m) => m.group !== 'synthetic').map((m) => m.group))];
  for (const g of groups) views.push({ name: g, inputs: manifest.filter((m) => m.group === g) });

  const byName = (c: string) => new Map((results[c] ?? []).map((r) => [r.input, r]));
  const lookup = Object.fromEntries(contenders.map((c) => [c.name, byName(c.name)]));

  return views
    .map(({ name, inputs }) => {
      const rows: ViewRow[] = [];
      for (const c of contenders) {
        const ok = inputs.map((m) => lookup[c.name].get(m.name)).filter((r): r is InputResult & { time: NonNullable<InputResult['time']> } => !!r?.time);
        if (ok.length === 0) continue;
        const bytes = sum(ok.map((r) => r.bytes));
        const ms = sum(ok.map((r) => r.time.median));
        rows.push({
          contender: c.name,
          files: ok.length,
          failed: inputs.length - ok.length,
          bytes,
          items: sum(ok.map((r) => r.items ?? 0)),
          mbPerSecond: mbPerSecond(bytes, ms),
          mbPerSecondMin: mbPerSecond(bytes, sum(ok.map((r) => r.time.max))),
          mbPerSecondMax: mbPerSecond(bytes, sum(ok.map((r) => r.time.min))),
          itemsPerSecond: perSecond(sum(ok.map((r) => r.items ?? 0)), ms),
          medianMs: ms,
        });
      }
      const ratios: View['ratios'] = {};
      for (const w of contenders.filter((c) => c.role === 'wirefeed')) {
        ratios[w.name] = {};
        for (const p of contenders.filter((c) => c.role !== 'wirefeed')) {
          const r = pairRatio(inputs, lookup[w.name], lookup[p.name]);
          if (r !== undefined) ratios[w.name][p.name] = r;
        }
      }
      const peers = rows.filter((r) => contenders.find((c) => c.name === r.contender)?.role === 'peer');
      const fastestPeer = peers.sort((a, b) => b.mbPerSecond - a.mbPerSecond)[0]?.contender;
      return { name, files: inputs.length, bytes: sum(inputs.map((m) => m.bytes)), rows, ratios, fastestPeer };
    })
    .filter((v) => v.rows.length > 0);
}

/** Peer time over wirefeed time, summed over the inputs both read; undefined when they share none. */
export function pairRatio(inputs: ManifestEntry[], ours: Map<string, InputResult>, theirs: Map<string, InputResult>): number | undefined {
  let a = 0;
  let b = 0;
  for (const m of inputs) {
    const x = ours.get(m.name)?.time;
    const y = theirs.get(m.name)?.time;
    if (!x || !y) continue;
    a += x.median;
    b += y.median;
  }
  return a === 0 ? undefined : b / a;
}

function findMismatches(manifest: ManifestEntry[], results: Record<string, InputResult[]>): ParseSection['itemMismatches'] {
  const out: ParseSection['itemMismatches'] = [];
  for (const m of manifest) {
    const counts: Record<string, number | undefined> = {};
    // The floor and ceiling only count rss/feed/rdf items; they say nothing about other formats.
    for (const [c, runs] of Object.entries(results)) if (c !== 'fast-xml-parser' && c !== 'saxes') counts[c] = runs.find((r) => r.input === m.name)?.items;
    const ours = counts.wirefeed ?? counts['wirefeed-parse'];
    if (ours === undefined) continue;
    if (Object.values(counts).some((n) => n !== undefined && n !== ours)) out.push({ input: m.name, counts });
  }
  return out;
}

function sum(values: number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
