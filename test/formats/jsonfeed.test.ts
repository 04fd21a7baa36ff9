import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFeed } from '../../shared/formats/index.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/formats/${name}`, import.meta.url));

describe('jsonfeed', () => {
  const feed = readFeed(fixture('jsonfeed11-kabar-pagi.json'), { url: 'https://kabarpagi.example/feed.json' });
  const [a, b] = feed.items;

  it('reads a JSON Feed 1.1 document and its feed-level fields', () => {
    expect(feed).toMatchObject({ format: 'jsonfeed', title: 'Kabar Pagi', link: 'https://kabarpagi.example/', language: 'id', warnings: [] });
  });

  it('reads id, url, title, html content, summary, dates, authors and tags', () => {
    expect(a).toMatchObject({
      guid: 'kp-2024-0731-001',
      url: 'https://kabarpagi.example/2024/07/31/kereta-cepat',
      title: 'Kereta Cepat Tambah Jadwal Perjalanan',
      summaryHtml: 'Operator menambah 10 perjalanan per hari.',
      publishedAt: '2024-07-30T23:00:00.000Z',
      updatedAt: '2024-07-31T00:30:00.000Z',
      authors: ['Fajar Nugroho'],
      categories: ['Transportasi', 'Kereta'],
    });
    expect(a.contentHtml).toBe('<p>JAKARTA &ndash; Operator kereta cepat menambah 10 perjalanan.</p><img src="/img/kcic.jpg">');
  });

  it('reads image and attachments as media and external_url as a related link', () => {
    expect(a.media).toEqual([
      { url: 'https://kabarpagi.example/img/kcic-besar.jpg', medium: 'image' },
      { url: 'https://kabarpagi.example/audio/kcic.mp3', type: 'audio/mpeg', medium: 'audio', caption: 'Laporan audio' },
    ]);
    expect(a.relatedLinks).toEqual([{ title: 'Kereta Cepat Tambah Jadwal Perjalanan', url: 'https://kemenhub.example/siaran-pers/123' }]);
  });

  it('turns a numeric id into a string, resolves a relative url, makes paragraphs of content_text and inherits feed authors', () => {
    expect(b.guid).toBe('20240731002');
    expect(b.url).toBe('https://kabarpagi.example/2024/07/31/cuaca');
    expect(b.contentHtml).toBe('<p>BMKG memperkirakan cuaca cerah berawan.</p><p>Hujan ringan mungkin turun sore hari.</p>');
    expect(b.authors).toEqual(['Tim Kabar Pagi']);
  });

  it('reads JSON Feed 1.0 with its single author', () => {
    const old = readFeed(fixture('jsonfeed10-wire-lite.json'));
    expect(old.items[0]).toMatchObject({ guid: 'wl-1', title: 'Markets open higher', authors: ['Wire Lite Desk'], publishedAt: '2024-07-31T13:30:00.000Z' });
  });

  it('skips an item that is not an object with a warning and keeps the rest', () => {
    const f = readFeed('{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[42,{"id":"a","title":"A"}]}');
    expect(f.items.map((i) => i.guid)).toEqual(['a']);
    expect(f.warnings).toEqual(['item 1 is not an object and was skipped']);
  });
});
