import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFeed } from '../../shared/formats/index.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/formats/${name}`, import.meta.url));

describe('rdf', () => {
  const feed = readFeed(fixture('rdf10-berita-daerah.rdf'));

  it('reads the channel and its sibling items with dc:language and dc:rights', () => {
    expect(feed).toMatchObject({ format: 'rdf', title: 'Berita Daerah', link: 'https://daerah.berita.example/', language: 'id' });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0].rights).toBe('Hak cipta Berita Daerah');
  });

  it('uses rdf:about as the guid and reads dc:creator, dc:date and dc:subject', () => {
    expect(feed.items[0]).toMatchObject({
      guid: 'https://daerah.berita.example/2024/07/31/banjir-semarang',
      url: 'https://daerah.berita.example/2024/07/31/banjir-semarang',
      title: 'Banjir Rob Genangi Pesisir Semarang',
      authors: ['Yusuf Hidayat'],
      publishedAt: '2024-07-31T00:45:00.000Z',
      categories: ['Jawa Tengah'],
    });
  });

  it('reads content:encoded and a W3C-DTF date without seconds', () => {
    expect(feed.items[1].contentHtml).toBe('<p>SOLO &#8211; Festival budaya dibuka Rabu malam.</p>');
    expect(feed.items[1].summaryHtml).toBe('Festival budaya &quot;Keraton&quot; dibuka Rabu malam.');
    expect(feed.items[1].publishedAt).toBe('2024-07-31T13:00:00.000Z');
  });

  it('reads RSS 0.90 (the netscape namespace) as RDF', () => {
    const f = readFeed(
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>Old</title><link>http://old.example/</link></channel><item><title>A</title><link>http://old.example/a</link></item></rdf:RDF>',
    );
    expect(f.items[0]).toMatchObject({ title: 'A', url: 'http://old.example/a' });
  });
});
