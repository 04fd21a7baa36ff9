import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFeed } from '../../shared/formats/index.js';
import { htmlToText } from '../../shared/model/plain-text.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/formats/${name}`, import.meta.url));
const rss = (items: string, channel = '', ns = '') =>
  `<?xml version="1.0"?><rss version="2.0" ${ns}><channel><title>T</title><link>https://example.com/</link>${channel}${items}</channel></rss>`;

describe('rss', () => {
  const feed = readFeed(fixture('rss2-kabar-nusantara.xml'), { url: 'https://www.kabarnusantara.example/rss/ekonomi.xml' });

  it('reads the channel title, link, language and ttl', () => {
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Kabar Nusantara - Ekonomi');
    expect(feed.link).toBe('https://www.kabarnusantara.example/ekonomi');
    expect(feed.language).toBe('id-ID');
    expect(feed.ttlMinutes).toBe(15);
    expect(feed.items).toHaveLength(3);
    expect(feed.warnings).toEqual([]);
  });

  it('reads guid, link, pubDate, dc:creator, categories and content:encoded over description', () => {
    const [a] = feed.items;
    expect(a.guid).toBe('kn-ekonomi-778812');
    expect(a.url).toBe('https://www.kabarnusantara.example/ekonomi/2024/07/31/rupiah-menguat');
    expect(a.title).toBe('Rupiah Menguat ke Rp16.200 per Dolar AS');
    expect(a.publishedAt).toBe('2024-07-31T11:00:00.000Z');
    expect(a.authors).toEqual(['Rina Kartika']);
    expect(a.categories).toEqual(['Ekonomi', 'Pasar Uang']);
    expect(a.summaryHtml).toBe('<p>JAKARTA &ndash; Nilai tukar rupiah menguat pada perdagangan Rabu.</p>');
    expect(a.contentHtml).toContain('Analis menilai');
    expect(a.contentHtml).toContain('src="/img/2024/07/rupiah.jpg"');
    expect(a.language).toBe('id-ID');
    expect(a.rights).toBe('Copyright 2024 PT Kabar Nusantara Media');
  });

  it('reads enclosure and media:content with caption and credit as media', () => {
    expect(feed.items[0].media).toEqual([
      { url: 'https://cdn.kabarnusantara.example/img/2024/07/rupiah.jpg', type: 'image/jpeg', medium: 'image', fileSize: 48213 },
      {
        url: 'https://cdn.kabarnusantara.example/img/2024/07/rupiah-besar.jpg',
        medium: 'image',
        width: 1200,
        height: 800,
        caption: 'Petugas menghitung uang rupiah di Jakarta.',
        credit: 'Foto: Antara/Aditya Pradana',
      },
    ]);
  });

  it('resolves a relative link against the channel link and reads dc:date, dc:subject and source', () => {
    const b = feed.items[1];
    expect(b.url).toBe('https://www.kabarnusantara.example/ekonomi/2024/07/31/ihsg-melemah');
    expect(b.publishedAt).toBe('2024-07-31T09:15:00.000Z');
    expect(b.categories).toEqual(['Pasar Modal']);
    expect(b.source).toBe('Antara');
    expect(htmlToText(b.summaryHtml ?? '')).toContain('0,8% \u2014 saham');
  });

  it('uses a permalink guid as the link, an Indonesian date, the author name, and media:group', () => {
    const c = feed.items[2];
    expect(c.url).toBe('https://www.kabarnusantara.example/ekonomi/2024/07/31/emas-antam');
    expect(c.publishedAt).toBe('2024-07-31T02:30:00.000Z');
    expect(c.authors).toEqual(['Dewi Lestari']);
    expect(c.media.map((m) => m.url)).toEqual([
      'https://cdn.kabarnusantara.example/img/2024/07/emas-640.jpg',
      'https://cdn.kabarnusantara.example/img/2024/07/emas-1280.jpg',
      'https://cdn.kabarnusantara.example/img/2024/07/emas-thumb.jpg',
    ]);
    expect(c.media[1]).toMatchObject({ caption: 'Emas batangan Antam.', credit: 'Foto: KN/Hendra', width: 1280 });
  });

  it.each([
    ['a title with markup written straight into it is its text', '<item><title>Breaking: <b>Rupiah</b> menguat</title></item>', { title: 'Breaking: Rupiah menguat' }],
    ['a title holding escaped markup is plain text', '<item><title>A &lt;b&gt;bold&lt;/b&gt; move</title></item>', { title: 'A bold move' }],
    ['a guid with isPermaLink=false is not used as the link', '<item><guid isPermaLink="false">https://example.com/x</guid></item>', { url: undefined, guid: 'https://example.com/x' }],
    ['an unreadable date is left out', '<item><title>x</title><pubDate>sometime soon</pubDate></item>', { publishedAt: undefined }],
  ])('%s', (_name, xml, expected) => {
    const [item] = readFeed(rss(xml)).items;
    for (const [k, v] of Object.entries(expected)) {
      if (v === undefined) expect(item).not.toHaveProperty(k);
      else expect(item).toHaveProperty(k, v);
    }
  });

  it('keeps items with duplicate guids, no guid and no link', () => {
    const items = readFeed(rss('<item><guid>a</guid></item><item><guid>a</guid></item><item><title>no ids</title></item><item></item>')).items;
    expect(items).toHaveLength(4);
    expect(items.map((i) => i.guid)).toEqual(['a', 'a', undefined, undefined]);
  });

  it('reads RSS 0.91 without namespaces', () => {
    const feed091 = readFeed(
      '<rss version="0.91"><channel><title>Old</title><link>http://old.example/</link><language>en-us</language><item><title>One</title><link>http://old.example/1</link><description>d</description></item></channel></rss>',
    );
    expect(feed091.items[0]).toMatchObject({ title: 'One', url: 'http://old.example/1', summaryHtml: 'd' });
  });

  it.each([
    ['atom:link rel=related as a related link', '<item><atom:link rel="related" href="https://x.example/r" title="Baca juga"/></item>', 'relatedLinks', [{ title: 'Baca juga', url: 'https://x.example/r' }]],
    ['item dc:rights over the channel copyright', '<item><dc:rights>CC BY 4.0</dc:rights></item>', 'rights', 'CC BY 4.0'],
    ['item dc:language over the channel language', '<item><dc:language>en</dc:language></item>', 'language', 'en'],
    ['dcterms:modified as the update time', '<item><pubDate>Wed, 31 Jul 2024 10:00:00 GMT</pubDate><dcterms:modified>2024-07-31T12:00:00Z</dcterms:modified></item>', 'updatedAt', '2024-07-31T12:00:00.000Z'],
    ['item-level media:description and media:credit for media:content without their own', '<item><media:content url="https://m.example/a.jpg" medium="image"/><media:description>Cap</media:description><media:credit>Cred</media:credit></item>', 'media', [{ url: 'https://m.example/a.jpg', medium: 'image', caption: 'Cap', credit: 'Cred' }]],
    ['several dc:creator elements as several authors', '<item><dc:creator>A</dc:creator><dc:creator>B</dc:creator></item>', 'authors', ['A', 'B']],
    ['a dc:creator list separated by semicolons', '<item><dc:creator>A; B</dc:creator></item>', 'authors', ['A', 'B']],
    ['a source without text as its url', '<item><source url="https://agency.example/rss"/></item>', 'source', 'https://agency.example/rss'],
  ])('reads %s', (_name, xml, key, expected) => {
    const ns = 'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:media="http://search.yahoo.com/mrss/"';
    const [item] = readFeed(rss(xml, '<language>id</language><copyright>KN</copyright>', ns)).items;
    expect(item).toHaveProperty(key, expected);
  });

  it('inherits the channel language and copyright', () => {
    const [item] = readFeed(rss('<item><title>x</title></item>', '<language>id</language><copyright>KN</copyright>')).items;
    expect(item).toMatchObject({ language: 'id', rights: 'KN' });
  });

  it('matches namespaces by URI whatever the prefix, and reads an undeclared dc: prefix', () => {
    const feed = readFeed(
      '<rss version="2.0" xmlns:x="http://purl.org/dc/elements/1.1/"><channel><title>t</title><item><x:creator>Via URI</x:creator><dc:subject>Via prefix</dc:subject></item></channel></rss>',
    );
    expect(feed.items[0]).toMatchObject({ authors: ['Via URI'], categories: ['Via prefix'] });
  });

  it('reads RSS in the userland default namespace', () => {
    const feed = readFeed('<rss version="2.0" xmlns="http://backend.userland.com/rss2"><channel><title>t</title><item><title>A</title></item></channel></rss>');
    expect(feed.items[0].title).toBe('A');
  });

  it('reads a string with a BOM and a forced format', () => {
    const feed = readFeed('\uFEFF<rss version="2.0"><channel><title>t</title><item><title>A</title></item></channel></rss>', { format: 'rss' });
    expect(feed).toMatchObject({ format: 'rss', title: 't' });
  });
});
