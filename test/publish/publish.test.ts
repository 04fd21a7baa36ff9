import { describe, expect, it } from 'vitest';
import { StorageError } from '../../shared/errors.js';
import { makeArticle, makeCorpus } from './articles.js';
import { harness, NOW } from './harness.js';
import { parseXml, text } from '../render/parse.js';

describe('publish: feeds', () => {
  it.each([
    ['/feeds/all.rss', 'application/rss+xml; charset=utf-8'],
    ['/feeds/all.atom', 'application/atom+xml; charset=utf-8'],
    ['/feeds/all.json', 'application/feed+json; charset=utf-8'],
    ['/feeds/all.html', 'text/html; charset=utf-8'],
  ])('serves %s as %s', async (url, type) => {
    const res = await harness(makeCorpus(5)).get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(type);
  });

  it('serves one partner, one category and one language, each only with its articles', async () => {
    const h = harness(makeCorpus(30));
    const partner = JSON.parse((await h.get('/feeds/partners/kontan.json')).text);
    expect(partner.items.length).toBe(10);
    expect(partner.items.every((i: any) => i._wirefeed.partner_id === 'kontan')).toBe(true);
    const category = JSON.parse((await h.get('/feeds/categories/Sports.json')).text);
    expect(category.items.length).toBeGreaterThan(0);
    expect(category.items.every((i: any) => i.tags.includes('Sports'))).toBe(true);
    const language = JSON.parse((await h.get('/feeds/languages/en.json')).text);
    expect(language.items.length).toBe(10);
    expect(language.items.every((i: any) => i.language === 'en')).toBe(true);
  });

  it('combines the path scope with lang, category and limit from the query', async () => {
    const h = harness(makeCorpus(60));
    const feed = JSON.parse((await h.get('/feeds/all.json?lang=id&category=Economy&limit=3')).text);
    expect(feed.items).toHaveLength(3);
    for (const item of feed.items) {
      expect(item.language).toBe('id');
      expect(item.tags).toContain('Economy');
    }
    expect(h.store.queries.at(-1)).toMatchObject({ language: 'id', category: 'Economy', limit: 3, includeHidden: false });
  });

  it('decodes a percent-encoded category in the path', async () => {
    const h = harness([makeArticle({ id: 'a1', categories: ['Art & Culture'] })]);
    const feed = JSON.parse((await h.get('/feeds/categories/Art%20%26%20Culture.json')).text);
    expect(feed.items).toHaveLength(1);
  });

  it('puts the URL served, query included, in the self link', async () => {
    const res = await harness(makeCorpus(3)).get('/feeds/partners/antara.atom?limit=2&lang=id');
    const self = parseXml(res.text).feed.link.find((l: any) => l['@rel'] === 'self');
    expect(self['@href']).toBe('https://news.example.com/feeds/partners/antara.atom?limit=2&lang=id');
  });

  it('uses the configured public base URL for links', async () => {
    const res = await harness(makeCorpus(1), { publicBaseUrl: 'https://feeds.example.org' }).get('/feeds/all.rss');
    expect(parseXml(res.text).rss.channel['atom:link'][0]['@href']).toBe('https://feeds.example.org/feeds/all.rss');
  });

  it('advertises the configured WebSub hub', async () => {
    const res = await harness(makeCorpus(1), { hubUrl: 'https://hub.example.com/' }).get('/feeds/all.atom');
    expect(parseXml(res.text).feed.link.find((l: any) => l['@rel'] === 'hub')['@href']).toBe('https://hub.example.com/');
  });

  it('references the XSL stylesheet from RSS and Atom and serves it', async () => {
    const h = harness(makeCorpus(1));
    const rss = await h.get('/feeds/all.rss');
    expect(rss.text).toContain('<?xml-stylesheet type="text/xsl" href="https://news.example.com/feeds/style.xsl"?>');
    const xsl = await h.get('/feeds/style.xsl');
    expect(xsl.statusCode).toBe(200);
    expect(xsl.headers['content-type']).toBe('text/xsl; charset=utf-8');
    expect(() => parseXml(xsl.text)).not.toThrow();
  });

  it('leaves out withdrawn articles, and embargoed ones until their time', async () => {
    const articles = [
      makeArticle({ id: 'ok', publishedAt: '2024-06-10T00:00:00.000Z', updatedAt: undefined }),
      makeArticle({ id: 'withdrawn', status: 'withdrawn' }),
      makeArticle({ id: 'embargoed', status: 'embargoed', embargoedUntil: '2024-07-02T00:00:00.000Z' }),
      makeArticle({ id: 'usable-but-future', status: 'usable', embargoedUntil: '2024-07-01T00:00:01.000Z' }),
      makeArticle({ id: 'lifted', status: 'embargoed', embargoedUntil: '2024-06-30T00:00:00.000Z' }),
      makeArticle({ id: 'embargoed-no-time', status: 'embargoed' }),
    ];
    const ids = (body: string) => JSON.parse(body).items.map((i: any) => i.id.split(':').pop()).sort();
    expect(ids((await harness(articles).get('/feeds/all.json')).text)).toEqual(['lifted', 'ok']);
    const later = harness(articles, {}, new Date('2024-07-03T00:00:00.000Z'));
    expect(ids((await later.get('/feeds/all.json')).text)).toEqual(['embargoed', 'lifted', 'ok', 'usable-but-future']);
  });

  it('shows one article per near-duplicate cluster, the newest, unless duplicates=all', async () => {
    const articles = [
      makeArticle({ id: 'newest', clusterId: 'c1', updatedAt: '2024-06-13T05:00:00.000Z' }),
      makeArticle({ id: 'copy', clusterId: 'c1', updatedAt: '2024-06-13T04:00:00.000Z' }),
      makeArticle({ id: 'alone', updatedAt: '2024-06-13T03:00:00.000Z' }),
    ];
    const h = harness(articles);
    const ids = async (url: string) => JSON.parse((await h.get(url)).text).items.map((i: any) => i.id.split(':').pop());
    expect(await ids('/feeds/all.json')).toEqual(['newest', 'alone']);
    expect(await ids('/feeds/all.json?duplicates=all')).toEqual(['newest', 'copy', 'alone']);
  });

  it('fills a page from further store reads when duplicates are dropped', async () => {
    const articles = makeCorpus(10).map((a, i) => ({ ...a, clusterId: i < 6 ? 'big' : undefined }));
    const feed = JSON.parse((await harness(articles).get('/feeds/all.json?limit=3')).text);
    expect(feed.items).toHaveLength(3);
  });

  it('renders the same bytes at different times for the same articles', async () => {
    const articles = makeCorpus(10);
    const a = await harness(articles, {}, NOW).get('/feeds/all.rss');
    const b = await harness(articles, {}, new Date('2025-01-01T00:00:00.000Z')).get('/feeds/all.rss');
    expect(b.text).toBe(a.text);
    expect(b.headers.etag).toBe(a.headers.etag);
  });
});

