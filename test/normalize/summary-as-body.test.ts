import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WireItem } from '../../shared/model/wire-item.js';
import { cleanParsedParagraphs } from '../../shared/normalize/body.js';
import { parseHtml } from '../../shared/normalize/dom.js';
import { normalizeFeedReport } from '../../shared/normalize/index.js';
import { cutAtWord } from '../../shared/normalize/paragraph-text.js';
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

const BASE = 'https://kontan.example/news/1';
// A description that every body step touches: credit line, lead, a related link, boilerplate, a relative link.
const DESCRIPTION =
  '<p><strong>Sumber: Reuters | Editor: Noverius Laoli</strong></p><p>KONTAN.CO.ID - SEOUL. Korea Utara meluncurkan rudal balistik ke arah laut, kata militer Korea Selatan pada hari Kamis.</p>' +
  '<p>Baca Juga: <a href="/news/2">Jepang memprotes peluncuran itu</a></p><p>Peluncuran itu yang ketiga bulan ini, setelah latihan <a href="/tag/militer">militer</a> gabungan.</p><p>Ikuti kami di Google News</p>';

function item(over: Partial<WireItem>): WireItem {
  return { guid: 'kontan-1', title: 'Korea Utara meluncurkan rudal', url: BASE, authors: [], categories: [], media: [], relatedLinks: [], ...over };
}

describe('a summary that is also the body (an item with a description alone)', () => {
  beforeEach(() => parses.mockClear());

  it('is parsed and cleaned once, giving the summary that cleaning it apart gives', () => {
    const expected = cutAtWord(cleanParsedParagraphs(parseHtml(DESCRIPTION), BASE, 'Korea Utara meluncurkan rudal').join(' '));
    parses.mockClear();
    const { articles } = normalizeFeedReport({ format: 'rss', language: 'id', items: [item({ summaryHtml: DESCRIPTION, contentHtml: DESCRIPTION })], warnings: [] }, { partnerId: 'kontan' });
    expect(parses).toHaveBeenCalledTimes(1);
    expect(articles[0]?.summary).toBe(expected);
    expect(articles[0]?.summary).toMatch(/^Korea Utara meluncurkan rudal balistik/);
  });

  it('read from an RSS document: one parse per item whose description is its only HTML, two with content:encoded', () => {
    const rss = (withBody: boolean) =>
      `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>K</title><language>id</language>` +
      [1, 2, 3]
        .map((i) => `<item><title>Judul ${i}</title><link>https://kontan.example/news/${i}</link><description><![CDATA[${DESCRIPTION}]]></description>${withBody ? `<content:encoded><![CDATA[<p>Isi ${i}.</p>${DESCRIPTION}]]></content:encoded>` : ''}</item>`)
        .join('') +
      '</channel></rss>';
    const alone = parseFeed(rss(false), { partnerId: 'kontan' });
    expect(parses).toHaveBeenCalledTimes(3);
    parses.mockClear();
    const both = parseFeed(rss(true), { partnerId: 'kontan' });
    expect(parses).toHaveBeenCalledTimes(6);
    // Same description, cleaned once or apart: the same summary.
    expect(alone.map((a) => a.summary)).toEqual(both.map((a) => a.summary));
  });
});
