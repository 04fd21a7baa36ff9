import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { createRandom, generateArticles, generateAtom, generateLargeRss, generateRss } from '../../bench/generate.js';
import { articleSchema } from '../../shared/model/article.js';
import { HTML_POLICY_FINGERPRINT } from '../../shared/model/html-policy.js';
import { cleanBody } from '../../shared/normalize/body.js';

/** Counts elements by name with a strict XML tokenizer; throws on the first well-formedness error. */
function scan(xml: string): Map<string, number> {
  const counts = new Map<string, number>();
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => counts.set(tag.name, (counts.get(tag.name) ?? 0) + 1));
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(xml).close();
  return counts;
}

describe('createRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('generateRss', () => {
  it('produces the same bytes for the same seed, and different bytes for another seed', () => {
    expect(generateRss({ seed: 1, items: 20 })).toBe(generateRss({ seed: 1, items: 20 }));
    expect(generateRss({ seed: 2, items: 20 })).not.toBe(generateRss({ seed: 1, items: 20 }));
  });

  it('writes well-formed RSS with the requested number of items, CDATA and escaped bodies', () => {
    const xml = generateRss({ seed: 1, items: 30 });
    const counts = scan(xml);
    expect(counts.get('item')).toBe(30);
    expect(counts.get('content:encoded')).toBe(30);
    expect(xml).toContain('<![CDATA[<p>');
    expect(xml).toContain('&lt;p&gt;');
    expect(xml).toMatch(/&amp;(ndash|mdash|rsquo|hellip|nbsp|eacute|ldquo|rdquo|amp);|&#\d+;/);
  });

  it('gives each item a body of about 3 KB of HTML', () => {
    const xml = generateRss({ seed: 1, items: 100 });
    const bodies = [...xml.matchAll(/<content:encoded><!\[CDATA\[([\s\S]*?)\]\]><\/content:encoded>/g)].map((m) => m[1].length);
    const mean = bodies.reduce((a, b) => a + b, 0) / bodies.length;
    expect(mean).toBeGreaterThan(2800);
    expect(mean).toBeLessThan(4000);
  });
});

describe('generateAtom', () => {
  it('writes well-formed Atom with the requested number of entries, some with xhtml content', () => {
    const xml = generateAtom({ seed: 2, items: 25 });
    const counts = scan(xml);
    expect(counts.get('entry')).toBe(25);
    expect(xml).toContain('type="xhtml"');
    expect(generateAtom({ seed: 2, items: 25 })).toBe(xml);
  });
});

describe('generateLargeRss', () => {
  it('reaches at least the requested size, and not much more', () => {
    const xml = generateLargeRss(3, 500_000);
    const size = Buffer.byteLength(xml);
    expect(size).toBeGreaterThanOrEqual(500_000);
    expect(size).toBeLessThan(600_000);
  });
});

describe('generateArticles', () => {
  it('makes valid canonical articles, the same for the same seed', () => {
    const articles = generateArticles(10, 42);
    for (const a of articles) expect(articleSchema.safeParse(a).success).toBe(true);
    expect(new Set(articles.map((a) => a.id)).size).toBe(10);
    expect(generateArticles(10, 42)).toEqual(articles);
  });

  it('stores each body as ingestion would: cleaned by the normalizer and marked with the current policy', () => {
    for (const a of generateArticles(10, 42)) {
      expect(a.bodyPolicy).toBe(HTML_POLICY_FINGERPRINT);
      expect(cleanBody(a.bodyHtml, a.url, undefined).html).toBe(a.bodyHtml);
    }
  });
});