describe('publish: negotiation and errors', () => {
  it.each([
    [undefined, 'application/rss+xml; charset=utf-8'],
    ['*/*', 'application/rss+xml; charset=utf-8'],
    ['application/atom+xml', 'application/atom+xml; charset=utf-8'],
    ['application/feed+json', 'application/feed+json; charset=utf-8'],
    ['application/json', 'application/feed+json; charset=utf-8'],
    ['application/rss+xml;q=0.5, application/atom+xml;q=0.9', 'application/atom+xml; charset=utf-8'],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'text/html; charset=utf-8'],
  ])('answers Accept %s on the bare path with %s', async (accept, type) => {
    const res = await harness(makeCorpus(2)).get('/feeds/all', accept === undefined ? {} : { accept });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers.vary).toBe('Accept, Accept-Encoding');
    expect(res.headers['content-location']).toMatch(/^https:\/\/news\.example\.com\/feeds\/all\.(rss|atom|json|html)$/);
  });

  it('keeps the bare path as the self link of a negotiated feed', async () => {
    const res = await harness(makeCorpus(2)).get('/feeds/partners/antara', { accept: 'application/atom+xml' });
    expect(parseXml(res.text).feed.link.find((l: any) => l['@rel'] === 'self')['@href']).toBe('https://news.example.com/feeds/partners/antara');
  });

  it('answers 406 when nothing acceptable is offered', async () => {
    const res = await harness([]).get('/feeds/all', { accept: 'image/png' });
    expect(res.statusCode).toBe(406);
  });

  it.each([
    ['/feeds/nothing.rss'],
    ['/feeds/all.pdf'],
    ['/feeds/partners/nobody.rss'],
    ['/feeds/partners/Not_An_Id.rss'],
    ['/feeds/languages/english-language-please.rss'],
    ['/feeds/partners/antara/extra.rss'],
    ['/elsewhere'],
  ])('answers 404 with a short message for %s', async (url) => {
    const res = await harness([]).get(url);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text.trim().split('\n')).toHaveLength(1);
    expect(res.text.length).toBeLessThan(200);
  });

  it.each([
    ['/feeds/all.rss?limit=0'],
    ['/feeds/all.rss?limit=201'],
    ['/feeds/all.rss?limit=ten'],
    ['/feeds/all.rss?limit=1&limit=2'],
    ['/feeds/all.rss?lang=english!'],
    ['/feeds/all.rss?category='],
    ['/feeds/all.rss?duplicates=some'],
    ['/feeds/all.rss?partner=nobody'],
    ['/feeds/languages/en.rss?lang=id'],
    ['/feeds/categories/%E0%A4%A.rss'],
    ['/articles?limit=500'],
    ['/feeds/all.rss?cursor=not-a-cursor'],
  ])('answers 400 with a short message for %s', async (url) => {
    const res = await harness([]).get(url);
    expect(res.statusCode).toBe(400);
    expect(res.text.trim().split('\n')).toHaveLength(1);
  });

  it('answers 405 to other methods', async () => {
    const res = await harness([]).get('/feeds/all.rss', {}, 'POST');
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('answers 503 with Retry-After when the store stays throttled through its retries, and logs the reason', async () => {
    const h = harness([]);
    h.store.latest = async () => {
      throw new StorageError('Query failed after 3 attempts: Rate exceeded', { busy: true });
    };
    const res = await h.get('/feeds/all.rss');
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(h.logs[0]).toContain('Rate exceeded');
  });

  it('answers 500 with a generic message when the store fails, and logs the reason', async () => {
    const h = harness([]);
    h.store.latest = async () => {
      throw new Error('ProvisionedThroughputExceededException: slow down');
    };
    const res = await h.get('/feeds/all.rss');
    expect(res.statusCode).toBe(500);
    expect(res.text).toBe('internal error\n');
    expect(h.logs[0]).toContain('ProvisionedThroughputExceededException');
  });
});

