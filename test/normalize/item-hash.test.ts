import { describe, expect, it } from 'vitest';
import type { ParsedFeed, WireItem } from '../../shared/model/wire-item.js';
import { normalizeFeedReport } from '../../shared/normalize/index.js';
import { normalizerFingerprint, rawItemHashes } from '../../shared/normalize/item-hash.js';

const item = (guid: string, overrides: Partial<WireItem> = {}): WireItem => ({
  guid,
  url: `https://p.example/news/${guid}`,
  title: `Story ${guid}`,
  contentHtml: `<p>JAKARTA - Body of story ${guid}.</p>`,
  publishedAt: '2024-06-13T02:30:00.000Z',
  authors: [],
  categories: [],
  media: [],
  relatedLinks: [],
  ...overrides,
});
const feedOf = (items: WireItem[], language = 'id'): ParsedFeed => ({ format: 'rss', language, link: 'https://p.example/', items, warnings: [] });
const ctx = { partnerId: 'p', fetchUrl: 'https://p.example/rss' };
const hashOf = (feed: ParsedFeed, c: typeof ctx & { defaultLanguage?: string } = ctx, i = 0) => rawItemHashes(feed, c)[i];

describe('rawItemHashes', () => {
  it('gives the same item the same key and hash in another poll, whatever else the feed holds', () => {
    const a = hashOf(feedOf([item('1'), item('2')]));
    const b = hashOf(feedOf([item('1'), item('3'), item('4')]));
    expect(a).toEqual(b);
    expect(a!.key).toMatch(/^[0-9a-f]{16}$/);
    expect(a!.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each([
    ['a corrected title', { title: 'Story 1 (corrected)' }],
    ['an edited body', { contentHtml: '<p>JAKARTA - Body of story 1, updated.</p>' }],
    ['a new category', { categories: ['Politik'] }],
    ['a kill notice', { status: 'canceled' as const }],
    ['a new wire version', { version: 2 }],
  ])('changes the hash, not the key, for %s', (_name, change) => {
    const before = hashOf(feedOf([item('1')]));
    const after = hashOf(feedOf([item('1', change)]));
    expect(after!.key).toBe(before!.key);
    expect(after!.hash).not.toBe(before!.hash);
  });

  it('changes the hash when what normalization reads besides the item changes', () => {
    const base = hashOf(feedOf([item('1')]));
    expect(hashOf(feedOf([item('1')], 'en'))!.hash).not.toBe(base!.hash);
    expect(hashOf(feedOf([item('1')]), { ...ctx, defaultLanguage: 'ms' })!.hash).not.toBe(base!.hash);
    expect(hashOf(feedOf([item('1')]), { ...ctx, partnerId: 'q' })!.key).not.toBe(base!.key);
  });

  it('leaves out a guid repeated in the document and an item whose language would be detected from the feed', () => {
    const hashes = rawItemHashes(feedOf([item('1'), item('2'), item('1', { title: 'Other' })]), ctx);
    expect(hashes.map((h) => h !== undefined)).toEqual([false, true, false]);
    const unstated = (items: WireItem[]): ParsedFeed => ({ ...feedOf(items), language: undefined });
    expect(rawItemHashes(unstated([item('1')]), ctx)).toEqual([undefined]);
    expect(rawItemHashes(unstated([item('1', { language: 'en' })]), ctx)[0]).toBeDefined();
    expect(rawItemHashes(unstated([item('1')]), { ...ctx, defaultLanguage: 'id' })[0]).toBeDefined();
  });

  it('fingerprints the normalizer once per process, the same every time', () => {
    expect(normalizerFingerprint()).toMatch(/^[0-9a-f]{16}$/);
    expect(normalizerFingerprint()).toBe(normalizerFingerprint());
  });
});

describe('normalizeFeedReport with items already stored', () => {
  it('normalizes only the items not said to be stored, and counts the others', () => {
    const feed = feedOf([item('1'), item('2'), item('3')]);
    const report = normalizeFeedReport(feed, ctx, { isStored: (i) => i !== 1 });
    expect(report.articles.map((a) => a.guid)).toEqual(['2']);
    expect(report.alreadyStored).toBe(2);
    expect(report.itemIndexes).toEqual([1]);
    expect(normalizeFeedReport(feed, ctx).articles).toHaveLength(3);
  });

  it('does not scan an item already stored against the HTML limits again', () => {
    const huge = item('2', { contentHtml: `<p>${'x'.repeat(1_100_000)}</p>` });
    const feed = feedOf([item('1'), huge]);
    expect(() => normalizeFeedReport(feed, ctx)).toThrow(/character limit/);
    expect(normalizeFeedReport(feed, ctx, { isStored: (i) => i === 1 }).articles).toHaveLength(1);
  });
});
