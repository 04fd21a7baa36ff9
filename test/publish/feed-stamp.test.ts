import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { createPublishHandler } from '../../functions/publish/apigw.js';
import { MemoryArticleStore } from '../../shared/adapters/memory.js';
import type { Article } from '../../shared/model/article.js';
import { STAMP_SETTLE_MS, tagParts } from '../../shared/publish/feed-stamp.js';
import { createPublisher } from '../../shared/publish/publish.js';
import { makeArticle, makeCorpus } from './articles.js';
import { renders } from '../support/render-count.js';
import { PARTNERS, event } from './harness.js';

// Every renderer counted, so that a test can tell a 304 that rendered from one that did not.
vi.mock(import('../../shared/render/rss.js'), async (load) => (await import('../support/render-count.js')).counted(await load()));
vi.mock(import('../../shared/render/atom.js'), async (load) => (await import('../support/render-count.js')).counted(await load()));
vi.mock(import('../../shared/render/jsonfeed.js'), async (load) => (await import('../support/render-count.js')).counted(await load()));

const START = Date.parse('2024-07-01T00:00:00.000Z');

/** The publish handler over an in-memory store whose writes stamp its feeds, on a clock the test moves. */
function stamped(articles: Article[]) {
  const clock = { at: START, now: () => new Date(clock.at) };
  const store = new MemoryArticleStore({ clock });
  const handler = createPublishHandler(
    createPublisher({
      store,
      clock,
      partners: { list: async () => PARTNERS },
      config: { cacheMaxAgeSeconds: 60, idAuthority: 'news.example.com', siteTitle: 'wirefeed' },
      log: () => {},
    }),
  );
  return {
    store,
    clock,
    /** Moves the clock past the settling time of the last write. */
    settle: () => void (clock.at += STAMP_SETTLE_MS),
    ready: store.putMany(articles),
    async get(url: string, headers: Record<string, string> = {}) {
      const result = await handler(event(url, { 'accept-encoding': 'gzip', ...headers }));
      const raw = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
      const out = result.headers as Record<string, string>;
      return { status: result.statusCode, headers: out, text: out['content-encoding'] === 'gzip' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8') };
    },
  };
}

const core = (tag: string) => tag.replace(/^"(.*?)(?:\+gzip)?"$/, '$1');

describe('feeds validated by their stamp', () => {
  it.each(['/feeds/all.rss', '/feeds/all.atom', '/feeds/all.json', '/feeds/partners/antara.rss?limit=3', '/feeds/languages/en.rss'])(
    'answers the current tag of %s with 304 before reading any article or rendering',
    async (url) => {
      const feed = stamped(makeCorpus(8));
      await feed.ready;
      feed.settle();
      const first = await feed.get(url);
      expect(first.status).toBe(200);
      expect(tagParts(core(first.headers.etag!))?.stamp).toMatch(/^[A-Za-z0-9_-]{12}$/);
      const queries = feed.store.queries.length;
      const rendered = renders.count;

      const again = await feed.get(url, { 'if-none-match': first.headers.etag! });

      expect(again.status).toBe(304);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(again.text).toBe('');
      expect(feed.store.queries.length).toBe(queries);
      expect(renders.count).toBe(rendered);
    },
  );

  it('names no stamp while the last write is settling, and still answers 304 from the content', async () => {
    const feed = stamped(makeCorpus(5));
    await feed.ready;
    feed.clock.at += STAMP_SETTLE_MS - 1;
    const first = await feed.get('/feeds/all.rss');
    expect(tagParts(core(first.headers.etag!))).toMatchObject({ stamp: undefined });
    const queries = feed.store.queries.length;

    const again = await feed.get('/feeds/all.rss', { 'if-none-match': first.headers.etag! });

    expect(again.status).toBe(304);
    expect(feed.store.queries.length).toBeGreaterThan(queries);
  });

  it('answers a tag from before a write with the new bytes', async () => {
    const feed = stamped(makeCorpus(5));
    await feed.ready;
    feed.settle();
    const first = await feed.get('/feeds/all.rss');
    const [article] = makeCorpus(5);
    await feed.store.putMany([{ ...article!, title: 'Corrected headline', version: 2, contentHash: 'corrected' }]);

    const during = await feed.get('/feeds/all.rss', { 'if-none-match': first.headers.etag! });
    feed.settle();
    const after = await feed.get('/feeds/all.rss', { 'if-none-match': first.headers.etag! });

    for (const response of [during, after]) {
      expect(response.status).toBe(200);
      expect(response.text).toContain('Corrected headline');
      expect(response.headers.etag).not.toBe(first.headers.etag);
    }
  });

  it('answers a tag whose stamp is older but whose content is current with 304 and the current tag', async () => {
    const feed = stamped(makeCorpus(6));
    await feed.ready;
    feed.settle();
    const first = await feed.get('/feeds/languages/en.rss');
    // A new Indonesian article: every feed's stamp over all articles changes, the English feed's bytes do not.
    await feed.store.putMany([makeArticle({ id: 'new-id', language: 'id', publishedAt: '2024-06-30T00:00:00.000Z' })]);
    feed.settle();

    const again = await feed.get('/feeds/languages/en.rss', { 'if-none-match': first.headers.etag! });

    expect(again.status).toBe(304);
    expect(again.headers.etag).not.toBe(first.headers.etag);
    expect(tagParts(core(again.headers.etag!))?.content).toBe(tagParts(core(first.headers.etag!))?.content);
    const fresh = await feed.get('/feeds/languages/en.rss');
    expect(fresh.headers.etag).toBe(again.headers.etag);
  });

  it("keeps vouching for a partner's feed when another partner writes", async () => {
    const feed = stamped(makeCorpus(6));
    await feed.ready;
    feed.settle();
    const first = await feed.get('/feeds/partners/antara.rss');
    await feed.store.putMany([makeArticle({ id: 'kontan-new', partnerId: 'kontan', publishedAt: '2024-06-30T00:00:00.000Z' })]);
    feed.settle();
    const queries = feed.store.queries.length;

    const again = await feed.get('/feeds/partners/antara.rss', { 'if-none-match': first.headers.etag! });

    expect(again.status).toBe(304);
    expect(feed.store.queries.length).toBe(queries);
    expect((await feed.get('/feeds/all.rss', { 'if-none-match': first.headers.etag! })).text).toContain('kontan-new');
  });

  it('changes the tag when an embargo lifts, with no write', async () => {
    const lift = START + 10 * 60_000;
    const feed = stamped([
      makeArticle({ id: 'public-one' }),
      makeArticle({ id: 'under-embargo', status: 'embargoed', embargoedUntil: new Date(lift).toISOString(), title: 'Embargoed until ten past' }),
    ]);
    await feed.ready;
    feed.settle();
    const before = await feed.get('/feeds/all.json');
    expect(before.text).not.toContain('Embargoed until ten past');
    expect((await feed.get('/feeds/all.json', { 'if-none-match': before.headers.etag! })).status).toBe(304);

    feed.clock.at = lift;
    const after = await feed.get('/feeds/all.json', { 'if-none-match': before.headers.etag! });

    expect(after.status).toBe(200);
    expect(after.text).toContain('Embargoed until ten past');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('serves a store without stamps from the content alone, as before', async () => {
    const store = new MemoryArticleStore({ articles: makeCorpus(4) });
    const withoutStamps = Object.assign(Object.create(store) as MemoryArticleStore, { feedStamp: undefined });
    const handler = createPublishHandler(
      createPublisher({ store: withoutStamps, clock: { now: () => new Date(START) }, config: { cacheMaxAgeSeconds: 60, idAuthority: 'news.example.com', siteTitle: 'wirefeed' } }),
    );
    const first = await handler(event('/feeds/all.rss'));
    const tag = (first.headers as Record<string, string>).etag!;
    expect(tagParts(core(tag))).toMatchObject({ stamp: undefined });
    expect((await handler(event('/feeds/all.rss', { 'if-none-match': tag }))).statusCode).toBe(304);
  });
});
