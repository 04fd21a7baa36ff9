import { createHash } from 'node:crypto';
import type { ParsedFeed, WireItem } from '../model/wire-item.js';
import { deriveGuid } from './identity.js';
import { normalizeFeedReport, type NormalizeContext } from './index.js';

/** One item's key (its guid, hashed) and raw hash: 16 hex digits each, so that a partner's map stays small. */
export interface RawItemHash {
  key: string;
  hash: string;
}

const hash64 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);

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
    return { key: hash64(`${ctx.partnerId}\n${guid}`), hash: hash64(`${context}\n${JSON.stringify(item)}`) };
  });
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