describe('publish: caching', () => {
  it('sends a strong ETag, Last-Modified from the newest item and Cache-Control from config', async () => {
    const res = await harness(makeCorpus(5), { cacheMaxAgeSeconds: 120 }).get('/feeds/all.atom');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(res.headers['last-modified']).toBe('Thu, 13 Jun 2024 12:00:00 GMT');
    expect(res.headers['cache-control']).toBe('public, max-age=120');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('answers a matching If-None-Match with 304 and no body', async () => {
    const h = harness(makeCorpus(5));
    const first = await h.get('/feeds/all.rss');
    const again = await h.get('/feeds/all.rss', { 'if-none-match': first.headers.etag! });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['content-type']).toBeUndefined();
  });

  it('answers 200 when the ETag no longer matches because an article changed', async () => {
    const h = harness(makeCorpus(5));
    const first = await h.get('/feeds/all.rss');
    const changed = makeCorpus(5)[0]!;
    await h.store.putMany([{ ...changed, title: 'Corrected headline', version: 2 }]);
    const again = await h.get('/feeds/all.rss', { 'if-none-match': first.headers.etag! });
    expect(again.statusCode).toBe(200);
    expect(again.headers.etag).not.toBe(first.headers.etag);
  });

  it('answers If-Modified-Since at or after the newest item with 304, and before it with 200', async () => {
    const h = harness(makeCorpus(5));
    expect((await h.get('/feeds/all.rss', { 'if-modified-since': 'Thu, 13 Jun 2024 12:00:00 GMT' })).statusCode).toBe(304);
    expect((await h.get('/feeds/all.rss', { 'if-modified-since': 'Thu, 13 Jun 2024 11:59:59 GMT' })).statusCode).toBe(200);
  });

  it('lets If-None-Match win over If-Modified-Since', async () => {
    const res = await harness(makeCorpus(5)).get('/feeds/all.rss', {
      'if-none-match': '"something-else"',
      'if-modified-since': 'Fri, 14 Jun 2024 00:00:00 GMT',
    });
    expect(res.statusCode).toBe(200);
  });

  it('compresses with gzip or br when accepted, with a per-coding ETag that still revalidates', async () => {
    const h = harness(makeCorpus(20));
    const plain = await h.get('/feeds/all.rss');
    const gz = await h.get('/feeds/all.rss', { 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.isBase64Encoded).toBe(true);
    expect(gz.text).toBe(plain.text);
    expect(gz.headers.etag).toBe(`${plain.headers.etag!.slice(0, -1)}+gzip"`);
    const br = await h.get('/feeds/all.rss', { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.text).toBe(plain.text);
    expect(Buffer.from(br.body!, 'base64').length).toBeLessThan(plain.text.length / 3);
    const revalidated = await h.get('/feeds/all.rss', { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.etag! });
    expect(revalidated.statusCode).toBe(304);
  });

  it('sends an uncompressed RSS or Atom feed as text, as before they were rendered to bytes', async () => {
    const h = harness(makeCorpus(20));
    for (const path of ['/feeds/all.rss', '/feeds/all.atom']) {
      const plain = await h.get(path);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.isBase64Encoded).toBe(false);
      expect(typeof plain.body).toBe('string');
      expect(plain.body).toBe(plain.text);
      const gz = await h.get(path, { 'accept-encoding': 'gzip' });
      expect(gz.text).toBe(plain.text);
    }
  });

  it('does not compress when the client refuses every coding', async () => {
    const res = await harness(makeCorpus(20)).get('/feeds/all.rss', { 'accept-encoding': 'gzip;q=0, br;q=0' });
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const h = harness(makeCorpus(3));
    const get = await h.get('/feeds/all.json');
    const head = await h.get('/feeds/all.json', {}, 'HEAD');
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers.etag).toBe(get.headers.etag);
  });
});

describe('publish: paging (RFC 5005)', () => {
  it('defaults to 50 items and caps limit at 200', async () => {
    const h = harness(makeCorpus(250));
    expect(JSON.parse((await h.get('/feeds/all.json')).text).items).toHaveLength(50);
    expect(JSON.parse((await h.get('/feeds/all.json?limit=200')).text).items).toHaveLength(200);
  });

  it('walks every article exactly once through rel="next" links', async () => {
    const h = harness(makeCorpus(23));
    const seen: string[] = [];
    let url: string | undefined = '/feeds/all.atom?limit=5';
    let pages = 0;
    while (url !== undefined) {
      const feed: any = parseXml((await h.get(url)).text).feed;
      seen.push(...(feed.entry ?? []).map((e: any) => e.id));
      const next: any = feed.link.find((l: any) => l['@rel'] === 'next');
      if (pages > 0) expect(feed.link.find((l: any) => l['@rel'] === 'first')['@href']).toBe('https://news.example.com/feeds/all.atom?limit=5');
      expect(feed.link.find((l: any) => l['@rel'] === 'prev-archive')?.['@href']).toBe(next?.['@href']);
      url = next === undefined ? undefined : next['@href'].replace('https://news.example.com', '');
      pages++;
    }
    expect(pages).toBe(5);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
  });

  it('keeps the filters in the next link', async () => {
    const res = await harness(makeCorpus(40)).get('/feeds/all.rss?lang=id&limit=2');
    const next = parseXml(res.text).rss.channel['atom:link'].find((l: any) => l['@rel'] === 'next')['@href'];
    expect(next).toMatch(/^https:\/\/news\.example\.com\/feeds\/all\.rss\?lang=id&limit=2&cursor=[A-Za-z0-9_-]+$/);
  });
});

describe('publish: article API', () => {
  it('answers /articles?partner= with a partner nobody knows with 400 naming it, as feeds do', async () => {
    const h = harness(makeCorpus(3));
    const res = await h.get('/articles?partner=nope');
    expect(res.statusCode).toBe(400);
    expect(res.text).toBe('no such partner: nope\n');
    expect((await h.get('/feeds/all.json?partner=nope')).text).toBe(res.text);
    expect(JSON.parse((await h.get('/articles?partner=kontan')).text).articles.length).toBeGreaterThan(0);
  });

  it('returns the canonical article JSON with the same caching', async () => {
    const article = makeArticle({ id: 'a1' });
    const h = harness([article]);
    const res = await h.get('/articles/a1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(res.text)).toEqual(article);
    // When this version was fetched (its updatedAt is 03:00): a correction may carry no newer date of its own.
    expect(res.headers['last-modified']).toBe('Thu, 13 Jun 2024 03:05:00 GMT');
    expect((await h.get('/articles/a1', { 'if-none-match': res.headers.etag! })).statusCode).toBe(304);
  });

  it('writes keys in schema order whatever order the store gives them', async () => {
    const article = makeArticle({ id: 'a1' });
    const reversed = Object.fromEntries(Object.entries(article).reverse()) as typeof article;
    const a = await harness([article]).get('/articles/a1');
    const b = await harness([reversed]).get('/articles/a1');
    expect(b.text).toBe(a.text);
  });

  it('answers 404 for unknown, withdrawn and still-embargoed articles alike', async () => {
    const h = harness([
      makeArticle({ id: 'gone', status: 'withdrawn' }),
      makeArticle({ id: 'later', status: 'embargoed', embargoedUntil: '2030-01-01T00:00:00.000Z' }),
    ]);
    for (const id of ['nope', 'gone', 'later']) expect((await h.get(`/articles/${id}`)).statusCode).toBe(404);
  });

  it('lists articles with filters, limit and a next_url', async () => {
    const h = harness(makeCorpus(30));
    const page = JSON.parse((await h.get('/articles?partner=reuters&limit=4')).text);
    expect(page.articles).toHaveLength(4);
    expect(page.articles.every((a: any) => a.partnerId === 'reuters')).toBe(true);
    const next = JSON.parse((await h.get(page.next_url.replace('https://news.example.com', ''))).text);
    expect(next.articles[0].id).not.toBe(page.articles[0].id);
    expect(new Set([...page.articles, ...next.articles].map((a: any) => a.id)).size).toBe(8);
  });
});

describe('publish: index page', () => {
  it('lists every feed with subscribe links and autodiscovery', async () => {
    const res = await harness(makeCorpus(30)).get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.text).toContain('<link rel="alternate" type="application/rss+xml" title="All articles (RSS)" href="https://news.example.com/feeds/all.rss">');
    expect(res.text).toContain('<link rel="alternate" type="application/atom+xml" title="Reuters (Atom)" href="https://news.example.com/feeds/partners/reuters.atom">');
    for (const href of ['/feeds/partners/kontan.json', '/feeds/languages/id.rss', '/feeds/languages/en.atom', '/feeds/categories/Weather.rss']) {
      expect(res.text).toContain(`href="https://news.example.com${href}"`);
    }
    expect(res.text).not.toContain('<script');
  });

  it('escapes hostile category names it lists', async () => {
    const res = await harness([makeArticle({ id: 'a1', categories: ['"><script>alert(1)</script>'] })]).get('/');
    expect(res.text).not.toContain('<script>alert(1)');
    expect(text(res.text)).toContain('&lt;script&gt;');
  });
});

describe('publish: feeds opened in a browser', () => {
  const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  const feedparserAccept = 'application/atom+xml,application/rdf+xml,application/rss+xml,application/x-netcdf,application/xml;q=0.9,text/xml;q=0.2,*/*;q=0.1';

  it('serves RSS and Atom as text/xml to a browser that sends no Sec-Fetch-Dest, so that the XSL stylesheet applies', async () => {
    const h = harness(makeCorpus(2));
    const rss = await h.get('/feeds/all.rss', { accept: browserAccept });
    expect(rss.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(rss.headers.vary).toBe('Accept, Sec-Fetch-Dest, Accept-Encoding');
    expect((await h.get('/feeds/all.atom', { accept: browserAccept })).headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(rss.text).toBe((await h.get('/feeds/all.rss')).text);
  });

  it('keeps the registered feed types for feed readers', async () => {
    const h = harness(makeCorpus(2));
    expect((await h.get('/feeds/all.rss', { accept: feedparserAccept })).headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect((await h.get('/feeds/all.atom', { accept: '*/*' })).headers['content-type']).toBe('application/atom+xml; charset=utf-8');
  });
});
