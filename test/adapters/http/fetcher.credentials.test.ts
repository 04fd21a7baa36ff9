import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/errors.js';
import { fetchFailure as failure } from '../../support/fetch-failure.js';
import { HttpFeedFetcher, type HttpFeedFetcherOptions } from '../../../shared/adapters/http/fetcher.js';
import { partnerSchema, type Partner, type PartnerInput } from '../../../shared/model/partner.js';
import type { SecretResolver } from '../../../shared/ports.js';
import { containsSecret } from '../../../shared/adapters/http/secret-mask.js';
import { behave, sampleRss, startMisbehavingPartner, type MisbehavingPartner } from '../../support/misbehaving-partner.js';

/** Secrets of every shape: short ones are as secret as long ones. */
const SECRET_VALUES: Record<string, string> = { short: 'Kz3', long: 'wf-6c1f0e9a7b2d4c3e', spaced: 'open sesame/42' };
const SECRETS: SecretResolver = {
  resolve: async (name) => {
    const value = SECRET_VALUES[name];
    if (value === undefined) throw new ConfigError(`secret "${name}" is not set`);
    return value;
  },
};

let server: MisbehavingPartner;
beforeAll(async () => {
  server = await startMisbehavingPartner();
});
afterAll(async () => {
  await server.close();
});

function partner(input: Omit<PartnerInput, 'name'>): Partner {
  return partnerSchema.parse({ name: input.id, local: true, ...input });
}

function fetcher(options: Partial<HttpFeedFetcherOptions> = {}): HttpFeedFetcher {
  return new HttpFeedFetcher({
    allowLocalPartners: true,
    contactUrl: 'https://wirefeed.example/contact',
    connectTimeoutMs: 1_000,
    totalTimeoutMs: 2_000,
    maxBytes: 256 * 1024,
    secrets: SECRETS,
    lookup: async (hostname) => {
      if (hostname === 'wire.partner.test') return [{ address: '127.0.0.1', family: 4 }];
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    },
    ...options,
  });
}

