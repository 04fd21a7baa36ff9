import { describe, expect, it } from 'vitest';
import { withFields } from '../../shared/model/objects.js';
import { createRandom } from '../../bench/generate.js';

describe('withFields', () => {
  it('gives what a spread gives: the same keys and values in the same order', () => {
    const random = createRandom(16);
    const names = ['format', 'title', 'link', 'items', 'warnings', 'url', 'caption', 'truncated'];
    for (let n = 0; n < 2_000; n++) {
      const base: Record<string, unknown> = {};
      const fields: Record<string, unknown> = {};
      for (const name of names) {
        const r = random();
        if (r < 0.3) base[name] = r < 0.1 ? undefined : name.repeat(1 + Math.floor(r * 10));
        else if (r < 0.5) fields[name] = r < 0.35 ? undefined : [r];
      }
      const built = withFields(base, fields);
      const spread = { ...base, ...fields };
      expect(Object.entries(built)).toEqual(Object.entries(spread));
    }
  });

  it('copies: neither argument is changed', () => {
    const base = { a: 1, b: 2 };
    const fields = { b: 3, c: 4 };
    expect(withFields(base, fields)).toEqual({ a: 1, b: 3, c: 4 });
    expect([base, fields]).toEqual([{ a: 1, b: 2 }, { b: 3, c: 4 }]);
  });
});
