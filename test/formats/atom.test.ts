import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFeed } from '../../shared/formats/index.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/formats/${name}`, import.meta.url));
const atom = (entry: string, feedAttrs = '') =>
  readFeed(`<feed xmlns="http://www.w3.org/2005/Atom" ${feedAttrs}><title>F</title>${entry}</feed>`, { url: 'https://fetch.example/feed.atom' });

describe('atom', () => {
  const feed = readFeed(fixture('atom10-harian-teknologi.xml'), { url: 'https://fetch.example/feed.atom' });
  const [a, b] = feed.items;

  it('reads the feed title, its alternate link against xml:base, and xml:lang', () => {
    expect(feed).toMatchObject({ format: 'atom', title: 'Harian Teknologi', link: 'https://teknologi.harian.example/', language: 'id' });
  });

  it('decodes an html title to plain text and resolves the alternate link against xml:base', () => {
    expect(a.title).toBe('Startup Lokal Raih Pendanaan Seri B & Ekspansi');
    expect(a.url).toBe('https://teknologi.harian.example/berita/2024/08/01/startup-seri-b');
    expect(a.guid).toBe('tag:teknologi.harian.example,2024:berita-99120');
  });

  it('reads several authors, published and updated, and each category by its term with its label apart', () => {
    expect(a.authors).toEqual(['Andi Wijaya', 'Sari Puspita']);
    expect(a.publishedAt).toBe('2024-08-01T02:30:00.000Z');
    expect(a.updatedAt).toBe('2024-08-01T03:05:00.000Z');
    expect(a.categories).toEqual(['startup', 'pendanaan']);
    expect(a.categoryLabels).toEqual({ startup: 'Startup' });
  });

  it('escapes a text summary into HTML and resolves relative URLs in html content against its own xml:base', () => {
    expect(a.summaryHtml).toBe('Perusahaan rintisan asal Bandung meraih &lt;pendanaan&gt; baru.');
    expect(a.contentHtml).toBe(
      '<p>BANDUNG &ndash; Perusahaan rintisan meraih pendanaan.</p><img src="https://teknologi.harian.example/berita/2024/08/01/foto/startup.jpg" alt="Tim">',
    );
  });

  it('reads rel=enclosure as media, rel=related as a related link, and feed rights', () => {
    expect(a.media[0]).toEqual({ url: 'https://teknologi.harian.example/audio/2024/08/startup.mp3', type: 'audio/mpeg', medium: 'audio', fileSize: 1048576 });
    expect(a.relatedLinks).toEqual([{ title: 'Daftar unicorn Indonesia', url: 'https://data.harian.example/unicorn' }]);
    expect(a.rights).toBe('© 2024 Harian Teknologi');
  });

  it('reads xhtml titles and prefixed xhtml content, entry xml:lang, rights and source', () => {
    expect(b.title).toBe('Chipmaker expands in Batam');
    expect(b.contentHtml).toBe('<p>The plant <a href="https://teknologi.harian.example/en/batam">in Batam</a> opens in 2025.</p>');
    expect(b.language).toBe('en');
    expect(b.rights).toBe('Reuters content, used under licence');
    expect(b.source).toBe('Reuters Technology');
    expect(b.authors).toEqual(['Reuters Staff']);
    expect(b.publishedAt).toBe('2024-07-31T22:00:00.000Z');
  });

  it('reads Atom 0.3: escaped and base64 modes, issued/created/modified', () => {
    const old = readFeed(fixture('atom03-blog-lama.xml'));
    expect(old.title).toBe('Old & Trusty Wire');
    expect(old.items[0]).toMatchObject({
      title: 'Harbour reopens after storm',
      publishedAt: '2004-06-01T12:00:00.000Z',
      updatedAt: '2004-06-01T09:00:00.000Z',
      contentHtml: '<p>The harbour <b>reopened</b> on Tuesday.</p>',
      authors: ['Wire Desk'],
    });
    expect(old.items[1]).toMatchObject({ title: 'City council votes', contentHtml: '<p>The council voted 7&ndash;2.</p>', publishedAt: '2004-06-01T07:00:00.000Z' });
  });

  it.each([
    ['a text title holding &lt;b&gt; is the text <b>', '', '<entry><title type="text">a &lt;b&gt; tag</title></entry>', 'title', 'a <b> tag'],
    ['an html title holding &amp;lt;b&amp;gt; is the text <b>', '', '<entry><title type="html">a &amp;lt;b&amp;gt; tag</title></entry>', 'title', 'a <b> tag'],
    ['an html title with markup loses the tags', '', '<entry><title type="html">&lt;em&gt;big&lt;/em&gt; news</title></entry>', 'title', 'big news'],
    ['a relative link without xml:base resolves against the fetch URL', '', '<entry><link href="/a/1"/></entry>', 'url', 'https://fetch.example/a/1'],
    ['nested xml:base values combine', 'xml:base="https://base.example/"', '<entry xml:base="/news/"><link href="2024/1"/></entry>', 'url', 'https://base.example/news/2024/1'],
    ['the html alternate is preferred over others', '', '<entry><link rel="alternate" type="application/pdf" href="https://x.example/a.pdf"/><link rel="alternate" type="text/html" href="https://x.example/a"/></entry>', 'url', 'https://x.example/a'],
    ['an entry without its own author inherits the feed author', '', '<author><name>Desk</name></author><entry><title>x</title></entry>', 'authors', ['Desk']],
    ['xml:lang is inherited from the feed', 'xml:lang="id"', '<entry><title>x</title></entry>', 'language', 'id'],
  ])('%s', (_name, feedAttrs, xml, key, expected) => {
    expect(atom(xml, feedAttrs).items[0]).toHaveProperty(key, expected);
  });
});
