import { describe, expect, it } from 'vitest';
import { absolutizeHtml, hasRelativeUrlAttribute } from '../../shared/formats/common.js';
import { decodeReferences, type ReferenceResolver } from '../../shared/formats/entities.js';

// The hand scans that replaced regular expressions on every body, checked against those expressions.

/** A deterministic stream of numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fragments(seed: number, pieces: string[], count: number, length: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * length) }, () => pieces[Math.floor(next() * pieces.length)]).join(''));
}

describe('hasRelativeUrlAttribute', () => {
  const REFERENCE = /(?:href|src|poster)\s*=\s*["'](?![a-zA-Z][a-zA-Z0-9+.-]*:|#)/;
  const PIECES = ['href="', "src = '", 'poster=\u00a0"', 'href =\t"', 'href', 'src', 'poster', 'HREF', 'ssrc', '=', ' ', '\t', '\n', '\u00a0', '\u2003', '"', "'", 'http', ':', '//x', '#', 'a', 'Z9', '+', '.', '-', '/rel', '<a ', '>', 'mailto:', '1a:', 'x'];

  it('says what the regular expression it replaced says, on 20,000 generated fragments', () => {
    const cases = fragments(16, PIECES, 20_000, 12);
    const disagreements = cases.filter((html) => hasRelativeUrlAttribute(html) !== REFERENCE.test(html));
    expect(disagreements).toEqual([]);
    // Both answers occur, so the comparison means something.
    expect(cases.filter((html) => hasRelativeUrlAttribute(html)).length).toBeGreaterThan(2000);
    expect(cases.filter((html) => !hasRelativeUrlAttribute(html)).length).toBeGreaterThan(2000);
  });

  it.each([
    ['<a href="/news/1">x</a>', true],
    ['<img src = \'i.jpg\'>', true],
    ['<video poster="p.jpg">', true],
    ['<a href="https://x.example/">x</a><img src="http://x.example/i.jpg">', false],
    ['<a href="#top">x</a>', false],
    ['<a href="mailto:a@b.example">x</a>', false],
    ['<a href=/unquoted>x</a>', false],
    ['<a href\u00a0=\u2003"rel">x</a>', true],
  ])('%s → %s', (html, expected) => {
    expect(hasRelativeUrlAttribute(html)).toBe(expected);
  });

  it('leaves a body with only absolute links as it is, and resolves a relative one', () => {
    const absolute = '<p><a href="https://x.example/a">a</a></p>';
    expect(absolutizeHtml(absolute, 'https://base.example/')).toBe(absolute);
    expect(absolutizeHtml('<p><a href="/a?x=1&amp;y=2">a</a></p>', 'https://base.example/d/')).toBe('<p><a href="https://base.example/a?x=1&amp;y=2">a</a></p>');
  });
});

describe('decodeReferences on long texts', () => {
  const resolver = (): ReferenceResolver & { strays: number } => {
    const r = { strays: 0, named: (name: string, whole: string) => (name === 'nbsp' ? '\u00a0' : whole), stray: () => void r.strays++ };
    return r;
  };
  const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  /** What XML says the text reads as, one reference at a time: the reference for the fast path. */
  const expected = (raw: string) =>
    raw.replace(/&(?:(lt|gt|amp|quot|apos)|#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|(nbsp));/g, (whole, p?: string, d?: string, h?: string, n?: string) =>
      p ? PREDEFINED[p]! : d ? String.fromCodePoint(+d) : h ? String.fromCodePoint(parseInt(h, 16)) : n ? '\u00a0' : whole,
    );
  const PIECES = ['&lt;', '&gt;', '&amp;', '&quot;', '&apos;', '&lt', '&amp', '&ap;', '&quo;', '&#233;', '&#x2019;', '&nbsp;', '&', ' & ', 'p', 'body text ', 'é', '; ', 'lt;', 'amp;'];

  it('decodes texts over 256 characters as the general path does, predefined references only or not', () => {
    const cases = fragments(256, PIECES, 3000, 200).map((s) => s.padEnd(300, ' tail'));
    for (const raw of cases) {
      const r = resolver();
      expect(decodeReferences(raw, r)).toBe(expected(raw));
    }
  });

  it('calls stray() for each & that starts no reference, on the long path too', () => {
    const r = resolver();
    expect(decodeReferences(`${'&lt;p&gt;'.repeat(40)} AT&T & more`, r)).toBe(`${'<p>'.repeat(40)} AT&T & more`);
    expect(r.strays).toBe(2);
    const only = resolver();
    expect(decodeReferences('&lt;b&gt;'.repeat(40), only)).toBe('<b>'.repeat(40));
    expect(only.strays).toBe(0);
  });
});
