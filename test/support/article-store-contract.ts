import { describe, expect, it } from 'vitest';
import type { Article } from '../../shared/model/article.js';
import { HTML_POLICY_FINGERPRINT } from '../../shared/model/html-policy.js';
import type { ArticleQuery, ArticleStore, ClusterIndex, Clock } from '../../shared/ports.js';
import { BadRequestError, VersionConflictError } from '../../shared/errors.js';
import { makeArticle, nextVersion } from './articles.js';

export type StoreUnderTest = ArticleStore & ClusterIndex;

/** "Now" for every contract test: after the fixtures' dates, so nothing is hidden by accident. */
export const CONTRACT_NOW = new Date('2024-06-14T00:00:00.000Z');

/** Every page of a query, following cursors; fails past 100 pages (a cursor that does not advance). */
export async function allPages(store: ArticleStore, query: Omit<ArticleQuery, 'cursor'>): Promise<Article[][]> {
  const pages: Article[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.latest({ ...query, cursor });
    pages.push(page.articles);
    cursor = page.nextCursor;
    if (pages.length > 100) throw new Error('cursor does not advance');
  } while (cursor);
  return pages;
}

const ids = (articles: Article[]) => articles.map((a) => a.id);

/**
 * The behaviour every ArticleStore must have, run against the in-memory store and DynamoDB Local alike, so the
 * fast store the use-case tests rely on cannot drift from the real one.
 */
