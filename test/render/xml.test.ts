import { describe, expect, it } from 'vitest';
import { stripIllegal } from '../../shared/model/plain-text.js';
import { attrs, el, esc, escLong } from '../../shared/render/xml.js';

describe('xml escaping', () => {
  it('escapes all five XML specials', () => {
    expect(esc(`a & b < c > d " e ' f`)).toBe('a &amp; b &lt; c &gt; d &quot; e &#39; f');
  });

  it('returns plain text unchanged', () => {
    expect(esc('Jakarta floods displace thousands — 3,000 moved')).toBe('Jakarta floods displace thousands — 3,000 moved');
  });

  it('turns a CDATA terminator into harmless text', () => {
    expect(esc('x ]]> y ]]> z')).toBe('x ]]&gt; y ]]&gt; z');
  });

  it.each([
    ['NUL and other C0 controls', 'a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg', 'abcdefg'],
    ['C1 controls from mis-decoded cp1252', 'a\u0080b\u009Fc', 'abc'],
    ['the non-characters U+FFFE and U+FFFF', 'a\uFFFEb\uFFFFc', 'abc'],
    ['a lone high surrogate', 'a\uD83Db', 'ab'],
    ['a lone low surrogate', 'a\uDE00b', 'ab'],
  ])('removes %s', (_name, input, expected) => {
    expect(esc(input)).toBe(expected);
    expect(stripIllegal(input)).toBe(expected);
  });

  it('keeps tab, newline, carriage return and astral characters', () => {
    expect(esc('a\tb\nc\rd 😀')).toBe('a\tb\nc\rd 😀');
  });

  it('writes an element only when there is text', () => {
    expect(el('title', 'A & B')).toBe('<title>A &amp; B</title>');
    expect(el('title', undefined)).toBe('');
    expect(el('title', '')).toBe('');
  });

  it('writes attributes escaped and leaves absent ones out', () => {
    expect(attrs({ url: 'https://x.test/?a=1&b="2"', type: undefined, width: 800 })).toBe(
      ' url="https://x.test/?a=1&amp;b=&quot;2&quot;" width="800"',
    );
  });
});

describe('escLong', () => {
  it('escapes clean long text exactly as esc does', () => {
    const body = `<p class="x">Tom's "quote" &amp; more — 😀</p>\n`.repeat(40);
    expect(escLong(body)).toBe(esc(body));
    expect(escLong('no specials at all '.repeat(40))).toBe('no specials at all '.repeat(40));
  });
});
