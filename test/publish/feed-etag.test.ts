import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { makeArticle, makeCorpus } from './articles.js';
import { renders } from '../support/render-count.js';
import { harness } from './harness.js';

// Every renderer counted, so that a test can tell a 304 that rendered from one that did not.
vi.mock(import('../../shared/render/rss.js'), async (load) => (await import('../support/render-count.js')).counted(await load()));
vi.mock(import('../../shared/render/atom.js'), async (load) => (await import('../support/render-count.js')).counted(await load()));
vi.mock(import('../../shared/render/jsonfeed.js'), async (load) => (await import('../support/render-count.js')).counted(await load()));
vi.mock(import('../../shared/publish/pages.js'), async (load) => (await import('../support/render-count.js')).counted(await load()));

describe('feed ETags known before rendering', () => {
  it.each(['/feeds/all.rss', '/feeds/all.atom', '/feeds/all.json', '/feeds/partners/antara.rss?limit=3'])(
    'answers a matching If-None-Match for %s with 304 without calling the renderer',
    async (url) => {
      const h = harness(makeCorpus(8));
      const first = await h.get(url, { 'accept-encoding': 'gzip' });
      expect(first.statusCode).toBe(200);
      const before = renders.count;
      const again = await h.get(url, { 'accept-encoding': 'gzip', 'if-none-match': first.headers.etag! });
      expect(again.statusCode).toBe(304);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(renders.count).toBe(before);
      await h.get(url, { 'if-none-match': '"stale"' });
      expect(renders.count).toBe(before + 1);
    },
  );

  it('keeps the HTML page, which shows live partner status, on an ETag of its bytes that still revalidates', async () => {
    const h = harness(makeCorpus(4));
    const first = await h.get('/feeds/all.html');
    expect(first.headers.etag).toBe(`"${createHash('sha256').update(first.text).digest('base64url').slice(0, 32)}"`);
    expect((await h.get('/feeds/all.html', { 'if-none-match': first.headers.etag! })).statusCode).toBe(304);
  });

  it('changes the ETag when one article gets a new version, and answers the old tag with the new bytes', async () => {
    const h = harness(makeCorpus(5));
    const first = await h.get('/feeds/all.rss');
    const [article] = makeCorpus(5);
    await h.store.putMany([{ ...article!, title: 'Corrected headline', version: 2, contentHash: 'corrected' }]);
    const again = await h.get('/feeds/all.rss', { 'if-none-match': first.headers.etag! });
    expect(again.statusCode).toBe(200);
    expect(again.headers.etag).not.toBe(first.headers.etag);
    expect(again.text).toContain('Corrected headline');
  });

  it.each([
    ['another format', '/feeds/all.rss', '/feeds/all.atom', {}],
    ['another page size', '/feeds/all.rss', '/feeds/all.rss?limit=3', {}],
    ['another scope', '/feeds/all.rss', '/feeds/languages/id.rss', {}],
    ['another host (base URL)', '/feeds/all.rss', '/feeds/all.rss', { host: 'mirror.example.com' }],
  ])('gives %s another ETag', async (_name, a, b, headers) => {
    const h = harness(makeCorpus(8));
    const one = await h.get(a);
    const other = await h.get(b, headers);
    expect(other.text).not.toBe(one.text);
    expect(other.headers.etag).not.toBe(one.headers.etag);
  });

  it('keeps the ETag when only the clock moved and nothing in the feed changed', async () => {
    const articles = [makeArticle({ id: 'a1' }), makeArticle({ id: 'a2', publishedAt: '2024-06-12T08:00:00.000Z' })];
    const a = await harness(articles).get('/feeds/all.json');
    const b = await harness(articles, {}, new Date('2025-02-01T00:00:00.000Z')).get('/feeds/all.json');
    expect(b.text).toBe(a.text);
    expect(b.headers.etag).toBe(a.headers.etag);
  });

  it('gives the same bytes the same ETag in another process', async () => {
    const child = fileURLToPath(new URL('./feed-etag-child.ts', import.meta.url));
    const here = await harness(makeCorpus(10)).get('/feeds/all.rss');
    const there = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', child, '/feeds/all.rss'], { encoding: 'utf8' }));
    expect(there).toEqual({ etag: here.headers.etag, sha256: createHash('sha256').update(here.text).digest('hex') });
  });
});