export function articleStoreContract(name: string, makeStore: (clock: Clock) => Promise<StoreUnderTest>): void {
  const clock: Clock = { now: () => CONTRACT_NOW };

  describe(`${name}: articles`, () => {
    it('returns what was written, field for field', async () => {
      const store = await makeStore(clock);
      const full = makeArticle(1, {
        summary: 'A summary',
        bodyHtml: '',
        bodyText: '',
        editor: 'Ed',
        source: 'Wire',
        publisher: 'Publisher',
        dateline: 'JAKARTA',
        updatedAt: '2024-06-13T05:00:00.000Z',
        media: [{ url: 'https://img.example/1.jpg', type: 'image/jpeg', width: 640, height: 480, caption: 'Caption' }],
        relatedLinks: [{ title: 'Related', url: 'https://partner.example/r' }],
        rights: '© Partner',
        clusterId: 'cluster-1',
        fetchedAt: '2024-06-13T05:01:00.000Z',
        rawKey: 'raw/antara/2024/06/13/abc.xml.gz',
      });
      await store.putMany([full, makeArticle(2)]);
      expect(await store.get(full.id)).toEqual(full);
      expect(await store.get('missing')).toBeUndefined();
      const many = await store.getMany([full.id, 'missing', 'art-0002']);
      expect([...many.keys()].sort()).toEqual(['art-0001', 'art-0002']);
      expect(many.get('art-0002')).toEqual(makeArticle(2));
    });

    it('keeps the mark of the policy a body was sanitized under through a write and every read (render trusts it)', async () => {
      const store = await makeStore(clock);
      const marked = makeArticle(4, { bodyHtml: '<p>Marked</p>', bodyPolicy: HTML_POLICY_FINGERPRINT });
      await store.putMany([marked, makeArticle(5)]);
      expect((await store.get(marked.id))?.bodyPolicy).toBe(HTML_POLICY_FINGERPRINT);
      expect((await store.getMany([marked.id])).get(marked.id)).toEqual(marked);
      const listed = (await store.latest({ limit: 10 })).articles;
      expect(listed.find((a) => a.id === marked.id)).toEqual(marked);
      expect(listed.find((a) => a.id === 'art-0005')).not.toHaveProperty('bodyPolicy');
    });

    it('stores and lists an article without a url (wire copy with no web page) as it was written', async () => {
      const store = await makeStore(clock);
      const { url: _url, ...unlinked } = makeArticle(3, { guid: 'antara-2024-06-13-0042' });
      await store.putMany([unlinked]);
      expect(await store.get(unlinked.id)).toEqual(unlinked);
      const page = await store.latest({ limit: 10 });
      expect(page.articles).toEqual([unlinked]);
    });

    it('writes an update whose version is above the stored one', async () => {
      const store = await makeStore(clock);
      const first = makeArticle(1);
      await store.putMany([first]);
      const second = nextVersion(first, { title: 'Corrected' });
      await store.putMany([second]);
      expect(await store.get(first.id)).toEqual(second);
    });

    it('refuses a write whose version is already stored and still writes the rest of the batch (no lost update)', async () => {
      const store = await makeStore(clock);
      const a = makeArticle(1);
      await store.putMany([a, makeArticle(2)]);
      const stale = { ...makeArticle(2), title: 'Written from a stale read' };
      const fresh = makeArticle(3);
      const error = await store.putMany([stale, fresh, nextVersion(a)]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VersionConflictError);
      expect((error as VersionConflictError).ids).toEqual(['art-0002']);
      expect((await store.get('art-0002'))?.title).toBe('Story 2');
      expect(await store.get('art-0003')).toEqual(fresh);
      expect((await store.get('art-0001'))?.version).toBe(2);
    });

    it('lets exactly one of two writers racing on the same version win (no lost update, no duplicate)', async () => {
      const store = await makeStore(clock);
      const base = makeArticle(1);
      await store.putMany([base]);
      const ours = nextVersion(base, { title: 'Ours' });
      const theirs = nextVersion(base, { title: 'Theirs' });
      const results = await Promise.allSettled([store.putMany([ours]), store.putMany([theirs])]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(VersionConflictError);
      const winner = results[0]!.status === 'fulfilled' ? ours : theirs;
      expect(await store.get(base.id)).toEqual(winner);
      const listed = (await allPages(store, { limit: 10 })).flat();
      expect(ids(listed)).toEqual([base.id]);
    });

    it('lets exactly one of two runs that both saw a new article create it', async () => {
      const store = await makeStore(clock);
      const results = await Promise.allSettled([
        store.putMany([makeArticle(1, { title: 'Run A' })]),
        store.putMany([makeArticle(1, { title: 'Run B' })]),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await store.get('art-0001'))?.version).toBe(1);
    });

    it('writes two versions of one article given in the same batch in order, ending at the later one', async () => {
      const store = await makeStore(clock);
      const first = makeArticle(1);
      await store.putMany([first, nextVersion(first, { title: 'Second' })]);
      expect(await store.get(first.id)).toMatchObject({ version: 2, title: 'Second' });
      expect((await allPages(store, { limit: 5 })).flat()).toHaveLength(1);
    });

    it('accepts a partner version jump (a story first seen at version 3)', async () => {
      const store = await makeStore(clock);
      await store.putMany([makeArticle(1, { version: 3 })]);
      expect((await store.get('art-0001'))?.version).toBe(3);
      await expect(store.putMany([makeArticle(1, { version: 2 })])).rejects.toBeInstanceOf(VersionConflictError);
    });
  });

  describe(`${name}: latest`, () => {
    it('lists newest first across pages, each article exactly once', async () => {
      const store = await makeStore(clock);
      const articles = Array.from({ length: 30 }, (_, i) => makeArticle(i + 1));
      await store.putMany(articles);
      const pages = await allPages(store, { limit: 7 });
      expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 7, 2]);
      const expected = [...articles].reverse().map((a) => a.id);
      expect(ids(pages.flat())).toEqual(expected);
    });

    it('orders by last update, then publication, then fetch time', async () => {
      const store = await makeStore(clock);
      await store.putMany([
        makeArticle(1, { publishedAt: '2024-06-13T01:00:00.000Z', updatedAt: '2024-06-13T09:00:00.000Z' }),
        makeArticle(2, { publishedAt: '2024-06-13T08:00:00.000Z' }),
        makeArticle(3, { publishedAt: undefined, fetchedAt: '2024-06-13T07:00:00.000Z' }),
      ]);
      expect(ids((await store.latest({ limit: 10 })).articles)).toEqual(['art-0001', 'art-0002', 'art-0003']);
    });

    it('filters by partner, language and category, alone and combined', async () => {
      const store = await makeStore(clock);
      await store.putMany([
        makeArticle(1, { partnerId: 'antara', language: 'id-ID', categories: ['Politik'] }),
        makeArticle(2, { partnerId: 'antara', language: 'en', categories: ['Economy', 'Politik'] }),
        makeArticle(3, { partnerId: 'tempo', language: 'id', categories: ['politik'] }),
        makeArticle(4, { partnerId: 'tempo', language: 'en', categories: [] }),
        makeArticle(5, { partnerId: 'antara', language: undefined, categories: ['Sport'] }),
      ]);
      const list = async (q: Omit<ArticleQuery, 'limit' | 'cursor'>) => ids((await allPages(store, { limit: 2, ...q })).flat());
      expect(await list({ partnerId: 'antara' })).toEqual(['art-0005', 'art-0002', 'art-0001']);
      expect(await list({ language: 'id' })).toEqual(['art-0003', 'art-0001']);
      expect(await list({ language: 'id-ID' })).toEqual(['art-0001']);
      expect(await list({ category: 'POLITIK' })).toEqual(['art-0003', 'art-0002', 'art-0001']);
      expect(await list({ partnerId: 'antara', category: 'politik' })).toEqual(['art-0002', 'art-0001']);
      expect(await list({ partnerId: 'tempo', language: 'en' })).toEqual(['art-0004']);
      expect(await list({ category: 'politik', language: 'id' })).toEqual(['art-0003', 'art-0001']);
      expect(await list({ partnerId: 'nobody' })).toEqual([]);
    });

    it('hides withdrawn and still-embargoed articles unless hidden ones are asked for', async () => {
      const store = await makeStore(clock);
      await store.putMany([
        makeArticle(1),
        makeArticle(2, { status: 'withdrawn' }),
        makeArticle(3, { status: 'embargoed', embargoedUntil: '2024-06-15T00:00:00.000Z' }),
        makeArticle(4, { status: 'embargoed', embargoedUntil: '2024-06-13T12:00:00.000Z' }),
        makeArticle(5, { status: 'embargoed' }),
      ]);
      expect(ids((await store.latest({ limit: 10 })).articles)).toEqual(['art-0004', 'art-0001']);
      expect(ids((await store.latest({ limit: 10, includeHidden: true })).articles)).toHaveLength(5);
      expect(ids((await store.latest({ limit: 10, category: 'politics' })).articles)).toEqual(['art-0004', 'art-0001']);
    });

    it('moves an updated article to the top and out of a category it lost, listing it once', async () => {
      const store = await makeStore(clock);
      const a = makeArticle(1, { categories: ['Politics', 'Economy'] });
      await store.putMany([a, makeArticle(2, { categories: ['Politics'] })]);
      await store.putMany([nextVersion(a, { categories: ['Economy'], updatedAt: '2024-06-13T10:00:00.000Z' })]);
      expect(ids((await allPages(store, { limit: 1 })).flat())).toEqual(['art-0001', 'art-0002']);
      expect(ids((await allPages(store, { limit: 1, category: 'politics' })).flat())).toEqual(['art-0002']);
      const economy = (await allPages(store, { limit: 1, category: 'economy' })).flat();
      expect(economy.map((x) => [x.id, x.version])).toEqual([['art-0001', 2]]);
    });

    it('refuses a cursor it did not make', async () => {
      const store = await makeStore(clock);
      await expect(store.latest({ limit: 5, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(BadRequestError);
    });
  });

  describe(`${name}: near-duplicate candidates`, () => {
    const band = (values: string[]) => values.map((v, i) => `${i}#${v}`);

    it('finds recent articles sharing a band key, most shared bands first, with their fingerprint', async () => {
      const store = await makeStore(clock);
      await store.putClusterBands([
        { id: 'a', partnerId: 'antara', sortTime: '2024-06-13T01:00:00.000Z', bandKeys: band(['aa', 'bb', 'cc', 'dd']), fingerprint: 'fp-a' },
        { id: 'b', partnerId: 'tempo', sortTime: '2024-06-13T02:00:00.000Z', bandKeys: band(['aa', 'xx', 'cc', 'yy']) },
        { id: 'c', partnerId: 'tempo', sortTime: '2024-06-13T03:00:00.000Z', bandKeys: band(['zz', 'xx', 'ww', 'dd']) },
        { id: 'old', partnerId: 'tempo', sortTime: '2024-06-01T00:00:00.000Z', bandKeys: band(['aa', 'bb', 'cc', 'dd']) },
        // The same value in another band is not a match: band keys carry the band number.
        { id: 'shifted', partnerId: 'tempo', sortTime: '2024-06-13T04:00:00.000Z', bandKeys: band(['bb', 'aa', 'dd', 'cc']) },
      ]);
      const found = await store.findClusterCandidates(band(['aa', 'bb', 'cc', 'dd']), '2024-06-12T00:00:00.000Z');
      expect(found.map((c) => [c.id, c.matchedBands])).toEqual([
        ['a', 4],
        ['b', 2],
        ['c', 1],
      ]);
      expect(found[0]).toEqual({ id: 'a', partnerId: 'antara', sortTime: '2024-06-13T01:00:00.000Z', matchedBands: 4, fingerprint: 'fp-a' });
      expect(found[1]).toEqual({ id: 'b', partnerId: 'tempo', sortTime: '2024-06-13T02:00:00.000Z', matchedBands: 2 });
      expect(await store.findClusterCandidates(band(['aa']), '2024-06-12T00:00:00.000Z', 1)).toHaveLength(1);
    });
  });

  describe(`${name}: feed stamps`, () => {
    it('has no stamp before the first write, and one over all articles and one per written partner after it', async () => {
      let now = CONTRACT_NOW.getTime();
      const store = await makeStore({ now: () => new Date(now) });
      expect(await store.feedStamp!({})).toBeUndefined();
      await store.putMany([makeArticle(1, { partnerId: 'antara' })]);
      const all = await store.feedStamp!({});
      const antara = await store.feedStamp!({ partnerId: 'antara' });
      expect(all).toMatchObject({ changedAt: now, writingUntil: 0, lifts: [] });
      expect(antara).toMatchObject({ changedAt: now, writingUntil: 0 });
      expect(await store.feedStamp!({ partnerId: 'kontan' })).toBeUndefined();

      now += 60_000;
      await store.putMany([makeArticle(2, { partnerId: 'kontan' })]);
      const allAfter = await store.feedStamp!({});
      expect(allAfter!.token).not.toBe(all!.token);
      expect(allAfter!.changedAt).toBe(now);
      // Another partner's write leaves antara's stamp as it was: antara's feeds are still vouched for.
      expect(await store.feedStamp!({ partnerId: 'antara' })).toEqual(antara);
      expect(await store.feedStamp!({ partnerId: 'kontan' })).toMatchObject({ changedAt: now, writingUntil: 0 });
    });

    it('replaces the stamps even when the write loses a version race, and lists the embargoes still to lift', async () => {
      const store = await makeStore(clock);
      const lift = '2024-06-15T06:00:00.000Z';
      await store.putMany([makeArticle(1, { status: 'embargoed', embargoedUntil: lift }), makeArticle(2, { embargoedUntil: '2024-06-01T00:00:00.000Z' })]);
      const first = await store.feedStamp!({});
      expect(first!.lifts).toEqual([Date.parse(lift)]);
      expect((await store.feedStamp!({ partnerId: 'antara' }))!.lifts).toEqual([Date.parse(lift)]);
      await expect(store.putMany([makeArticle(1, { status: 'embargoed', embargoedUntil: lift })])).rejects.toBeInstanceOf(VersionConflictError);
      expect((await store.feedStamp!({}))!.token).not.toBe(first!.token);
    });
  });
}
