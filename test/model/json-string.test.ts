import { describe, expect, it } from 'vitest';
import { jsonString } from '../../shared/model/json-string.js';

describe('jsonString', () => {
  it('writes what JSON.stringify writes, for 20,000 strings of every kind of character JSON escapes', () => {
    let seed = 7;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pieces = ['<p class="a">', 'é', '東京', '\\', '"', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u007f', '\u2028', '😀', '\ud83d', '\ude00', ' text '];
    for (let n = 0; n < 20_000; n++) {
      const text = Array.from({ length: Math.floor(next() * 12) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      if (jsonString(text) !== JSON.stringify(text)) expect.fail(`jsonString(${JSON.stringify(text)})`);
    }
  });

  it.each([
    ['a paired surrogate, kept as it is', 'x 😀 "y"\n', '"x 😀 \\"y\\"\\n"'],
    ['a lone high surrogate, escaped', 'a\ud83d b', '"a\\ud83d b"'],
    ['a lone low surrogate, escaped', '\ude00', '"\\ude00"'],
    ['a backspace, escaped', 'a\bb', '"a\\bb"'],
  ])('%s', (_name, text, expected) => {
    expect(jsonString(text)).toBe(expected);
    expect(jsonString(text)).toBe(JSON.stringify(text));
  });
});
