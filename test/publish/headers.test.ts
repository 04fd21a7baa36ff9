import { describe, expect, it } from 'vitest';
import { makeCorpus } from './articles.js';
import { harness } from './harness.js';

const HTML_ROUTES = ['/', '/index.html', '/feeds/all.html', '/feeds/partners/kontan.html', '/feeds/languages/id.html', '/articles/kontan-00001.html'];
const OTHER_ROUTES = [
  '/feeds/all.rss',
  '/feeds/all.atom',
  '/feeds/all.json',
  '/feeds/all',
  '/feeds/style.xsl',
  '/favicon.svg',
  '/articles',
  '/articles/kontan-00001',
  '/articles/nope.html',
  '/feeds/partners/nobody.rss',
  '/feeds/all.rss?limit=0',
];

describe('publish: security headers', () => {
  it.each(HTML_ROUTES)('sends a strict CSP, nosniff and a referrer policy with the HTML of %s', async (path) => {
    const res = await harness(makeCorpus(3)).get(path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = res.headers['content-security-policy']!;
    const directives = new Map(csp.split(/;\s*/).map((d) => [d.split(' ')[0]!, d.split(' ').slice(1).join(' ')]));
    expect(directives.get('default-src')).toBe("'none'");
    expect(directives.has('script-src')).toBe(false);
    expect(directives.get('style-src')).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
    expect(directives.get('img-src')).toBe("'self' https:");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.text).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
  });

  it('allows exactly the inline stylesheet the pages carry, by its hash', async () => {
    const { createHash } = await import('node:crypto');
    const res = await harness(makeCorpus(3)).get('/');
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.text)![1]!;
    expect(res.headers['content-security-policy']).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
  });

  it.each([...HTML_ROUTES, ...OTHER_ROUTES])('names a charset in the Content-Type of %s, and sends nosniff', async (path) => {
    const res = await harness(makeCorpus(3)).get(path);
    expect(res.headers['content-type']).toMatch(/; charset=utf-8$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('names a charset on HEAD and method-not-allowed answers too', async () => {
    const h = harness(makeCorpus(3));
    expect((await h.get('/feeds/all.rss', {}, 'HEAD')).headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect((await h.get('/feeds/all.rss', {}, 'POST')).headers['content-type']).toBe('text/plain; charset=utf-8');
  });
});
