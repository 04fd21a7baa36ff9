import { describe, expect, it } from 'vitest';
import { makeCorpus } from './articles.js';
import { harness } from './harness.js';

// Request headers as the real clients send them: newsboat 2.21 captured on 127.0.0.1 (libcurl's default Accept),
// feedparser 6 from its http.py ACCEPT_HEADER and USER_AGENT, Chromium and Firefox top-level navigations and a
// page script's fetch() as those browsers send them.
const CLIENTS: Array<[string, Record<string, string>, 'feed' | 'html']> = [
  ['newsboat', { 'user-agent': 'newsboat/2.21.0 (Linux x86_64)', accept: '*/*', 'accept-encoding': 'gzip, deflate' }, 'feed'],
  [
    'feedparser',
    {
      'user-agent': 'feedparser/6.0.11 +https://github.com/kurtmckee/feedparser/',
      accept: 'application/atom+xml,application/rdf+xml,application/rss+xml,application/x-netcdf,application/xml;q=0.9,text/xml;q=0.2,*/*;q=0.1',
      'accept-encoding': 'gzip, deflate',
    },
    'feed',
  ],
  ['a reader that sends no headers at all', {}, 'feed'],
  [
    'a reader that prefers text/html but is no browser navigation',
    { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    'feed',
  ],
  [
    'a page script fetch() in Chromium',
    { accept: '*/*', 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0' },
    'feed',
  ],
  [
    'a Chromium feed-reader extension fetching with an HTML-first Accept',
    { accept: 'text/html,*/*;q=0.8', 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors' },
    'feed',
  ],
  [
    'a Chromium top-level navigation',
    {
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7',
      'sec-fetch-dest': 'document',
      'sec-fetch-mode': 'navigate',
      'sec-fetch-site': 'none',
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
    },
    'html',
  ],
  [
    'a Firefox top-level navigation',
    {
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'sec-fetch-dest': 'document',
      'sec-fetch-mode': 'navigate',
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
    },
    'html',
  ],
];

describe('publish: an RSS or Atom URL requested by real clients', () => {
  it.each(CLIENTS)('answers %s with %s', async (_name, headers, expected) => {
    const h = harness(makeCorpus(3));
    for (const [path, feedType] of [
      ['/feeds/all.rss', /^(application\/rss\+xml|text\/xml); charset=utf-8$/],
      ['/feeds/partners/kontan.atom', /^(application\/atom\+xml|text\/xml); charset=utf-8$/],
    ] as const) {
      const res = await h.get(path, headers);
      expect(res.statusCode).toBe(200);
      expect(res.headers.vary).toBe('Accept, Sec-Fetch-Dest, Accept-Encoding');
      if (expected === 'html') {
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.text).toMatch(/^<!DOCTYPE html>/);
        expect(res.headers['content-location']).toBe(`https://news.example.com${path.replace(/\.(rss|atom)$/, '.html')}`);
        expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      } else {
        expect(res.headers['content-type']).toMatch(feedType);
        expect(res.text).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?>/);
        expect(res.headers['content-location']).toBeUndefined();
      }
    }
  });

  it('never lets a cached page validate a feed: the two have different ETags', async () => {
    const h = harness(makeCorpus(3));
    const page = await h.get('/feeds/all.rss', { accept: 'text/html', 'sec-fetch-dest': 'document' });
    const rss = await h.get('/feeds/all.rss', { 'if-none-match': page.headers.etag! });
    expect(rss.statusCode).toBe(200);
    expect(rss.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
  });

  it('keeps JSON Feed as JSON for a browser navigation (browsers show JSON as text)', async () => {
    const res = await harness(makeCorpus(3)).get('/feeds/all.json', { accept: 'text/html', 'sec-fetch-dest': 'document' });
    expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
  });
});
