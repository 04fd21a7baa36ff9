import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Transform } from 'node:stream';
import zlib, { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { ConfigError, FetchError } from '../../../shared/errors.js';
import { fetchFailure as failure } from '../../support/fetch-failure.js';
import { HttpFeedFetcher, parseRetryAfter, type HttpFeedFetcherOptions, type HostResolver } from '../../../shared/adapters/http/fetcher.js';
import { partnerSchema, type Partner } from '../../../shared/model/partner.js';
import type { SecretResolver } from '../../../shared/ports.js';
import { behave, sampleRss, startMisbehavingPartner, type MisbehavingPartner } from '../../support/misbehaving-partner.js';

const CONTACT = 'https://wirefeed.example/contact';
const SECRETS: SecretResolver = {
  resolve: async (name) => {
    if (name === 'kontan-key') return 's3cr3t-value';
    throw new ConfigError(`secret "${name}" is not set`);
  },
};

let server: MisbehavingPartner;

beforeAll(async () => {
  server = await startMisbehavingPartner();
});
afterAll(async () => {
  await server.close();
});

function partner(feedUrl: string, extra: Partial<Partner> = {}): Partner {
  return partnerSchema.parse({ id: 'kontan', name: 'Kontan', feedUrl, local: true, ...extra });
}

function fetcher(options: Partial<HttpFeedFetcherOptions> = {}): HttpFeedFetcher {
  return new HttpFeedFetcher({
    // These partners are `local` (the test server is on 127.0.0.1), as in the local stack.
    allowLocalPartners: true,
    contactUrl: CONTACT,
    connectTimeoutMs: 1_000,
    totalTimeoutMs: 2_000,
    maxBytes: 256 * 1024,
    secrets: SECRETS,
    ...options,
  });
}

/** A DNS stand-in: names map to fixed addresses, and every question asked is recorded. */
function fakeDns(table: Record<string, string[]>): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolver = async (hostname: string) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolver, { asked });
}

function lastRequest(path: string) {
  const found = server.requests.filter((r) => r.path === path || r.path.startsWith(path + '?'));
  return found[found.length - 1]!;
}

