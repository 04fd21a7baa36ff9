import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParsedFeed, WireItem } from '../../shared/model/wire-item.js';
import { detectFeedLanguage, detectLanguage } from '../../shared/normalize/language.js';
import { normalizeFeedReport } from '../../shared/normalize/index.js';
import { paragraphText } from '../../shared/normalize/paragraph-text.js';
import { parseFeed } from '../../shared/index.js';

// Every HTML parse of the normalizer runs one htmlparser2 Parser to its end: counted here.
const parses = vi.hoisted(() => vi.fn());
vi.mock('htmlparser2', async (importOriginal) => {
  const original = await importOriginal<typeof import('htmlparser2')>();
  class CountingParser extends original.Parser {
    override end(chunk?: string): void {
      parses();
      super.end(chunk);
    }
  }
  return { ...original, Parser: CountingParser };
});

const labelled = readFileSync(new URL('../fixtures/normalize/language-labelled.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.includes('\t'))
  .map((line) => line.split('\t') as [string, string]);

function item(i: number, body: string, over: Partial<WireItem> = {}): WireItem {
  return { guid: `g${i}`, title: `Judul ${i}`, contentHtml: body, authors: [], categories: [], media: [], relatedLinks: [], ...over };
}
const feed = (items: WireItem[]): ParsedFeed => ({ format: 'rss', items, warnings: [] });
/** detectFeedLanguage as it read the feed before: every body parsed again, the sample read to 20,000 characters. */
function reference(items: WireItem[]): string | undefined {
  let sample = '';
  for (const i of items) {
    if (sample.length >= 20_000) break;
    sample += `${i.title ?? ''}\n${paragraphText(i.contentHtml ?? '')}\n`;
  }
  return detectLanguage(sample.slice(0, 20_000));
}

describe('feed-level language detection', () => {
  beforeEach(() => parses.mockClear());

  it('parses each body once when the feed states no language and its items are too short to tell', () => {
    // Short Indonesian lines: no item's own detection is confident, so every one asks the feed's.
    const items = labelled.filter(([lang]) => lang === 'id').slice(0, 40).map(([, text], i) => item(i, `<p>${text.slice(0, 120)}</p>`));
    const expected = reference(items);
    parses.mockClear();
    const { articles } = normalizeFeedReport(feed(items), { partnerId: 'p' });
    expect(parses).toHaveBeenCalledTimes(items.length);
    expect(articles.map((a) => a.language)).toEqual(items.map(() => expected));
    expect(expected).toBe('id');
  });

  it('labels the items of a short Indonesian feed that states no language id (radio-kota fixture: Tagalog led its trigrams)', () => {
    const bytes = readFileSync(new URL('../fixtures/formats/rss092-radio-kota.xml', import.meta.url));
    const articles = parseFeed(bytes, { partnerId: 'radio-kota', url: 'https://radiokota.example/rss' });
    expect(articles.map((a) => a.language)).toEqual(['id', 'id']);
  });

  it('gives the feed\'s language to a short item late in a feed of confident ones', () => {
    // Long English items are confident on their own; a short one late in the feed asks the feed's language.
    const long = labelled.filter(([lang]) => lang === 'en').map(([, text]) => text).join(' ');
    const items = [...Array.from({ length: 12 }, (_, i) => item(i, `<p>${long.slice(i * 900, i * 900 + 900)}</p>`)), item(12, '<p>Rapat pagi ini.</p>')];
    const { articles } = normalizeFeedReport(feed(items), { partnerId: 'p' });
    expect(articles.at(-1)!.language).toBe(reference(items) ?? undefined);
  });

  it('stops reading the feed once the detector\'s opening is full, with the answer of the whole sample', () => {
    for (const lang of ['en', 'id', 'ms', 'fr', 'de', 'es']) {
      const texts = labelled.filter(([l]) => l === lang).map(([, text]) => text);
      const read: number[] = [];
      const detected = detectFeedLanguage(texts, (text, index) => {
        read.push(index);
        return text;
      });
      expect(detected).toBe(detectLanguage(texts.join('\n').slice(0, 20_000)));
      expect(texts.slice(0, read.length).join('\n').length).toBeLessThan(4000 + Math.max(...texts.map((t) => t.length)) + 1);
    }
  });
});
