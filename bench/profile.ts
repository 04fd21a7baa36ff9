import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWorker } from './child.js';
import { generateRss } from './generate.js';

const WORKER = fileURLToPath(new URL('./parse-worker.ts', import.meta.url));
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface ProfileFrame {
  functionName: string;
  /** file:line, relative to the project (node_modules/<pkg>/… for dependencies). */
  where: string;
  selfPercent: number;
}

export interface ProfileSummary {
  top: ProfileFrame[];
  /** Self time by file, to see which stage the time goes to. */
  byFile: Array<{ file: string; selfPercent: number }>;
  /** Self time by stage: our folders (shared/formats, shared/normalize…), dependencies by package, GC, Node. */
  byStage: Array<{ stage: string; selfPercent: number }>;
}

/** The stage a file belongs to: shared/<folder> for ours, the package for a dependency, node for Node's own. */
export function stageOf(file: string): string {
  if (file.startsWith('(')) return file === '(garbage collector)' ? 'garbage collector' : 'V8 (regexps, builtins, parser)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return pkg[1]!;
  if (file.startsWith('node:')) return 'node';
  const ours = /^(shared|functions|bench|infra)\/([^/]+)\//.exec(file);
  return ours ? `${ours[1]}/${ours[2]}` : file;
}

export interface ProfileSection {
  how: string;
  runs: Array<{ contender: string } & ProfileSummary>;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>;
  samples?: number[];
}

/** Self time per frame and per file from a V8 .cpuprofile, largest first ((idle), (program) and GC kept: they are real time). */
export function summarizeProfile(profile: CpuProfile, projectRoot = root, limit = 15): ProfileSummary {
  const hits = new Map<number, number>();
  if (profile.samples && profile.samples.length > 0) for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  else for (const n of profile.nodes) hits.set(n.id, n.hitCount ?? 0);
  let total = 0;
  const frames = new Map<string, ProfileFrame & { hits: number }>();
  const files = new Map<string, number>();
  for (const node of profile.nodes) {
    const h = hits.get(node.id) ?? 0;
    if (h === 0) continue;
    total += h;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = shortPath(url, projectRoot);
    // Line 1 is what V8 reports for code it cannot place (transpiled modules): the file alone says more.
    const where = file === '' ? '' : lineNumber > 0 ? `${file}:${lineNumber + 1}` : file;
    const key = `${functionName}@${where}`;
    const f = frames.get(key) ?? { functionName, where, selfPercent: 0, hits: 0 };
    f.hits += h;
    frames.set(key, f);
    const fileKey = file === '' ? `(${functionName.replace(/[()]/g, '') || 'native'})` : file;
    files.set(fileKey, (files.get(fileKey) ?? 0) + h);
  }
  const pct = (h: number) => (total === 0 ? 0 : (100 * h) / total);
  const stages = new Map<string, number>();
  for (const [file, h] of files) stages.set(stageOf(file), (stages.get(stageOf(file)) ?? 0) + h);
  return {
    byStage: [...stages.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([stage, h]) => ({ stage, selfPercent: pct(h) })),
    top: [...frames.values()]
      .sort((a, b) => b.hits - a.hits)
      .slice(0, limit)
      .map(({ functionName, where, hits: h }) => ({ functionName, where, selfPercent: pct(h) })),
    byFile: [...files.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([file, h]) => ({ file, selfPercent: pct(h) })),
  };
}

function shortPath(url: string, projectRoot: string): string {
  if (url === '') return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm);
  return path.startsWith(projectRoot) ? relative(projectRoot, path) : path;
}

/**
 * Profiles wirefeed's full parseFeed, then its parse stage alone, on the 1,000-item RSS with `node --cpu-prof`,
 * and summarizes the top frames of each.
 */
export async function runProfile(opts: { workDir: string; quick: boolean; log: (line: string) => void }): Promise<ProfileSection> {
  const input = join(opts.workDir, 'profile-rss-1000.xml');
  const text = generateRss({ seed: 1, items: 1000 });
  writeFileSync(input, text);
  const runs: ProfileSection['runs'] = [];
  for (const contender of ['wirefeed', 'wirefeed-parse']) {
    const out = join(opts.workDir, `${contender}.cpuprofile`);
    await runWorker({
      script: WORKER,
      workDir: opts.workDir,
      tag: `profile-${contender}`,
      job: {
        mode: 'speed',
        contender,
        inputs: [{ name: 'synthetic/rss-1000-items.xml', path: input, group: 'synthetic', bytes: Buffer.byteLength(text) }],
        measure: { warmupRounds: 1, rounds: 2, minRoundMs: 0 },
        profile: { out, calls: opts.quick ? 3 : 8 },
      },
    });
    const summary = summarizeProfile(JSON.parse(readFileSync(out, 'utf8')) as CpuProfile);
    opts.log(`profile ${contender}: top frame ${summary.top[0]?.functionName} ${summary.top[0]?.selfPercent.toFixed(1)}%`);
    runs.push({ contender, ...summary });
  }
  return {
    how:
      'V8\'s CPU profiler (the one node --cpu-prof runs, started through node:inspector so that only the hot calls are sampled, not startup or ' +
      'module loading) over wirefeed parseFeed (full), then readFeed (parse stage), after warm-up, on synthetic/rss-1000-items.xml; self time per frame and per file. ' +
      'Whole-process profile by hand: node --cpu-prof --import tsx bench/parse-worker.ts <job.json>.',
    runs,
  };
}
