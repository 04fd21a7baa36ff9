import { hash } from 'node:crypto';
import type { ParsedFeed, WireItem } from '../model/wire-item.js';
import { deriveGuid } from './identity.js';
import { normalizeFeedReport, type NormalizeContext } from './index.js';
import { readFeed } from '../formats/index.js';

/** One item's key (its guid, hashed) and raw hash: 16 hex digits each, so that a partner's map stays small. */
export interface RawItemHash {
  key: string;
  hash: string;
}

const hash64 = (text: string): string => hash('sha256', text, 'hex').slice(0, 16);

/** The key an item's hash is stored under: its guid within the partner, hashed. */
export function itemKey(partnerId: string, guid: string): string {
  return hash64(`${partnerId}\n${guid}`);
}

/**
 * The raw hash of every item of a document, in document order: what normalizing the item reads (the item as the
 * format module read it, the feed's language and link, the partner's context) and the normalizer's code. Two
 * polls that give an item the same hash would normalize it to the same article, so the second may skip it.
 * Undefined for the items that must always be normalized:
 *  - a guid repeated in the document (which copy gets which id depends on the other copies' content);
 *  - an item with no stated language anywhere (item, feed, partner default): its language may be detected from
 *    the whole feed, which other items change.
 */
export function rawItemHashes(feed: ParsedFeed, ctx: NormalizeContext): Array<RawItemHash | undefined> {
  const guids = feed.items.map((item) => deriveGuid(item));
  const count = new Map<string, number>();
  for (const g of guids) count.set(g, (count.get(g) ?? 0) + 1);
  const context = JSON.stringify([normalizerFingerprint(), ctx.partnerId, ctx.defaultLanguage, ctx.fetchUrl, feed.language, feed.link]);
  return feed.items.map((item, i) => {
    const guid = guids[i]!;
    if (count.get(guid) !== 1 || !(item.language ?? feed.language ?? ctx.defaultLanguage)) return undefined;
    return { key: itemKey(ctx.partnerId, guid), hash: hash64(`${context}\n${JSON.stringify(item)}`) };
  });
}

/** An opened document (formats/index.ts FeedReading) as the incremental plan reads it. */
export interface ItemSources {
  count: number;
  read(i: number): WireItem;
  source(i: number): string | undefined;
  context(i: number): string;
}

/** Which items of an opened document are stored as they would be normalized now, and the map to store next. */
export interface IncrementalPlan {
  /** True for an item (by index) whose article is stored as it would be normalized now: it is not read. */
  isStored(index: number): boolean;
  /** Items read while planning, by index: handed to normalization so that none is read twice. */
  read: Map<number, WireItem>;
  /** The entries to store for the items given (those that made an article or were already stored). */
  hashesOf(indexes: Iterable<number>): Map<string, string>;
}

/**
 * The incremental plan for an opened document against the partner's stored item hashes, reading only what it
 * must. Each item's hash is that of its SOURCE as written (ItemSources.source: its attributes and text) with what
 * reading and normalizing it depend on besides (ItemSources.context: the format, the defaults it inherits, the
 * elements around it and the prolog; the feed's language and link; the partner's context) and the code that reads
 * and normalizes it (readerFingerprint, normalizerFingerprint). The stored map goes from that hash to the item's
 * key (its guid, hashed): an item whose hash is stored is not read at all, its guid known from the map. An item
 * of a format read as a whole (no source) is hashed as read, as rawItemHashes does.
 *
 * As in rawItemHashes, these are always normalized: a guid repeated in the document, and an item with no stated
 * language (item, feed, partner default), whose hash is never stored. A map stored by an older version (keyed by
 * guid) matches nothing: every item is normalized once, and mergeWithStored leaves an unchanged article as it is.
 */
export function incrementalPlan(
  reading: ItemSources,
  feed: Pick<ParsedFeed, 'language' | 'link'>,
  ctx: NormalizeContext,
  stored: Map<string, string>,
): IncrementalPlan {
  const context = JSON.stringify([readerFingerprint(), normalizerFingerprint(), ctx.partnerId, ctx.defaultLanguage, ctx.fetchUrl, feed.language, feed.link]);
  const hashes: string[] = [];
  const keys: Array<string | undefined> = [];
  const read = new Map<number, WireItem>();
  for (let i = 0; i < reading.count; i++) {
    const source = reading.source(i);
    let hash: string;
    if (source !== undefined) {
      hash = hash64(`${context}\n${reading.context(i)}\n${source}`);
      const known = stored.get(hash);
      if (known !== undefined) {
        hashes.push(hash);
        keys.push(known);
        continue;
      }
    }
    const item = reading.read(i);
    read.set(i, item);
    hash ??= hash64(`${context}\n${JSON.stringify(item)}`);
    hashes.push(hash);
    // An item with no stated language has no key: it is normalized every time, its hash never stored.
    keys.push(item.language ?? feed.language ?? ctx.defaultLanguage ? itemKey(ctx.partnerId, deriveGuid(item)) : undefined);
  }
  const count = new Map<string, number>();
  for (const k of keys) if (k !== undefined) count.set(k, (count.get(k) ?? 0) + 1);
  const eligible = (i: number) => keys[i] !== undefined && count.get(keys[i]!) === 1;
  return {
    isStored: (i) => eligible(i) && stored.get(hashes[i]!) === keys[i],
    read,
    hashesOf: (indexes) => {
      const out = new Map<string, string>();
      for (const i of indexes) if (eligible(i)) out.set(hashes[i]!, keys[i]!);
      return out;
    },
  };
}

let readerPrint: string | undefined;

/**
 * The readers' output for a probe document of each format read item by item, hashed once per process: a deploy
 * that changes how an item is read changes every source hash (see incrementalPlan), as a normalizer change does.
 */