describe('HttpFeedFetcher with a partner credential', () => {
  it('follows a query-key partner redirecting /q?key=K to /feeds/K/rss.xml but hands back only the configured feed URL', async () => {
    server.on('/q', (req, res) => {
      const key = new URL(req.url!, 'http://x').searchParams.get('key');
      res.writeHead(302, { location: `/feeds/${encodeURIComponent(key!)}/rss.xml` }).end();
    });
    server.on(`/feeds/${SECRET_VALUES.long}/rss.xml`, behave.feed(sampleRss()));
    const p = partner({ id: 'keyed', feedUrl: server.url('/q'), auth: { type: 'query', param: 'key', secret: 'long' } });
    const result = await fetcher().fetch(p, {});
    expect(result.status).toBe('ok');
    expect(server.requests.some((r) => r.path === `/feeds/${SECRET_VALUES.long}/rss.xml`)).toBe(true);
    expect(result.url).toBe(server.url('/q'));
  });

  it('hands back the configured feed URL when a header partner redirects into a path that echoes its secret', async () => {
    server.on('/h', (req, res) => {
      res.writeHead(302, { location: `/by-key/${encodeURIComponent(String(req.headers['x-api-key']))}/feed` }).end();
    });
    server.on(`/by-key/${encodeURIComponent(SECRET_VALUES.spaced!)}/feed`, behave.feed(sampleRss()));
    const p = partner({ id: 'headed', feedUrl: server.url('/h'), auth: { type: 'header', header: 'X-Api-Key', secret: 'spaced' } });
    const result = await fetcher().fetch(p, {});
    expect(result.status).toBe('ok');
    expect(result.url).toBe(server.url('/h'));
  });

  it('refuses a redirect that would carry the credential to another origin, without connecting to it', async () => {
    const other = await startMisbehavingPartner();
    try {
      server.on('/leak', (req, res) => {
        const key = new URL(req.url!, 'http://x').searchParams.get('key');
        res.writeHead(302, { location: `${other.origin}/collect?k=${key}` }).end();
      });
      const p = partner({ id: 'leaky', feedUrl: server.url('/leak'), auth: { type: 'query', param: 'key', secret: 'short' } });
      const error = await failure(fetcher().fetch(p, {}));
      expect(error.kind).toBe('redirects');
      expect(error.message).toMatch(/^partner "leaky": refused a redirect .* to another origin/);
      expect(containsSecret(error.message, SECRET_VALUES.short)).toBe(false);
      expect(other.connections()).toBe(0);
    } finally {
      await other.close();
    }
  });

  it.each([
    ['a short query key echoed into a path', { type: 'query', param: 'key', secret: 'short' }, (s: string) => `/x/${s}/y`],
    ['a query key echoed percent-encoded', { type: 'query', param: 'key', secret: 'spaced' }, (s: string) => `/x/${encodeURIComponent(s)}`],
    ['a query key echoed form-encoded', { type: 'query', param: 'key', secret: 'spaced' }, (s: string) => `/x?k=${new URLSearchParams({ k: s }).toString().slice(2)}`],
    ['a Basic credential echoed as its header', { type: 'basic', username: 'wire', secret: 'short' }, (s: string) => `/x/${encodeURIComponent(`Basic ${Buffer.from(`wire:${s}`).toString('base64')}`)}`],
    ['a header secret echoed in base64', { type: 'header', header: 'X-Api-Key', secret: 'long' }, (s: string) => `/x/${Buffer.from(s).toString('base64')}`],
  ] as const)('never shows %s in the error of the page it leads to', async (_name, auth, spell) => {
    const path = `/echo-${auth.type}-${auth.secret}`;
    const secret = SECRET_VALUES[auth.secret]!;
    server.on(path, behave.redirect(spell(secret)));
    const p = partner({ id: 'echoed', feedUrl: server.url(path), auth });
    const error = await failure(fetcher().fetch(p, {}));
    expect(error.message).toMatch(/^partner "echoed": HTTP 404 from http:\/\/127\.0\.0\.1:\d+\/…$/);
    expect(containsSecret(error.message, secret, auth.type === 'basic' ? auth.username : undefined)).toBe(false);
  });

  it('refuses a redirect to a host name that echoes the secret, and does not name that host', async () => {
    server.on('/to-host', behave.redirect(`http://${SECRET_VALUES.short}.partner.test/feed`));
    const p = partner({ id: 'hosted', feedUrl: server.url('/to-host'), auth: { type: 'header', header: 'X-Api-Key', secret: 'short' } });
    const error = await failure(fetcher().fetch(p, {}));
    expect(error.kind).toBe('redirects');
    expect(error.message.toLowerCase()).not.toContain(SECRET_VALUES.short!.toLowerCase());
  });
});

describe('HttpFeedFetcher and local partners', () => {
  it('refuses a partner marked local outside the local stack, before any connection', async () => {
    const before = server.connections();
    const p = partner({ id: 'sample', feedUrl: server.url('/feed') });
    const error = await failure(fetcher({ allowLocalPartners: false }).fetch(p, {}));
    expect(error.kind).toBe('refused-address');
    expect(error.message).toBe('partner "sample": marked local (loopback and private addresses allowed), which only the local stack fetches');
    expect(server.connections()).toBe(before);
  });

  it.each([
    ['the AWS IPv6 metadata address', 'http://[fd00:ec2::254]/latest/meta-data/'],
    ['the Alibaba metadata address', 'http://100.100.100.200/latest/meta-data/'],
    ['the IPv4 metadata address', 'http://169.254.169.254/latest/meta-data/'],
  ])('refuses %s even for a local partner in the local stack', async (_name, feedUrl) => {
    const p = partner({ id: 'sample', feedUrl });
    const error = await failure(fetcher().fetch(p, {}));
    expect(error.kind).toBe('refused-address');
    expect(error.message).toMatch(/is metadata$/);
  });

  it('refuses a documentation address (TEST-NET-3) that a name resolves to, for a partner on the internet', async () => {
    const p = partnerSchema.parse({ id: 'remote', name: 'Remote', feedUrl: 'http://wire.partner.test/feed' });
    const lookup = async () => [{ address: '203.0.113.9', family: 4 }];
    const error = await failure(fetcher({ lookup }).fetch(p, {}));
    expect(error.kind).toBe('refused-address');
    expect(error.message).toMatch(/203\.0\.113\.9 is documentation$/);
  });
});
