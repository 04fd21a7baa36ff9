import { describe, expect, it } from 'vitest';
import { collapse } from '../../shared/model/plain-text.js';

/** The definition collapse must keep to: its fast path only skips work, never changes an answer. */
const reference = (text: string) => text.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();

describe('collapse', () => {
  it.each([
    ['Already clean text.', 'Already clean text.'],
    ['  padded  ', 'padded'],
    ['two  spaces', 'two spaces'],
    ['line\nbreak\ttab', 'line break tab'],
    ['no\u00a0break and zero\u200bwidth', 'no break and zero width'],
    ['\ufeffBOM first', 'BOM first'],
    ['', ''],
    [' ', ''],
  ])('collapses %j to %j', (input, expected) => {
    expect(collapse(input)).toBe(expected);
  });

  it('agrees with the plain definition on random mixes of words and every kind of space', () => {
    const pieces = ['a', 'Kim', 'é', ' ', '  ', '\n', '\t', '\u00a0', '\u200b', '\ufeff', '\u2009', '.'];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: Math.floor(next() * 12) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      expect(collapse(text)).toBe(reference(text));
    }
  });

  it('stays linear on long text that needs no work and on text that does', () => {
    const clean = 'word '.repeat(200_000) + 'end';
    expect(collapse(clean)).toBe(clean);
    expect(collapse(`${clean}  `)).toBe(clean);
  });
});
