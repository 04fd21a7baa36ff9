import { fileURLToPath } from 'node:url';
import { runWorker } from './child.js';
import type { Summary } from './harness.js';
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

export async function runRenderBench(opts: { workDir: string; quick: boolean; log: (line: string) => void }): Promise<RenderSection> {
  const cases = (['rss', 'atom', 'json'] as const).flatMap((format) => [50, 200].map((articles) => ({ format, articles })));
  const measure = opts.quick ? { warmupRounds: 1, rounds: 3, minRoundMs: 50 } : { warmupRounds: 2, rounds: 7, minRoundMs: 150 };
  const run = (renderer: 'wirefeed' | 'feed', hashOnly: boolean, tag: string) =>
    runWorker<RenderCaseResult[]>({ script: WORKER, workDir: opts.workDir, tag, job: { renderer, cases, measure, hashOnly } });
  const ours = await run('wirefeed', false, 'render-wirefeed');
  const again = await run('wirefeed', true, 'render-wirefeed-again');
  const theirs = await run('feed', false, 'render-feed');
  const theirsAgain = await run('feed', true, 'render-feed-again');
  opts.log('render: done');
  const same = (a: RenderCaseResult[], b: RenderCaseResult[]) => a.every((r, i) => r.stable && r.sha256 === b[i]?.sha256);
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
    deterministic: same(ours, again),
    feedDeterministic: same(theirs, theirsAgain),
  };
}