export function readerFingerprint(): string {
  readerPrint ??= hash64(JSON.stringify(PROBE_DOCUMENTS.map((doc) => readFeed(doc, { url: 'https://probe.example/feed' }))));
  return readerPrint;
}

let fingerprint: string | undefined;

/**
 * The normalizer's output for PROBE_FEED, hashed once per process: a deploy that changes what normalization makes
 * of it changes every raw hash, so that the first poll after it normalizes every item again with the new code.
 */
export function normalizerFingerprint(): string {
  fingerprint ??= hash64(JSON.stringify(normalizeFeedReport(PROBE_FEED, { partnerId: 'probe', fetchUrl: 'https://probe.example/rss' })));
  return fingerprint;
}

const PROBE_ITEM: WireItem = {
  guid: 'https://probe.example/berita/1',
  url: 'https://probe.example/berita/1?utm_source=rss',
  title: 'Harga beras naik &amp; stok menipis di Jakarta',
  summaryHtml: '<p>Ringkasan: harga beras naik.</p>',
  contentHtml:
    '<p>JAKARTA (ANTARA) - Harga beras di pasar induk naik untuk pekan ketiga, kata pedagang pada Senin.</p>' +
    '<p>Baca juga: <a href="/berita/0">Stok beras aman</a></p>' +
    '<p>"Pasokan dari Jawa Tengah berkurang," kata Budi, pedagang di Cipinang.<br>Pemerintah menyiapkan operasi pasar.</p>' +
    '<figure><img src="/img/beras.jpg" alt="Beras"><figcaption>Beras di gudang</figcaption></figure>' +
    '<p><script>alert(1)</script><img src="https://px.example/p.gif" width="1" height="1">Bagikan artikel ini</p>' +
    '<p>Pewarta: Rina Sari<br>Editor: Budi Santoso</p>',
  authors: ['Rina Sari', 'Reuters'],
  language: 'id',
  publishedAt: '2024-06-13T02:30:00.000Z',
  updatedAt: '2024-06-13T03:00:00.000Z',
  categories: ['Ekonomi', 'ekonomi', 'Pangan'],
  media: [{ url: '/img/beras.jpg?utm_medium=rss', type: 'image/jpeg', caption: ' Beras  di gudang ', width: 640 }],
  relatedLinks: [{ title: 'Harga gabah', url: 'https://probe.example/berita/2' }],
  rights: '© Probe',
};

/** A small document that goes through every normalization step (attribution, dateline, boilerplate, sanitizing…). */
const PROBE_FEED: ParsedFeed = {
  format: 'rss',
  link: 'https://probe.example/',
  language: 'id',
  warnings: [],
  items: [
    PROBE_ITEM,
    { ...PROBE_ITEM, guid: undefined, url: undefined, title: undefined, language: 'en', contentHtml: '<p>PARIS (AFP) - A second item without a title or link.</p>', summaryHtml: undefined },
    { ...PROBE_ITEM, guid: 'urn:probe:3', status: 'withheld', embargoedUntil: '2024-06-14T00:00:00.000Z', version: 2 },
  ],
};

const PROBE_RSS_ITEM = `<item xml:base="/berita/"><title>Harga beras &amp; stok</title><link>1?utm_source=rss</link>
<guid isPermaLink="false">probe-1</guid><pubDate>Thu, 13 Jun 2024 09:30:00 +0700</pubDate><dc:creator>Rina Sari; Budi</dc:creator>
<category>Ekonomi</category><dc:subject>Pangan</dc:subject><dc:language>id</dc:language><dc:rights>&#169; Probe</dc:rights>
<description>Ringkasan &lt;b&gt;singkat&lt;/b&gt;</description><content:encoded><![CDATA[<p>JAKARTA - Isi <a href="x">tautan</a>.</p>]]></content:encoded>
<enclosure url="/img/a.jpg" type="image/jpeg" length="123"/><media:content url="https://probe.example/v.mp4" medium="video" width="640"><media:title>Video</media:title><media:credit>AFP</media:credit></media:content>
<media:thumbnail url="https://probe.example/t.jpg"/><atom:link rel="related" href="https://probe.example/2" title="Lain"/><source url="https://agency.example/">Agency</source></item>`;

/** One small document per format read item by item, going through what their item readers read. */
const PROBE_DOCUMENTS = [
  `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Probe</title><link>https://probe.example/</link><language>id</language><copyright>Probe</copyright>${PROBE_RSS_ITEM}<item><title>Dua</title><description>Teks</description><dc:date>2024-06-13</dc:date><guid>https://probe.example/3</guid></item></channel></rss>`,
  `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://probe.example/"><title>Probe</title><link>https://probe.example/</link><dc:language>en</dc:language></channel><item rdf:about="https://probe.example/r1"><title>R1</title><description>&lt;p&gt;Text&lt;/p&gt;</description><dc:date>2024-06-13T02:30:00Z</dc:date></item></rdf:RDF>`,
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en" xml:base="https://probe.example/"><title>Probe</title><link href="/"/><author><name>Desk</name></author><rights>Probe</rights><entry><id>urn:probe:1</id><title type="html">A &amp;lt;b&amp;gt;title&amp;lt;/b&amp;gt;</title><link href="/a/1"/><link rel="enclosure" href="/a.mp3" type="audio/mpeg"/><published>2024-06-13T02:30:00Z</published><updated>2024-06-13T03:00:00Z</updated><category term="eco" label="Economy"/><summary>Short</summary><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Body <a href="b">link</a></p></div></content><media:thumbnail url="/t.jpg"/></entry><entry><id>urn:probe:2</id><title>Two</title><content type="text">Plain &amp; simple</content><updated>2024-06-12T00:00:00Z</updated></entry></feed>`,
];
