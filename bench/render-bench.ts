import { fileURLToPath } from 'node:url';
import { runWorker } from './child.js';
import { acrossProcesses, type Summary } from './harness.js';
import type { RenderCaseResult, RenderFormat } from './render-worker.js';

const WORKER = fileURLToPath(new URL('./render-worker.ts', import.meta.url));

export interface RenderSection {
  cases: Array<{
    format: RenderFormat;
    articles: number;
    wirefeed?: Summary;
    feed?: Summary;
    /** feed package time over wirefeed time (above 1: wirefeed is faster). */
    ratio?: number;
    outputBytes: number;
    feedOutputBytes?: number;
  }>;
  /** wirefeed's output is the same bytes twice in one process and again in a second process. */
  deterministic: boolean;
  /** Whether the feed package's output was stable too (it is not when it stamps the render time). */
  feedDeterministic: boolean;
}

/**
 * Timed processes per renderer, alternated (wirefeed, feed, wirefeed, …): on this shared machine the speed of the
 * whole machine drifts within a run (one committed run had both renderers 3× slower than the next), and one
 * process of each, one after the other, let that drift into the ratio.
 */
const PROCESSES = { quick: 1, full: 3 };

export async function runRenderBench(opts: { workDir: string; quick: boolean; log: (line: string) => void }): Promise<RenderSection> {
  const cases = (['rss', 'atom', 'json'] as const).flatMap((format) => [50, 200].map((articles) => ({ format, articles })));
  const measure = opts.quick ? { warmupRounds: 1, rounds: 3, minRoundMs: 50 } : { warmupRounds: 2, rounds: 7, minRoundMs: 150 };
  const run = (renderer: 'wirefeed' | 'feed', hashOnly: boolean, tag: string) =>
    runWorker<RenderCaseResult[]>({ script: WORKER, workDir: opts.workDir, tag, job: { renderer, cases, measure, hashOnly } });
  const oursRuns: RenderCaseResult[][] = [];
  const theirsRuns: RenderCaseResult[][] = [];
  for (let p = 0; p < (opts.quick ? PROCESSES.quick : PROCESSES.full); p++) {
    oursRuns.push(await run('wirefeed', false, `render-wirefeed-${p}`));
    theirsRuns.push(await run('feed', false, `render-feed-${p}`));
  }
  const again = await run('wirefeed', true, 'render-wirefeed-again');
  const theirsAgain = await run('feed', true, 'render-feed-again');
  opts.log('render: done');
  const timeOf = (runs: RenderCaseResult[][], i: number): Summary | undefined => {
    const times = runs.map((r) => r[i]?.time).filter((t): t is Summary => t !== undefined);
    return times.length === runs.length ? acrossProcesses(times) : undefined;
  };
  const ours = oursRuns[0]!.map((r, i) => ({ ...r, time: timeOf(oursRuns, i) }));
  const theirs = theirsRuns[0]!.map((r, i) => ({ ...r, time: timeOf(theirsRuns, i) }));
  const same = (a: RenderCaseResult[], b: RenderCaseResult[]) => a.every((r, i) => r.stable && r.sha256 === b[i]?.sha256);
  const allSame = (runs: RenderCaseResult[][], b: RenderCaseResult[]) => runs.every((r) => same(r, b));
  return {
    cases: ours.map((r, i) => {
      const f = theirs[i];
      return {
        format: r.format,
        articles: r.articles,
        wirefeed: r.time,
        feed: f?.time,
        ratio: r.time && f?.time ? f.time.median / r.time.median : undefined,
        outputBytes: r.bytes,
        feedOutputBytes: f?.bytes,
      };
    }),
    deterministic: allSame(oursRuns, again),
    feedDeterministic: allSame(theirsRuns, theirsAgain),
  };
}
