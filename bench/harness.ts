/**
 * The one timing harness every contender runs under: warm-up rounds that are thrown away, then timed rounds of
 * as many calls as fit in a minimum round time, each round giving one time per call. Time is injectable so the
 * logic is testable without sleeping.
 */

export interface MeasureOptions {
  /** Rounds run and discarded first (JIT warm-up, caches). */
  warmupRounds: number;
  /** Timed rounds. */
  rounds: number;
  /** A round repeats the call until this many milliseconds have passed (at least one call). */
  minRoundMs: number;
  /** Warm-up goes on until this many milliseconds have passed too (small inputs need many calls to be optimized). */
  warmupMs?: number;
  /**
   * A worker timing several inputs first calls each of them in turn until this many milliseconds have passed
   * (`warmAll`), so that no input is timed while the code is still being optimized for the inputs after it.
   */
  groupWarmupMs?: number;
}

export interface Summary {
  /** Milliseconds per call, one per timed round. */
  samples: number[];
  median: number;
  min: number;
  max: number;
  /** Calls made in the timed rounds. */
  calls: number;
}

/** Median, min and max of per-call times (the median of an even count is the mean of the middle two). */
export function summarize(samples: number[], calls = samples.length): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { samples, median, min: sorted[0], max: sorted[sorted.length - 1], calls };
}

/**
 * The result of an async contender, to be awaited; undefined for a sync one, which is then not awaited at all (an
 * await costs a microtask turn per call, which would be timed).
 */
function asThenable(result: unknown): PromiseLike<unknown> | undefined {
  const thenable = result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function';
  return thenable ? (result as PromiseLike<unknown>) : undefined;
}

/** Times `fn` (sync or async) under the harness's rules and returns milliseconds per call. */
export async function measure(
  fn: () => unknown,
  options: MeasureOptions,
  now: () => number = () => performance.now(),
): Promise<Summary> {
  const samples: number[] = [];
  let calls = 0;
  const warmupStart = now();
  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    const start = now();
    const warmup = round < options.warmupRounds;
    // The last warm-up round stretches until the warm-up time is spent.
    const until = warmup && round === options.warmupRounds - 1 ? Math.max(options.minRoundMs, (options.warmupMs ?? 0) - (start - warmupStart)) : options.minRoundMs;
    let n = 0;
    let elapsed = 0;
    do {
      const pending = asThenable(fn());
      if (pending) await pending;
      n++;
      elapsed = now() - start;
    } while (elapsed < until);
    if (round >= options.warmupRounds) {
      samples.push(elapsed / n);
      calls += n;
    }
  }
  return summarize(samples, calls);
}

/**
 * Calls each function in turn, round after round, until `ms` have passed (every one at least once); a call that
 * throws is passed over (its input's own timing reports the error). Without it the first inputs of a group are
 * timed on code still being optimized and the last ones on code optimized for all of them, so that the order of
 * the files decides part of the figure (bench/NOTES.md, tenth session).
 */
export async function warmAll(fns: Array<() => unknown>, ms: number, now: () => number = () => performance.now()): Promise<number> {
  const start = now();
  let calls = 0;
  do {
    for (const fn of fns) {
      try {
        const pending = asThenable(fn());
        if (pending) await pending;
      } catch {
        // reported by the input's own timing
      }
      calls++;
    }
  } while (now() - start < ms && fns.length > 0);
  return calls;
}

/**
 * Per-process timings of one case (or one input) as one summary: the median of the processes' medians (what the
 * ratio uses), the extremes of all their rounds, every sample and call.
 */
export function acrossProcesses(runs: Summary[]): Summary {
  const combined = summarize(runs.flatMap((r) => r.samples), runs.reduce((n, r) => n + r.calls, 0));
  return { ...combined, median: summarize(runs.map((r) => r.median)).median };
}

/** Megabytes (10^6 bytes) per second for `bytes` handled in `ms`. */
export function mbPerSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

/** Items per second for `items` handled in `ms`. */
export function perSecond(items: number, ms: number): number {
  return items / (ms / 1000);
}

/**
 * Aggregate throughput over a set of inputs: total bytes over the sum of median times, counting only the inputs
 * every compared contender read (a peer that fails on a file is neither rewarded nor punished for it).
 */
export function aggregateThroughput(
  perInput: Array<{ bytes: number; median: number | undefined }>,
): { bytes: number; ms: number; mbPerSecond: number } | undefined {
  let bytes = 0;
  let ms = 0;
  for (const input of perInput) {
    if (input.median === undefined) return undefined;
    bytes += input.bytes;
    ms += input.median;
  }
  if (ms === 0) return undefined;
  return { bytes, ms, mbPerSecond: mbPerSecond(bytes, ms) };
}
