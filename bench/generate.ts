import type { Article } from '../shared/model/article.js';
import { cleanBody, sanitizedBodyPolicy } from '../shared/normalize/body.js';

/**
 * Deterministic generator of large, realistic wire feeds for the benchmark. Everything is derived from a seeded
 * PRNG and a fixed base date, never from the clock, so the same seed gives the same bytes on every machine and
 * every run: figures from two runs are measured on identical inputs.
 */

/** mulberry32: tiny, fast, and good enough to vary text; not for anything secret. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fixed "now" of every generated feed: items count back from here. */
export const BASE_TIME = Date.UTC(2024, 6, 31, 12, 0, 0);

// A wire desk's vocabulary, mixing Indonesian and English as the partners do, with accents that must survive.
const WORDS = (
  'pemerintah menteri keuangan rupiah inflasi pasar saham bursa ekspor impor harga beras minyak sawit ' +
  'Jakarta Surabaya Bandung Medan Makassar Denpasar presiden parlemen pemilu kampanye gubernur ' +
  'the government said on Tuesday that exports rose sharply while imports fell amid weaker demand ' +
  'analysts expect the central bank to hold rates steady after inflation eased in the third quarter ' +
  'officials police rescuers flood earthquake volcano eruption evacuated residents villages ' +
  'café résumé naïve São Paulo Zürich München Ñuñoa Kraków Île-de-France ' +
  'percent billion million trillion growth deficit surplus budget ministry agency report data'
).split(' ');
const NAMED_ENTITIES = ['&amp;', '&ndash;', '&mdash;', '&rsquo;', '&ldquo;', '&rdquo;', '&hellip;', '&nbsp;', '&eacute;'];
const NUMERIC_ENTITIES = ['&#8217;', '&#8220;', '&#8221;', '&#x2014;', '&#233;', '&#xA0;'];
const CATEGORIES = ['Ekonomi', 'Politik', 'Nasional', 'Internasional', 'Olahraga', 'Teknologi', 'Hukum & Kriminal', 'Gaya Hidup'];
const AUTHORS = ['Rina Kartika', 'Budi Santoso', 'Dewi Lestari', 'Ahmad Fauzi', 'Siti Nurhaliza', 'John O\u2019Neil', 'Marie-Claire Dubois'];
const CITIES = ['JAKARTA', 'SURABAYA', 'BANDUNG', 'MEDAN', 'MAKASSAR', 'DENPASAR'];

class TextMaker {
  constructor(private readonly random: () => number) {}

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }

  words(n: number): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.pick(WORDS));
    return out.join(' ');
  }

  /** A sentence with, now and then, an entity as real CMS output has them. */
  sentence(entities: boolean): string {
    let s = this.words(8 + this.int(14));
    if (entities && this.random() < 0.5) s += ` ${this.pick(this.random() < 0.6 ? NAMED_ENTITIES : NUMERIC_ENTITIES)} ${this.words(3)}`;
    return s.charAt(0).toUpperCase() + s.slice(1) + '.';
  }

  title(): string {
    const t = this.words(5 + this.int(6));
    return t.charAt(0).toUpperCase() + t.slice(1);
  }

  /** An HTML body of about `bytes` bytes: paragraphs, links, emphasis, a figure, entities, now and then a table. */
  bodyHtml(bytes: number, i: number): string {
    const parts: string[] = [`<p><strong>${this.pick(CITIES)}</strong> &ndash; ${this.sentence(true)} ${this.sentence(true)}</p>`];
    let size = parts[0].length;
    let n = 0;
    while (size < bytes) {
      let p: string;
      switch (n++ % 6) {
        case 2:
          p = `<p>${this.sentence(true)} <a href="https://www.kabarnusantara.example/berita/${i}-${n}?utm_source=rss&amp;utm_medium=feed">${this.words(4)}</a> ${this.sentence(true)}</p>`;
          break;
        case 3:
          p = `<figure><img src="https://cdn.kabarnusantara.example/img/2024/${i}-${n}.jpg" alt="${this.words(5)}" width="800" height="533"><figcaption>${this.sentence(false)}</figcaption></figure>`;
          break;
        case 4:
          p = `<p><em>${this.sentence(true)}</em> ${this.sentence(true)} <b>${this.words(3)}</b>.</p>`;
          break;
        case 5:
          p = this.random() < 0.3
            ? `<table><tr><th>${this.words(1)}</th><td>${this.int(9999)}</td></tr><tr><th>${this.words(1)}</th><td>${this.int(9999)}</td></tr></table>`
            : `<blockquote>${this.sentence(true)}</blockquote>`;
          break;
        default:
          p = `<p>${this.sentence(true)} ${this.sentence(true)} ${this.sentence(false)}</p>`;
      }
      parts.push(p);
      size += p.length;
    }
    if (this.random() < 0.3) parts.push(`<p>Baca juga: <a href="https://www.kabarnusantara.example/berita/${i + 1}">${this.words(6)}</a></p>`);
    return parts.join('\n');
  }
}

