import { describe, expect, it } from 'vitest';
import { createPublishHandler } from '../../functions/publish/apigw.js';
import { MemoryArticleStore } from '../../shared/adapters/memory.js';
import type { Article } from '../../shared/model/article.js';
import { STAMP_SETTLE_MS } from '../../shared/publish/feed-stamp.js';
import { parseHttpDate } from '../../shared/publish/http.js';
import { createPublisher } from '../../shared/publish/publish.js';
import { makeArticle, makeCorpus } from './articles.js';
import { PARTNERS, event } from './harness.js';

const START = Date.parse('2024-07-01T00:00:00.000Z');

/** The publish handler over an in-memory store whose writes stamp its feeds, on a clock the test moves. */
function publisher(articles: Article[], states: Record<string, { lastSuccessAt?: string; failingSince?: string }> = {}) {
  const clock = { at: START, now: () => new Date(clock.at) };
  const store = new MemoryArticleStore({ clock });
  const handler = createPublishHandler(
    createPublisher({
      store,
      clock,
      partners: { list: async () => PARTNERS },
      partnerStates: {
        get: async (id: string) => (states[id] ? { partnerId: id, consecutiveFailures: 0, circuit: 'closed' as const, ...states[id] } : undefined),
      },
      config: { cacheMaxAgeSeconds: 60, idAuthority: 'news.example.com', siteTitle: 'wirefeed' },
      log: () => {},
    }),
  );
  return {
    store,
    clock,
    /** Stores articles as an ingestion run does, then lets the stamp settle. */
    async write(more: Article[]) {
      await store.putMany(more);
      clock.at += STAMP_SETTLE_MS;
    },
    async get(url: string, headers: Record<string, string> = {}) {
      const result = await handler(event(url, headers));
      return { status: result.statusCode, headers: result.headers as Record<string, string> };
    },
  };
}

describe('Last-Modified follows when a feed last changed, not its articles\' dates', () => {
  it('moves when a backdated story arrives, so If-Modified-Since alone gets the new feed', async () => {
    const p = publisher([]);
    await p.write(makeCorpus(3));
    const first = await p.get('/feeds/partners/kontan.rss');
    expect(first.status).toBe(200);
    const since = first.headers['last-modified']!;
    expect(since).toBeDefined();
    p.clock.at += 60_000;
    // Late wire copy: dated an hour before the newest story already in the feed.
    await p.write([makeArticle({ id: 'kontan-late', partnerId: 'kontan', publishedAt: '2024-06-13T11:00:00.000Z', updatedAt: undefined, fetchedAt: new Date(p.clock.at).toISOString() })]);
    const again = await p.get('/feeds/partners/kontan.rss', { 'if-modified-since': since });
    expect(again.status).toBe(200);
    expect(parseHttpDate(again.headers['last-modified']!)!).toBeGreaterThan(parseHttpDate(since)!);
    // Unchanged since then: 304.
    expect((await p.get('/feeds/partners/kontan.rss', { 'if-modified-since': again.headers['last-modified']! })).status).toBe(304);
  });

  it('moves when a story is withdrawn, though no article left in the feed is newer', async () => {
    const p = publisher([]);
    const corpus = makeCorpus(4);
    await p.write(corpus);
    const first = await p.get('/feeds/all.json');
    p.clock.at += 60_000;
    await p.write([{ ...corpus[0]!, status: 'withdrawn', version: 2, fetchedAt: corpus[0]!.fetchedAt }]);
    expect((await p.get('/feeds/all.json', { 'if-modified-since': first.headers['last-modified']! })).status).toBe(200);
  });

  it('is never later than now, whatever date a partner gives its story', async () => {
    const p = publisher([]);
    await p.write([makeArticle({ id: 'future', publishedAt: '2100-01-01T00:00:00.000Z', updatedAt: '2100-01-01T00:00:00.000Z', fetchedAt: '2100-01-01T00:00:00.000Z' })]);
    for (const url of ['/feeds/all.rss', '/feeds/all.atom', '/articles', '/articles/future']) {
      const res = await p.get(url);
      expect(parseHttpDate(res.headers['last-modified']!), url).toBeLessThanOrEqual(p.clock.at);
    }
  });

  it('is left out right after a write, while the indexes may not show it yet (the ETag still validates)', async () => {
    const p = publisher([]);
    await p.store.putMany(makeCorpus(3));
    const res = await p.get('/feeds/all.rss');
    expect(res.status).toBe(200);
    expect(res.headers['last-modified']).toBeUndefined();
    expect(res.headers.etag).toBeDefined();
  });

  it('is left out on pages that show partners\' live status (index, /partners, a partner\'s page)', async () => {
    const p = publisher([], { kontan: { lastSuccessAt: '2024-06-30T00:00:00.000Z', failingSince: '2024-06-30T12:00:00.000Z' } });
    await p.write(makeCorpus(3));
    for (const url of ['/', '/partners', '/partners.html', '/feeds/partners/kontan.html']) {
      const res = await p.get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers['last-modified'], url).toBeUndefined();
      expect((await p.get(url, { 'if-modified-since': 'Fri, 01 Jan 2100 00:00:00 GMT' })).status, url).toBe(200);
    }
  });
});

describe('If-Modified-Since', () => {
  it('is ignored unless it is an HTTP date no later than now (RFC 9110 §13.1.3)', async () => {
    const p = publisher([]);
    await p.write(makeCorpus(3));
    const lastModified = (await p.get('/feeds/all.rss')).headers['last-modified']!;
    expect((await p.get('/feeds/all.rss', { 'if-modified-since': lastModified })).status).toBe(304);
    for (const bad of ['2030', 'tomorrow', '2024-07-02T00:00:00Z', 'Fri, 01 Jan 2100 00:00:00 GMT']) {
      expect((await p.get('/feeds/all.rss', { 'if-modified-since': bad })).status, bad).toBe(200);
    }
  });

  it.each([
    ['Sun, 06 Nov 1994 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Sun Nov  6 08:49:37 1994', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Thu, 31 Feb 2024 00:00:00 GMT', undefined],
    ['Mon, 01 Jul 2024 25:00:00 GMT', undefined],
    ['Mon, 01 Jul 2024 00:00:00 +0000', undefined],
    ['2030', undefined],
  ])('reads %s as an HTTP date: %s', (value, expected) => {
    expect(parseHttpDate(value)).toBe(expected);
  });
});
