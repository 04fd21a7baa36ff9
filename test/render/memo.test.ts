import { describe, expect, it } from 'vitest';
import { clearRenderMemos, memoLong, registerMemo } from '../../shared/render/memo.js';

describe('render memos', () => {
  it('computes a long text once, and again after clearRenderMemos', () => {
    let calls = 0;
    const upper = memoLong((text) => {
      calls++;
      return text.toUpperCase();
    });
    const body = 'x'.repeat(600);
    expect(upper(body)).toBe('X'.repeat(600));
    expect(upper(body)).toBe('X'.repeat(600));
    expect(calls).toBe(1);
    clearRenderMemos();
    expect(upper(body)).toBe('X'.repeat(600));
    expect(calls).toBe(2);
  });

  it('does not memoize short text', () => {
    let calls = 0;
    const same = memoLong((text) => {
      calls++;
      return text;
    });
    same('short');
    same('short');
    expect(calls).toBe(2);
  });

  it('empties every registered cache on clearRenderMemos', () => {
    const cache = new Map<string, string>([['body', 'sanitized']]);
    registerMemo(cache);
    clearRenderMemos();
    expect(cache.size).toBe(0);
  });
});
