import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../../shared/adapters/dynamo/batch.js';

describe('mapLimit', () => {
  it('keeps at most the limit of calls in flight and returns the results in input order', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      most = Math.max(most, ++inFlight);
      await new Promise((done) => setTimeout(done, n));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
  });

  it('starts nothing after a failure and rejects with it once the calls in flight have settled', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const run = mapLimit([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await new Promise((done) => setTimeout(done, n === 1 ? 20 : 1));
      settled.push(n);
      if (n === 2) throw new Error('boom on 2');
      return n;
    });
    await expect(run).rejects.toThrow('boom on 2');
    expect(started).toEqual([1, 2]);
    expect(settled).toEqual([2, 1]);
  });

  it('does nothing for no items', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});