/** XML text escaping for element content and attribute values. */
function xmlEscape(text: string): string {
  return text.replace(/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Escapes HTML fully (entities too) so that it travels as escaped text, the other way feeds carry bodies. */
function escapeHtmlAsText(html: string): string {
  return html.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Puts text in CDATA, splitting a `]]>` the way a careful writer must. */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function rfc822(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

export interface FeedSpec {
  seed: number;
  items: number;
  /** Approximate HTML body size per item in bytes (default 3,000). */
  bodyBytes?: number;
}

/**
 * RSS 2.0 as a news CMS writes it: dc:creator, categories, media:content, an enclosure, a short description and
 * a full content:encoded body. Two items in three carry their HTML in CDATA, the third as escaped text.
 */
export function generateRss(spec: FeedSpec): string {
  const t = new TextMaker(createRandom(spec.seed));
  const bodyBytes = spec.bodyBytes ?? 3000;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">',
    '<channel>',
    '<title>Kabar Nusantara &#8211; Semua Berita</title>',
    '<link>https://www.kabarnusantara.example/</link>',
    '<atom:link href="https://www.kabarnusantara.example/rss/all.xml" rel="self" type="application/rss+xml"/>',
    '<description>Berita terbaru dari Kabar Nusantara</description>',
    '<language>id-ID</language>',
    '<ttl>15</ttl>',
    `<lastBuildDate>${rfc822(BASE_TIME)}</lastBuildDate>`,
  ];
  for (let i = 0; i < spec.items; i++) {
    const id = 700000 + i;
    const published = BASE_TIME - i * 7 * 60_000 - t.int(60) * 1000;
    const body = t.bodyHtml(bodyBytes, i);
    const summary = t.sentence(true);
    const asCdata = i % 3 !== 2;
    const cats = [t.pick(CATEGORIES), t.pick(CATEGORIES)].filter((c, k, all) => all.indexOf(c) === k);
    out.push(
      '<item>',
      // Outside CDATA only XML's own and numeric references: the synthetic feeds stay well-formed for strict peers.
      `<title>${xmlEscape(t.title())} ${t.pick(NUMERIC_ENTITIES)} ${t.words(2)}</title>`,
      `<link>https://www.kabarnusantara.example/berita/2024/07/${id}-${t.words(1).toLowerCase().replace(/[^a-z]/g, 'x')}</link>`,
      `<guid isPermaLink="false">kn-${id}</guid>`,
      `<pubDate>${rfc822(published)}</pubDate>`,
      `<dc:creator>${xmlEscape(t.pick(AUTHORS))}</dc:creator>`,
      ...cats.map((c) => `<category>${xmlEscape(c)}</category>`),
      `<description>${asCdata ? cdata(`<p>${summary}</p>`) : escapeHtmlAsText(`<p>${summary}</p>`)}</description>`,
      `<content:encoded>${asCdata ? cdata(body) : escapeHtmlAsText(body)}</content:encoded>`,
      `<enclosure url="https://cdn.kabarnusantara.example/img/2024/07/${id}.jpg" length="${40000 + t.int(90000)}" type="image/jpeg"/>`,
      `<media:content url="https://cdn.kabarnusantara.example/img/2024/07/${id}-besar.jpg" medium="image" width="1200" height="800"><media:credit>Foto: Antara/${xmlEscape(t.pick(AUTHORS))}</media:credit></media:content>`,
      '</item>',
    );
  }
  out.push('</channel>', '</rss>', '');
  return out.join('\n');
}

/** Atom 1.0 with html content (escaped), a few xhtml bodies, authors, categories and related links. */
export function generateAtom(spec: FeedSpec): string {
  const t = new TextMaker(createRandom(spec.seed));
  const bodyBytes = spec.bodyBytes ?? 3000;
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    '<title type="text">Meridian Wire &#8211; World</title>',
    '<id>tag:meridian.example,2024:world</id>',
    '<link rel="alternate" type="text/html" href="https://meridian.example/world"/>',
    '<link rel="self" type="application/atom+xml" href="https://meridian.example/world.atom"/>',
    `<updated>${new Date(BASE_TIME).toISOString()}</updated>`,
  ];
  for (let i = 0; i < spec.items; i++) {
    const id = 400000 + i;
    const published = BASE_TIME - i * 5 * 60_000 - t.int(60) * 1000;
    const body = t.bodyHtml(bodyBytes, i);
    const xhtml = i % 10 === 9;
    out.push(
      '<entry>',
      `<id>tag:meridian.example,2024:story-${id}</id>`,
      `<title type="html">${escapeHtmlAsText(`${t.title()} ${t.pick(NAMED_ENTITIES)} ${t.words(2)}`)}</title>`,
      `<link rel="alternate" type="text/html" href="https://meridian.example/world/2024/${id}"/>`,
      `<link rel="related" title="${xmlEscape(t.words(4))}" href="https://meridian.example/world/2024/${id - 1}"/>`,
      `<published>${new Date(published).toISOString()}</published>`,
      `<updated>${new Date(published + t.int(3600) * 1000).toISOString()}</updated>`,
      `<author><name>${xmlEscape(t.pick(AUTHORS))}</name></author>`,
      `<category term="${xmlEscape(t.pick(CATEGORIES))}"/>`,
      `<summary type="text">${xmlEscape(t.sentence(false))}</summary>`,
      xhtml
        ? `<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>${t.sentence(false)}</p><p>${t.sentence(false)}</p></div></content>`
        : `<content type="html">${escapeHtmlAsText(body)}</content>`,
      '</entry>',
    );
  }
  out.push('</feed>', '');
  return out.join('\n');
}

/** An RSS feed of at least `bytes` bytes (items of ~3 KB until the size is reached). */
export function generateLargeRss(seed: number, bytes: number): string {
  // About 4.25 KB per item with the defaults; the real size is reported, not assumed.
  const items = Math.ceil(bytes / 4240);
  return generateRss({ seed, items });
}

/** Canonical articles for the rendering benchmark, shaped as ingestion stores them. */
export function generateArticles(count: number, seed: number): Article[] {
  const t = new TextMaker(createRandom(seed));
  const articles: Article[] = [];
  for (let i = 0; i < count; i++) {
    const id = `kabar-nusantara:${(0x9e3779b1 * (i + 1)) >>> 0}`;
    const published = BASE_TIME - i * 7 * 60_000;
    const url = `https://www.kabarnusantara.example/berita/2024/07/${700000 + i}`;
    const raw = t.bodyHtml(3000, i).replace(/&(nbsp|ndash|mdash|rsquo|ldquo|rdquo|hellip|eacute|#\w+);/g, ' ');
    // The body as ingestion stores it: cleaned by the normalizer's body steps and marked with the policy it was
    // sanitized under, so the renderers publish it as stored (as they do every article ingestion wrote).
    const body = cleanBody(raw, url, undefined).html;
    articles.push({
      id,
      partnerId: 'kabar-nusantara',
      guid: `kn-${700000 + i}`,
      version: 1,
      url,
      title: `${t.title()} & ${t.words(2)}`,
      summary: t.sentence(false),
      bodyHtml: body,
      bodyText: body.replace(/<[^>]+>/g, ' '),
      bodyPolicy: sanitizedBodyPolicy(body),
      authors: [t.pick(AUTHORS)],
      language: 'id',
      publishedAt: new Date(published).toISOString(),
      updatedAt: new Date(published + 60_000).toISOString(),
      categories: [t.pick(CATEGORIES)],
      media: [{ url: `https://cdn.kabarnusantara.example/img/2024/07/${700000 + i}.jpg`, type: 'image/jpeg', medium: 'image', caption: t.sentence(false) }],
      relatedLinks: [],
      contentHash: `h${i}`,
      status: 'usable',
    });
  }
  return articles;
}