describe('HttpFeedFetcher', () => {
  describe('conditional GET', () => {
    it('returns the body and validators on 200, then not-modified once they are sent back', async () => {
      const etag = '"v1"';
      const lastModified = 'Tue, 24 Nov 2026 10:00:00 GMT';
      server.on('/conditional', behave.conditional(sampleRss(), etag, lastModified));
      const p = partner(server.url('/conditional'));

      const first = await fetcher().fetch(p, {});
      expect(first).toMatchObject({ status: 'ok', httpStatus: 200, etag, lastModified });
      expect(first.status === 'ok' && Buffer.from(first.body).toString()).toBe(sampleRss());
      expect(lastRequest('/conditional').headers['if-none-match']).toBeUndefined();

      const second = await fetcher().fetch(p, { etag, lastModified });
      expect(second).toEqual({ status: 'not-modified', url: server.url('/conditional'), etag, lastModified });
      expect(lastRequest('/conditional').headers['if-none-match']).toBe(etag);
      expect(lastRequest('/conditional').headers['if-modified-since']).toBe(lastModified);
    });

    it('refuses a 304 to a request that sent no validators: it says nothing about the feed', async () => {
      server.on('/always-304', behave.status(304, { etag: '"cached"' }, ''));
      const error = await failure(fetcher().fetch(partner(server.url('/always-304')), {}));
      expect(error).toMatchObject({ kind: 'status', status: 304 });
      expect(error.message).toBe(`partner "kontan": HTTP 304 to an unconditional request from ${server.url('/always-304')}`);
    });

    it('sends only Last-Modified when no ETag was stored', async () => {
      const lastModified = 'Tue, 24 Nov 2026 11:00:00 GMT';
      server.on('/lm-only', behave.conditional(sampleRss(), '"other"', lastModified));
      const result = await fetcher().fetch(partner(server.url('/lm-only')), { lastModified });
      expect(result.status).toBe('not-modified');
      expect(lastRequest('/lm-only').headers['if-none-match']).toBeUndefined();
    });
  });

  describe('politeness', () => {
    it('names wirefeed, its version and the contact URL in the User-Agent', async () => {
      server.on('/ua', behave.feed(sampleRss()));
      await fetcher().fetch(partner(server.url('/ua')), {});
      expect(lastRequest('/ua').headers['user-agent']).toMatch(/^wirefeed\/\d+\.\d+\.\d+ \(\+https:\/\/wirefeed\.example\/contact\)$/);
      expect(lastRequest('/ua').headers['accept-encoding']).toBe('gzip, deflate, br');
    });
  });

  describe('compressed bodies', () => {
    const cases = [
      { name: 'gzip', coding: 'gzip' },
      { name: 'gzip labelled x-gzip', coding: 'gzip', label: 'x-gzip' },
      { name: 'brotli', coding: 'br' },
      { name: 'zlib-wrapped deflate', coding: 'deflate' },
      { name: 'raw deflate sent as "deflate" by some servers', coding: 'deflate-raw' },
    ] as const;
    for (const c of cases) {
      it(`decodes a ${c.name} body to the original bytes`, async () => {
        const path = `/enc-${c.coding}-${'label' in c ? c.label : 'std'}`;
        const body = sampleRss(`Compressed ${c.name} `.repeat(50));
        server.on(path, behave.encoded(body, c.coding, 'label' in c ? c.label : undefined));
        const result = await fetcher().fetch(partner(server.url(path)), {});
        expect(result.status === 'ok' && Buffer.from(result.body).toString()).toBe(body);
      });
    }

    it.each([
      ['zlib-wrapped', deflateSync],
      ['raw', deflateRawSync],
    ] as const)('decodes a %s deflate body followed by stray bytes, dropping them, instead of hanging', async (name, deflate) => {
      // Some servers append bytes after the deflate stream's end: the inflater then ends before its input does.
      const path = `/deflate-trailing-${name}`;
      const body = sampleRss('Deflate with a tail '.repeat(40));
      server.on(path, behave.feed(Buffer.concat([deflate(body), Buffer.from('\r\n0\r\n trailing bytes')]), { 'content-encoding': 'deflate' }));
      const result = await fetcher().fetch(partner(server.url(path)), {});
      expect(result.status === 'ok' && Buffer.from(result.body).toString()).toBe(body);
      // The stray bytes a moment later, in a chunk of their own.
      server.on(`${path}-later`, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'deflate' });
        res.write(deflate(body));
        setTimeout(() => res.end(' trailing bytes'), 50);
      });
      const later = await fetcher().fetch(partner(server.url(`${path}-later`)), {});
      expect(later.status === 'ok' && Buffer.from(later.body).toString()).toBe(body);
    });

    it('returns an empty body for an empty deflate body', async () => {
      server.on('/deflate-empty', behave.feed(Buffer.alloc(0), { 'content-encoding': 'deflate' }));
      const result = await fetcher().fetch(partner(server.url('/deflate-empty')), {});
      expect(result).toMatchObject({ status: 'ok', httpStatus: 200 });
      expect(result.status === 'ok' && result.body.length).toBe(0);
    });

    it.each(['gzip', 'br', 'deflate'])('reports a corrupt %s body as a protocol failure, not a crash', async (coding) => {
      const path = `/corrupt-${coding}`;
      server.on(path, behave.feed(Buffer.from('this is not compressed at all'), { 'content-encoding': coding }));
      const error = await failure(fetcher().fetch(partner(server.url(path)), {}));
      expect(error.kind).toBe('protocol');
      expect(error.message).toBe(`partner "kontan": corrupt ${coding} body from ${server.url(path)}`);
      // The bytes as they came, for the archive: nothing fetched is lost because it could not be decoded.
      expect(error.received).toMatchObject({ url: server.url(path), httpStatus: 200, contentEncoding: coding });
      expect(Buffer.from(error.received!.body).toString()).toBe('this is not compressed at all');
    });

    it('refuses a Content-Encoding it cannot decode rather than storing undecoded bytes', async () => {
      server.on('/zstd', behave.feed(Buffer.from('x'), { 'content-encoding': 'zstd' }));
      const error = await failure(fetcher().fetch(partner(server.url('/zstd')), {}));
      expect(error.kind).toBe('protocol');
      expect(error.message).toContain('unsupported Content-Encoding "zstd"');
      // Kept for the archive all the same, and out of sight of a log that prints the error whole.
      expect(error.received).toMatchObject({ contentEncoding: 'zstd', body: Buffer.from('x') });
      expect(Object.keys(error)).not.toContain('received');
    });
  });

  describe('error statuses', () => {
    it('turns a 500 into a status failure naming the partner, the status and the URL', async () => {
      server.on('/500', behave.status(500));
      const error = await failure(fetcher().fetch(partner(server.url('/500')), {}));
      expect(error).toMatchObject({ kind: 'status', status: 500, retryAfterSeconds: undefined });
      expect(error.message).toBe(`partner "kontan": HTTP 500 from ${server.url('/500')}`);
    });

    it('turns a 404 into a status failure', async () => {
      const error = await failure(fetcher().fetch(partner(server.url('/nothing-here')), {}));
      expect(error).toMatchObject({ kind: 'status', status: 404 });
    });

    it('carries Retry-After in seconds from a 429', async () => {
      server.on('/429', behave.status(429, { 'retry-after': '120' }));
      const error = await failure(fetcher().fetch(partner(server.url('/429')), {}));
      expect(error).toMatchObject({ kind: 'status', status: 429, retryAfterSeconds: 120 });
      expect(error.message).toBe(`partner "kontan": HTTP 429 from ${server.url('/429')} (retry after 120 s)`);
    });

    it('carries Retry-After given as an HTTP date from a 503, counted from the injected clock', async () => {
      server.on('/503', behave.status(503, { 'retry-after': 'Tue, 24 Nov 2026 12:05:00 GMT' }));
      const clock = { now: () => new Date('2026-11-24T12:00:00Z') };
      const error = await failure(fetcher({ clock }).fetch(partner(server.url('/503')), {}));
      expect(error).toMatchObject({ kind: 'status', status: 503, retryAfterSeconds: 300 });
    });
  });

  describe('time limits', () => {
    it('fails a body that trickles past the total timeout within bounded time', async () => {
      server.on('/slow', behave.slowBody(30));
      const started = performance.now();
      const error = await failure(fetcher({ totalTimeoutMs: 300 }).fetch(partner(server.url('/slow')), {}));
      const elapsed = performance.now() - started;
      expect(error.kind).toBe('timeout');
      expect(error.message).toBe(`partner "kontan": timed out after 300 ms fetching ${server.url('/slow')}`);
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(300 + 700);
    });

    it('cuts a body stuck in decoding after the response ended at the total timeout, and destroys the decoder', async () => {
      // A decoder that takes every byte and never finishes: the response has ended, so only the timeout ends this.
      const stuck = new Transform({ transform: (_chunk, _encoding, callback) => callback(), flush: () => {} });
      const createGunzip = vi.spyOn(zlib, 'createGunzip').mockReturnValueOnce(stuck as unknown as zlib.Gunzip);
      try {
        server.on('/stuck-decoding', behave.encoded(sampleRss(), 'gzip'));
        const started = performance.now();
        const pending = fetcher({ totalTimeoutMs: 300 }).fetch(partner(server.url('/stuck-decoding')), {});
        const outcome = await Promise.race([failure(pending), new Promise((done) => setTimeout(() => done('still pending'), 3_000))]);
        expect(outcome).toBeInstanceOf(FetchError);
        expect(outcome).toMatchObject({ kind: 'timeout', message: `partner "kontan": timed out after 300 ms fetching ${server.url('/stuck-decoding')}` });
        expect(performance.now() - started).toBeLessThan(300 + 700);
        expect(createGunzip).toHaveBeenCalled();
        expect(stuck.destroyed).toBe(true);
      } finally {
        createGunzip.mockRestore();
      }
    });

    it('fails within the connect timeout when the host cannot be reached in time', async () => {
      const hanging: HostResolver = () => new Promise(() => {});
      const started = performance.now();
      const error = await failure(
        fetcher({ lookup: hanging, connectTimeoutMs: 150, totalTimeoutMs: 5_000 }).fetch(partner('http://stuck.test/feed'), {}),
      );
      expect(error.kind).toBe('timeout');
      expect(error.message).toBe('partner "kontan": could not connect within 150 ms to http://stuck.test/feed');
      expect(performance.now() - started).toBeLessThan(150 + 700);
    });
  });

  describe('size limit', () => {
    it('aborts a body that never ends once it passes maxBytes, within bounded time', async () => {
      server.on('/endless', behave.endless());
      const started = performance.now();
      const error = await failure(fetcher({ maxBytes: 512 * 1024 }).fetch(partner(server.url('/endless')), {}));
      expect(error.kind).toBe('too-large');
      expect(error.message).toBe(`partner "kontan": body larger than 524288 bytes from ${server.url('/endless')}`);
      expect(performance.now() - started).toBeLessThan(1_500);
    });

    it('refuses a declared Content-Length over the limit before reading the body', async () => {
      server.on('/big', behave.feed(Buffer.alloc(4096, 'x')));
      const error = await failure(fetcher({ maxBytes: 1024 }).fetch(partner(server.url('/big')), {}));
      expect(error.kind).toBe('too-large');
    });

    it('counts decoded bytes, so a small gzip bomb is still stopped', async () => {
      const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0));
      expect(bomb.length).toBeLessThan(64 * 1024);
      server.on('/bomb', behave.feed(bomb, { 'content-encoding': 'gzip' }));
      const error = await failure(fetcher({ maxBytes: 256 * 1024 }).fetch(partner(server.url('/bomb')), {}));
      expect(error.kind).toBe('too-large');
    });

    it('accepts a body of exactly maxBytes', async () => {
      server.on('/exact', behave.feed(Buffer.alloc(1024, 'y')));
      const result = await fetcher({ maxBytes: 1024 }).fetch(partner(server.url('/exact')), {});
      expect(result.status === 'ok' && result.body.length).toBe(1024);
    });
  });

  describe('redirects', () => {
    it('follows a redirect and reports the final URL as the base for relative links', async () => {
      server.on('/moved', behave.redirect('/moved-here', 301));
      server.on('/moved-here', behave.feed(sampleRss()));
      const result = await fetcher().fetch(partner(server.url('/moved')), {});
      expect(result).toMatchObject({ status: 'ok', url: server.url('/moved-here') });
    });

    it('says where permanent redirects lead, up to the first temporary one, and nothing for temporary ones', async () => {
      server.on('/perm-a', behave.redirect('/perm-b', 301));
      server.on('/perm-b', behave.redirect('/perm-c', 308));
      server.on('/perm-c', behave.redirect('/perm-today', 302));
      server.on('/perm-today', behave.feed(sampleRss()));
      const permanent = await fetcher().fetch(partner(server.url('/perm-a')), {});
      expect(permanent).toMatchObject({ status: 'ok', url: server.url('/perm-today'), movedPermanently: { status: 308, to: server.url('/perm-c') } });
      server.on('/temp-a', behave.redirect('/perm-b', 302));
      const temporary = await fetcher().fetch(partner(server.url('/temp-a')), {});
      expect(temporary.status === 'ok' && temporary.movedPermanently).toBeUndefined();
    });

    it('follows exactly five redirects', async () => {
      for (let i = 0; i < 5; i++) server.on(`/five-${i}`, behave.redirect(`/five-${i + 1}`));
      server.on('/five-5', behave.feed(sampleRss()));
      const result = await fetcher().fetch(partner(server.url('/five-0')), {});
      expect(result).toMatchObject({ status: 'ok', url: server.url('/five-5') });
    });

    it('gives up after the sixth redirect', async () => {
      for (let i = 0; i < 6; i++) server.on(`/six-${i}`, behave.redirect(`/six-${i + 1}`));
      server.on('/six-6', behave.feed(sampleRss()));
      const error = await failure(fetcher().fetch(partner(server.url('/six-0')), {}));
      expect(error.kind).toBe('redirects');
      expect(error.message).toBe(`partner "kontan": more than 5 redirects from ${server.url('/six-0')}`);
      expect(server.requests.some((r) => r.path === '/six-6')).toBe(false);
    });

    it('stops a redirect loop at the first repeat', async () => {
      server.on('/loop-a', behave.redirect('/loop-b'));
      server.on('/loop-b', behave.redirect('/loop-a'));
      const before = server.requests.length;
      const error = await failure(fetcher().fetch(partner(server.url('/loop-a')), {}));
      expect(error.kind).toBe('redirects');
      expect(error.message).toMatch(/redirect loop/);
      expect(server.requests.length - before).toBe(2);
    });

    it('refuses a redirect to a scheme other than http and https', async () => {
      server.on('/to-file', behave.redirect('file:///etc/passwd'));
      const error = await failure(fetcher().fetch(partner(server.url('/to-file')), {}));
      expect(error.kind).toBe('protocol');
    });
  });

  describe('address safety (SSRF)', () => {
    it('refuses a redirect to the cloud metadata address, even for a local partner, without connecting', async () => {
      server.on('/to-metadata', behave.redirect('http://169.254.169.254/latest/meta-data/iam/'));
      const dns = fakeDns({});
      const started = performance.now();
      const error = await failure(fetcher({ lookup: dns }).fetch(partner(server.url('/to-metadata')), {}));
      expect(error.kind).toBe('refused-address');
      expect(error.message).toBe(
        `partner "kontan": refused redirect target http://169.254.169.254/latest/meta-data/iam/: 169.254.169.254 is metadata`,
      );
      // Refused before any socket: no DNS question, and far quicker than any connect attempt.
      expect(dns.asked).toEqual([]);
      expect(performance.now() - started).toBeLessThan(500);
    });

    it('refuses a redirect to a host name that resolves to the metadata address', async () => {
      server.on('/to-metadata-name', behave.redirect('http://metadata.test/latest/'));
      const dns = fakeDns({ 'metadata.test': ['169.254.169.254'] });
      const error = await failure(fetcher({ lookup: dns }).fetch(partner(server.url('/to-metadata-name')), {}));
      expect(error.kind).toBe('refused-address');
      expect(error.message).toContain('169.254.169.254 is metadata');
      expect(dns.asked).toEqual(['metadata.test']);
    });

    it('refuses a non-local partner whose URL is a loopback address, with no connection made', async () => {
      server.on('/internal', behave.feed(sampleRss()));
      const before = server.connections();
      const error = await failure(fetcher().fetch(partner(server.url('/internal'), { local: false }), {}));
      expect(error.kind).toBe('refused-address');
      expect(error.message).toBe(`partner "kontan": refused feed URL ${server.url('/internal')}: 127.0.0.1 is loopback`);
      expect(server.connections()).toBe(before);
    });

    it('refuses a non-local partner whose host name resolves to loopback, with no connection made', async () => {
      server.on('/internal', behave.feed(sampleRss()));
      const dns = fakeDns({ 'wire.partner.test': ['127.0.0.1'] });
      const before = server.connections();
      const error = await failure(
        fetcher({ lookup: dns }).fetch(partner(`http://wire.partner.test:${server.port}/internal`, { local: false }), {}),
      );
      expect(error.kind).toBe('refused-address');
      expect(error.message).toContain('127.0.0.1 is loopback');
      expect(server.connections()).toBe(before);
    });

    it('refuses a host name when any of its addresses is private, so DNS cannot mix one in', async () => {
      const dns = fakeDns({ 'mixed.test': ['93.184.216.34', '10.0.0.7'] });
      const error = await failure(fetcher({ lookup: dns }).fetch(partner('http://mixed.test/feed', { local: false }), {}));
      expect(error.kind).toBe('refused-address');
      expect(error.message).toContain('10.0.0.7 is private');
    });

    it('refuses IPv4-mapped IPv6 literals that reach loopback', async () => {
      const error = await failure(fetcher().fetch(partner('http://[::ffff:127.0.0.1]:9/feed', { local: false }), {}));
      expect(error.kind).toBe('refused-address');
    });

    it('connects a local partner to the very address its name was checked against', async () => {
      server.on('/local-ok', behave.feed(sampleRss()));
      // "sample.partner.test" exists only in the fake DNS: success proves the socket used the checked address.
      const dns = fakeDns({ 'sample.partner.test': ['127.0.0.1'] });
      const result = await fetcher({ lookup: dns }).fetch(partner(`http://sample.partner.test:${server.port}/local-ok`), {});
      expect(result.status).toBe('ok');
      expect(dns.asked).toEqual(['sample.partner.test']);
      expect(lastRequest('/local-ok').headers.host).toBe(`sample.partner.test:${server.port}`);
    });

    it('refuses a feed URL that is not http or https', async () => {
      const p = { ...partner(server.url('/x')), feedUrl: 'ftp://127.0.0.1/feed.xml' };
      const error = await failure(fetcher().fetch(p, {}));
      expect(error.kind).toBe('protocol');
      expect(error.message).toBe('partner "kontan": only http and https are fetched, not ftp: (feed URL ftp://127.0.0.1/feed.xml)');
    });
  });

  describe('authentication', () => {
    it('sends a header secret resolved by name', async () => {
      server.on('/auth-header', behave.feed(sampleRss()));
      const p = partner(server.url('/auth-header'), { auth: { type: 'header', header: 'X-Api-Key', secret: 'kontan-key' } });
      await fetcher().fetch(p, {});
      expect(lastRequest('/auth-header').headers['x-api-key']).toBe('s3cr3t-value');
    });

    it('sends basic credentials', async () => {
      server.on('/auth-basic', behave.feed(sampleRss()));
      const p = partner(server.url('/auth-basic'), { auth: { type: 'basic', username: 'wire', secret: 'kontan-key' } });
      await fetcher().fetch(p, {});
      const expected = `Basic ${Buffer.from('wire:s3cr3t-value').toString('base64')}`;
      expect(lastRequest('/auth-basic').headers.authorization).toBe(expected);
    });

    it('adds a query key to the URL, and never shows it in an error message', async () => {
      server.on('/auth-query', behave.status(503, { 'retry-after': '60' }));
      const p = partner(server.url('/auth-query?format=rss'), { auth: { type: 'query', param: 'key', secret: 'kontan-key' } });
      const error = await failure(fetcher().fetch(p, {}));
      expect(lastRequest('/auth-query').path).toBe('/auth-query?format=rss&key=s3cr3t-value');
      expect(error.message).toBe(`partner "kontan": HTTP 503 from ${server.url('/auth-query?format=rss&key=***')} (retry after 60 s)`);
      expect(error.message).not.toContain('s3cr3t');
    });

    it('hands back the final URL without the query key, since callers store it', async () => {
      server.on('/auth-query-ok', behave.feed(sampleRss()));
      const p = partner(server.url('/auth-query-ok?format=rss'), { auth: { type: 'query', param: 'key', secret: 'kontan-key' } });
      const result = await fetcher().fetch(p, {});
      expect(lastRequest('/auth-query-ok').path).toBe('/auth-query-ok?format=rss&key=s3cr3t-value');
      expect(result.url).toBe(server.url('/auth-query-ok?format=rss'));
    });

    it('masks the secret even when a server echoes it into a redirect target', async () => {
      server.on('/echo', (req, res) => {
        const key = new URL(req.url!, 'http://x').searchParams.get('key');
        res.writeHead(302, { location: `http://169.254.169.254/steal/${key}` });
        res.end();
      });
      const p = partner(server.url('/echo'), { auth: { type: 'query', param: 'key', secret: 'kontan-key' } });
      const error = await failure(fetcher().fetch(p, {}));
      // Another origin in a URL that carries the key: refused before any lookup, and the target is not echoed.
      expect(error.kind).toBe('redirects');
      expect(error.message).not.toContain('s3cr3t');
      expect(error.message).not.toContain('/steal');
    });

    it('does not forward credentials to another host a redirect points to', async () => {
      server.on('/auth-away', behave.redirect(`http://elsewhere.test:${server.port}/auth-landing`));
      server.on('/auth-landing', behave.feed(sampleRss()));
      const dns = fakeDns({ 'elsewhere.test': ['127.0.0.1'] });
      const p = partner(server.url('/auth-away'), { auth: { type: 'header', header: 'X-Api-Key', secret: 'kontan-key' } });
      await fetcher({ lookup: dns }).fetch(p, {});
      expect(lastRequest('/auth-away').headers['x-api-key']).toBe('s3cr3t-value');
      expect(lastRequest('/auth-landing').headers['x-api-key']).toBeUndefined();
    });

    it('names the partner and the secret, not its value, when the secret cannot be resolved', async () => {
      const p = partner(server.url('/x'), { auth: { type: 'header', header: 'X-Api-Key', secret: 'missing-key' } });
      const error = await fetcher()
        .fetch(p, {})
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe('partner "kontan": secret "missing-key" is not set');
    });
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  it.each([
    ['a delay in seconds', '120', 120],
    ['an HTTP date in the future', 'Tue, 24 Nov 2026 12:01:30 GMT', 90],
    ['an HTTP date in the past, as zero', 'Tue, 24 Nov 2026 11:00:00 GMT', 0],
    ['garbage, as absent', 'soon', undefined],
    ['fractional seconds, rounded up (not a date in 2001)', '1.5', 2],
    ['a bare number with a sign, as absent', '-30', undefined],
    ['an absent header, as absent', undefined, undefined],
  ])('reads %s', (_name, value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
