import { describe, expect, it } from 'vitest';
import { readFeed } from '../../shared/formats/index.js';

const rssItem = (xml: string, ns = '') =>
  readFeed(`<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:xhtml="http://www.w3.org/1999/xhtml"${ns}><channel><title>c</title><item>${xml}</item></channel></rss>`).items[0];
const atomEntry = (xml: string, root = 'xmlns="http://www.w3.org/2005/Atom"') => readFeed(`<feed ${root}><title>f</title><entry><id>e</id>${xml}</entry></feed>`).items[0];
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('bodies from every place', () => {
  it.each([
    ['an RSS <body>', rssItem('<title>t</title><body><p>Isi berita</p></body>'), 'contentHtml', '<p>Isi berita</p>'],
    ['an RSS <xhtml:body>', rssItem('<title>t</title><xhtml:body><xhtml:p>Isi berita</xhtml:p></xhtml:body>'), 'contentHtml', '<xhtml:p>Isi berita</xhtml:p>'],
    ['an RSS <fullitem>', rssItem('<title>t</title><fullitem>&lt;p&gt;Lengkap&lt;/p&gt;</fullitem>'), 'contentHtml', '<p>Lengkap</p>'],
    ['a dc:description', rssItem('<title>t</title><dc:description>Ringkasan</dc:description>'), 'summaryHtml', 'Ringkasan'],
    ['Atom text content', atomEntry('<title>t</title><content type="text">a &lt;b&gt;</content>'), 'contentHtml', 'a &lt;b&gt;'],
    ['Atom html content', atomEntry('<title>t</title><content type="html">&lt;p&gt;x&lt;/p&gt;</content>'), 'contentHtml', '<p>x</p>'],
    ['Atom xhtml content', atomEntry('<title>t</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content>'), 'contentHtml', '<p>x</p>'],
    ['Atom base64 content of a non-text MIME type', atomEntry(`<title>t</title><content type="application/octet-stream">${b64('Berita dalam base64')}</content>`), 'contentHtml', 'Berita dalam base64'],
    ['Atom out-of-line content as the link', atomEntry('<title>t</title><content type="text/html" src="https://e.example/story"/>'), 'url', 'https://e.example/story'],
    ['a literal <div> inside type="html", all of it', atomEntry('<title>t</title><content type="html"><div>one</div> two <div>three</div></content>'), 'contentHtml', '<div>one</div> two <div>three</div>'],
    ['Atom 0.3 naked markup in a summary, all of it', atomEntry('<title>t</title><summary type="text/plain" mode="xml">first <b>bold</b> last</summary>', 'xmlns="http://purl.org/atom/ns#" version="0.3"'), 'summaryHtml', 'first bold last'],
  ])('reads %s', (_name, item, key, value) => {
    expect(item).toHaveProperty(key, value);
  });
});

describe('titles', () => {
  it.each([
    ['dc:title when there is no title', rssItem('<dc:title>Judul DC</dc:title>'), 'Judul DC'],
    ['media:title when there is no title', rssItem('<media:title>Judul media</media:title>'), 'Judul media'],
    ['the title over dc:title', rssItem('<title>Utama</title><dc:title>DC</dc:title>'), 'Utama'],
    ['no comment residue from an escaped title', rssItem('<title>safe&lt;!-- hidden</title>'), 'safe'],
    ['no DOCTYPE residue', rssItem('<title>&lt;!DOCTYPE html&gt;Judul</title>'), 'Judul'],
    ['no CDATA markers', rssItem('<title>&lt;![CDATA[Judul]]&gt;</title>'), 'Judul'],
    ['no comment residue in an Atom html title', atomEntry('<title type="html">safe&lt;!-- x --&gt; &lt;!-- y</title>'), 'safe'],
  ])('reads %s', (_name, item, title) => {
    expect(item.title).toBe(title);
  });

  it('falls back to dc:title for the channel', () => {
    const feed = readFeed('<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><dc:title>Kanal</dc:title><item><title>a</title></item></channel></rss>');
    expect(feed.title).toBe('Kanal');
  });
});

describe('people and subjects', () => {
  it.each([
    ['Name (email)', rssItem('<author>Jo Smith (jo@example.com)</author>'), ['Jo Smith']],
    ['email (Name)', rssItem('<author>jo@example.com (Jo Smith)</author>'), ['Jo Smith']],
    ['itunes:author when no other author', rssItem('<itunes:author>Siti Nurbaya</itunes:author>'), ['Siti Nurbaya']],
  ])('reads %s as the name', (_name, item, authors) => {
    expect(item.authors).toEqual(authors);
  });

  it('reads media:category and itunes:category as categories', () => {
    const item = rssItem('<title>t</title><media:category>Ekonomi</media:category><itunes:category text="News"/>');
    expect(item.categories).toEqual(['Ekonomi', 'News']);
  });
});
