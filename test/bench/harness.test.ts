import { describe, expect, it } from 'vitest';
import { acrossProcesses, aggregateThroughput, mbPerSecond, measure, perSecond, summarize, warmAll } from '../../bench/harness.js';

describe('summarize', () => {
  it('takes the middle sample of an odd count as the median', () => {
    expect(summarize([5, 1, 3])).toMatchObject({ median: 3, min: 1, max: 5 });
  });

  it('averages the two middle samples of an even count', () => {
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('refuses to summarize nothing', () => {
    expect(() => summarize([])).toThrow('no samples');
  });
});

describe('measure', () => {
  it('discards warm-up rounds and divides each round by its calls', async () => {
    let t = 0;
    let calls = 0;
    // Each call takes 10 ms on the fake clock; the first (the warm-up round) takes 100 ms.
    const fn = () => {
      calls++;
      t += calls === 1 ? 100 : 10;
    };
    const result = await measure(fn, { warmupRounds: 1, rounds: 3, minRoundMs: 25 }, () => t);
    expect(result.samples).toEqual([10, 10, 10]);
    expect(result.calls).toBe(9);
    expect(result.median).toBe(10);
  });

  it('keeps warming up until the warm-up time is spent', async () => {
    let t = 0;
    let calls = 0;
    const fn = () => {
      calls++;
      t += 10;
    };
    const result = await measure(fn, { warmupRounds: 1, rounds: 2, minRoundMs: 0, warmupMs: 100 }, () => t);
    expect(calls).toBe(10 + 2);
    expect(result.calls).toBe(2);
  });

  it('awaits asynchronous calls', async () => {
    let t = 0;
    let resolved = 0;
    const fn = async () => {
      t += 5;
      await Promise.resolve();
      resolved++;
    };
    const result = await measure(fn, { warmupRounds: 0, rounds: 2, minRoundMs: 0 }, () => t);
    expect(resolved).toBe(2);
    expect(result.samples).toEqual([5, 5]);
  });
});

describe('warmAll', () => {
  it('calls every input in turn until the time is spent, each at least once', async () => {
    let t = 0;
    const calls: string[] = [];
    const fns = ['a', 'b', 'c'].map((name) => () => {
      calls.push(name);
      t += 10;
    });
    expect(await warmAll(fns, 45, () => t)).toBe(6);
    expect(calls).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    t = 0;
    calls.length = 0;
    await warmAll(fns, 0, () => t);
    expect(calls).toEqual(['a', 'b', 'c']);
  });

  it('passes over an input that throws and awaits one that is asynchronous', async () => {
    let t = 0;
    let resolved = 0;
    const fns = [
      () => {
        t += 10;
        throw new Error('not a feed');
      },
      async () => {
        t += 10;
        await Promise.resolve();
        resolved++;
      },
    ];
    expect(await warmAll(fns, 30, () => t)).toBe(4);
    expect(resolved).toBe(2);
  });
});

describe('throughput', () => {
  it('reports megabytes and items per second', () => {
    expect(mbPerSecond(2_000_000, 500)).toBe(4);
    expect(perSecond(100, 250)).toBe(400);
  });

  it('sums bytes and median times over inputs, and gives up when one was not read', () => {
    expect(aggregateThroughput([{ bytes: 1e6, median: 100 }, { bytes: 1e6, median: 300 }])).toEqual({ bytes: 2e6, ms: 400, mbPerSecond: 5 });
    expect(aggregateThroughput([{ bytes: 1e6, median: 100 }, { bytes: 1e6, median: undefined }])).toBeUndefined();
  });
});

describe('timings across processes (the render bench)', () => {
  it('takes the median of the processes\' medians, and the extremes, samples and calls of all of them', () => {
    const runs = [summarize([1, 2, 3], 30), summarize([10, 11, 12], 3), summarize([4, 5, 6], 6)];
    const combined = acrossProcesses(runs);
    // The slow process is one of three: the ratio is not dragged by it as a mean of all samples would be.
    expect(combined.median).toBe(5);
    expect(combined.min).toBe(1);
    expect(combined.max).toBe(12);
    expect(combined.samples).toEqual([1, 2, 3, 10, 11, 12, 4, 5, 6]);
    expect(combined.calls).toBe(39);
  });
});
