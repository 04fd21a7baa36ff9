import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { articleSchema } from '../../shared/model/article.js';
import type { ParsedFeed, WireItem } from '../../shared/model/wire-item.js';
import { normalizeFeed } from '../../shared/normalize/index.js';

const lines = readFileSync(new URL('../fixtures/normalize/kontan-reuters-seed.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean);

function item(contentHtml: string): WireItem {
  return {
    guid: 'https://internasional.kontan.co.id/news/kim-jong-un-sebut-korea-utara-dan-rusia-rekan-seperjuangan',
    url: 'https://internasional.kontan.co.id/news/kim-jong-un-sebut-korea-utara-dan-rusia-rekan-seperjuangan',
    title: 'Kim Jong Un Sebut Korea Utara dan Rusia Rekan Seperjuangan yang Tak Terkalahkan',
    contentHtml,
    publishedAt: '2024-06-13T02:30:00.000Z',
    authors: [],
    categories: ['Internasional', 'internasional '],
    media: [],
    relatedLinks: [],
  };
}

const feed = (contentHtml: string, language?: string): ParsedFeed => ({ format: 'rss', language, items: [item(contentHtml)], warnings: [] });

const deliveries: Array<[string, string]> = [
  ['one <p> per line', lines.map((l) => `<p>${l}</p>`).join('\n')],
  ['lines broken with <br>', lines.join('<br>\n')],
  ['plain text with newlines', lines.join('\n')],
  ['one <p> with <br> between lines', `<p>${lines.join('<br/>')}</p>`],
];

describe('the seed article (Kontan copy of a Reuters story)', () => {
  describe.each(deliveries)('delivered as %s', (_name, html) => {
    const [article] = normalizeFeed(feed(html), { partnerId: 'kontan', defaultLanguage: 'id' });

    it('is a valid canonical article', () => {
      expect(articleSchema.parse(article)).toEqual(article);
    });

    it('credits Reuters as source and Barratut Taqiyyah Rafie as editor', () => {
      expect(article.source).toBe('Reuters');
      expect(article.editor).toBe('Barratut Taqiyyah Rafie');
    });

    it('reads publisher KONTAN.CO.ID and dateline SEOUL from the lead', () => {
      expect(article.publisher).toBe('KONTAN.CO.ID');
      expect(article.dateline).toBe('SEOUL');
    });

    it('turns the two "Baca Juga" lines into related links with their titles', () => {
      expect(article.relatedLinks).toEqual([
        { title: 'Putin Bakal Kunjungi Korea Utara dan Vietnam, Apa Agendanya?' },
        { title: 'Pemerintahan Biden Umumkan Sanksi Baru Terhadap Rusia Menjelang KTT G7' },
      ]);
    });

    it('starts the body with the first real sentence', () => {
      expect(article.bodyText.startsWith('Pemimpin Korea Utara Kim Jong Un')).toBe(true);
      expect(article.bodyHtml.startsWith('<p>Pemimpin Korea Utara Kim Jong Un')).toBe(true);
    });

    it('leaves no "Sumber:", "Baca Juga" or lead in bodyHtml or bodyText', () => {
      for (const body of [article.bodyHtml, article.bodyText]) {
        expect(body).not.toMatch(/Sumber:/);
        expect(body).not.toMatch(/Baca Juga/i);
        expect(body).not.toMatch(/KONTAN\.CO\.ID/);
      }
    });

    it('keeps the twelve story paragraphs, separated by a blank line', () => {
      expect(article.bodyText.split('\n\n')).toHaveLength(12);
      expect(article.bodyText.split('\n\n').at(-1)).toBe('Sekelompok pejabat Korea Utara yang bertanggung jawab atas keamanan publik dijadwalkan mengunjungi Rusia minggu ini.');
    });

    it('takes the language from the partner default', () => {
      expect(article.language).toBe('id');
    });

    it('summarizes with the first paragraph', () => {
      expect(article.summary).toBe('Pemimpin Korea Utara Kim Jong Un mengatakan bahwa negaranya adalah "rekan seperjuangan yang tak terkalahkan" dengan Rusia.');
    });
  });

  it('gives the same body whichever way the lines were delivered', () => {
    const bodies = deliveries.map(([, html]) => normalizeFeed(feed(html), { partnerId: 'kontan' })[0].bodyHtml);
    expect(new Set(bodies).size).toBe(1);
  });

  it('detects Indonesian when neither item, feed nor partner states a language', () => {
    const [article] = normalizeFeed(feed(deliveries[0][1]), { partnerId: 'kontan' });
    expect(article.language).toBe('id');
  });

  it('prefers the feed language over the partner default', () => {
    const [article] = normalizeFeed(feed(deliveries[0][1], 'in-ID'), { partnerId: 'kontan', defaultLanguage: 'en' });
    expect(article.language).toBe('id');
  });

  it('dedupes categories case-insensitively and trims them', () => {
    const [article] = normalizeFeed(feed(deliveries[0][1]), { partnerId: 'kontan' });
    expect(article.categories).toEqual(['Internasional']);
  });
});
