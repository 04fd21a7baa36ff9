import { describe, expect, it } from 'vitest';
import { canonicalInstant, daysInMonth, isoString } from '../../shared/model/instant.js';
import { createRandom } from '../../bench/generate.js';

describe('instants by hand agree with Date', () => {
  it('writes 100,000 instants from year 1 to just past 9999 as toISOString does', () => {
    const random = createRandom(20);
    const from = Date.UTC(1, 0, 1);
    const until = Date.UTC(10_050, 0, 1);
    const special = [0, -1, 1, 999, Date.UTC(1000, 0, 1), Date.UTC(1000, 0, 1) - 1, Date.UTC(10_000, 0, 1), Date.UTC(10_000, 0, 1) - 1, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2024, 6, 31, 1, 2, 3, 45), 1.5];
    for (let k = 0; k < 100_000 + special.length; k++) {
      const ms = k < special.length ? special[k]! : Math.floor(from + random() * (until - from));
      const expected = new Date(ms).toISOString();
      if (isoString(ms) !== expected) expect.fail(`isoString(${ms}) = ${isoString(ms)}, expected ${expected}`);
    }
  });

  it('throws for an invalid instant as toISOString does', () => {
    expect(() => isoString(Number.NaN)).toThrow(RangeError);
  });

  it('knows the length of every month of 2,400 years as Date does', () => {
    for (let year = 1600; year < 4000; year++) {
      for (let month = 1; month <= 12; month++) {
        const expected = new Date(Date.UTC(year, month, 0)).getUTCDate();
        if (daysInMonth(year, month) !== expected) expect.fail(`daysInMonth(${year}, ${month}) = ${daysInMonth(year, month)}, expected ${expected}`);
      }
    }
  });

  it('accepts as canonical only a timestamp that is its own ISO string', () => {
    const random = createRandom(21);
    const pad = (n: number, w: number): string => String(n).padStart(w, '0');
    for (let k = 0; k < 50_000; k++) {
      const iso = `${pad(Math.floor(random() * 10_000), 4)}-${pad(Math.floor(random() * 14), 2)}-${pad(Math.floor(random() * 33), 2)}T${pad(Math.floor(random() * 26), 2)}:${pad(Math.floor(random() * 61), 2)}:${pad(Math.floor(random() * 61), 2)}.${pad(Math.floor(random() * 1000), 3)}Z`;
      const t = Date.parse(iso);
      const own = !Number.isNaN(t) && new Date(t).toISOString() === iso;
      if ((canonicalInstant(iso) !== undefined) !== own) expect.fail(`canonicalInstant(${iso}) = ${canonicalInstant(iso)}, its own ISO string: ${own}`);
    }
  });
});
