import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { FetchError } from '../../../shared/errors.js';
import { HttpFeedFetcher, type HttpFeedFetcherOptions } from '../../../shared/adapters/http/fetcher.js';
import { isDue, recordFailure, recordSuccess, startTrial } from '../../../shared/ingest/partner-health.js';
import { partnerSchema, type Partner } from '../../../shared/model/partner.js';
import type { PartnerState } from '../../../shared/ports.js';
import { behave, sampleRss, startMisbehavingPartner, TEST_TLS, type MisbehavingPartner } from '../../support/misbehaving-partner.js';

let server: MisbehavingPartner;
let tlsServer: MisbehavingPartner;

beforeAll(async () => {
  [server, tlsServer] = await Promise.all([startMisbehavingPartner(), startMisbehavingPartner({ tls: true })]);
});
afterAll(async () => {
  await Promise.all([server.close(), tlsServer.close()]);
});

function partner(id: string, feedUrl: string): Partner {
  return partnerSchema.parse({ id, name: id, feedUrl, local: true, pollIntervalSeconds: 300 });
}

function fetcher(options: Partial<HttpFeedFetcherOptions> = {}): HttpFeedFetcher {
  return new HttpFeedFetcher({
    // These partners are `local` (the test server is on 127.0.0.1), as in the local stack.
    allowLocalPartners: true,
    contactUrl: 'https://wirefeed.example/contact',
    connectTimeoutMs: 1_000,
    totalTimeoutMs: 300,
    maxBytes: 256 * 1024,
    lookup: async (hostname) => {
      if (hostname.endsWith('.partner.test')) return [{ address: '127.0.0.1', family: 4 }];
      throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    },
    ...options,
  });
}

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: FetchError; ms: number }> {
  const started = performance.now();
  try {
    return { value: await promise, ms: performance.now() - started };
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    return { error, ms: performance.now() - started };
  }
}

describe('partner server faults', () => {
  it('opens the circuit after five consecutive failures of any kind and closes it by itself once the partner recovers', async () => {
    server.on('/loop-a', behave.redirect('/loop-b'));
    server.on('/loop-b', behave.redirect('/loop-a'));
    server.on(
      '/flaky',
      behave.sequence(
        behave.status(500),
        behave.status(404),
        behave.status(429, { 'retry-after': '5400' }),
        behave.slowBody(20),
        behave.endless(),
        behave.redirect('http://169.254.169.254/latest/meta-data/'),
        behave.redirect('/loop-a'),
        behave.feed(sampleRss()),
      ),
    );
    const p = partner('flaky', server.url('/flaky'));
    const f = fetcher();
    let state: PartnerState | undefined;
    let now = new Date('2026-11-24T12:00:00Z');
    const log: Array<{ outcome: string; circuit: string; waitMinutes: number }> = [];

    for (let attempt = 0; attempt < 8; attempt++) {
      // The scheduler only ever asks isDue: nobody resets the circuit.
      if (state?.nextPollAt && !isDue(p, state, now)) now = new Date(state.nextPollAt);
      expect(isDue(p, state, now)).toBe(true);
      if (state) state = startTrial(state, now);
      const { value, error } = await settle(f.fetch(p, { etag: state?.etag }));
      state = value
        ? recordSuccess(p, state, { now, etag: value.status === 'ok' ? value.etag : undefined })
        : recordFailure(p, state, { now, error, retryAfterSeconds: error?.retryAfterSeconds, random: () => 0.5 });
      log.push({
        outcome: value ? value.status : error!.kind,
        circuit: state.circuit,
        waitMinutes: (Date.parse(state.nextPollAt!) - now.getTime()) / 60_000,
      });
    }

    expect(log.map((l) => l.outcome)).toEqual([
      'status', // 500
      'status', // 404
      'status', // 429
      'timeout', // slow body
      'too-large', // endless body
      'refused-address', // redirect to the metadata service
      'redirects', // redirect loop
      'ok', // recovered
    ]);
    expect(log.map((l) => l.circuit)).toEqual(['closed', 'closed', 'closed', 'closed', 'open', 'open', 'open', 'closed']);
    // Retry-After (90 min) is a floor over the backoff; the cool-down doubles while trials keep failing.
    expect(log[2]!.waitMinutes).toBe(90);
    expect(log[4]!.waitMinutes).toBe(22.5);
    expect(log[5]!.waitMinutes).toBe(45);
    expect(log[6]!.waitMinutes).toBe(90);
    expect(log[7]!.waitMinutes).toBe(5);
    expect(state).toMatchObject({ consecutiveFailures: 0, circuit: 'closed' });
  });

  it('does not delay a healthy partner fetched alongside a hung one (bounded time)', async () => {
    server.on('/hung', behave.silent());
    server.on('/healthy', behave.feed(sampleRss()));
    const f = fetcher({ totalTimeoutMs: 600 });
    const [hung, healthy] = await Promise.all([
      settle(f.fetch(partner('hung', server.url('/hung')), {})),
      settle(f.fetch(partner('healthy', server.url('/healthy')), {})),
    ]);
    expect(healthy.value?.status).toBe('ok');
    // The healthy fetch finishes long before the hung one's timeout: fetches share nothing that could queue.
    expect(healthy.ms).toBeLessThan(300);
    expect(hung.error?.kind).toBe('timeout');
    expect(hung.ms).toBeGreaterThanOrEqual(590);
    expect(hung.ms).toBeLessThan(600 + 700);
  });

  it('reports a refused connection as a network failure naming the error code', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const { error } = await settle(fetcher().fetch(partner('gone', `http://127.0.0.1:${closedPort}/feed`), {}));
    expect(error?.kind).toBe('network');
    expect(error?.message).toBe(`partner "gone": ECONNREFUSED fetching http://127.0.0.1:${closedPort}/feed`);
  });

  it('reports a host name that does not resolve as a network failure', async () => {
    const { error } = await settle(fetcher().fetch(partner('typo', 'http://no-such-host.invalid/feed'), {}));
    expect(error?.kind).toBe('network');
    expect(error?.message).toBe('partner "typo": cannot resolve no-such-host.invalid (ENOTFOUND) for http://no-such-host.invalid/feed');
  });

  describe('over HTTPS', () => {
    // A TLS handshake on a busy 2-core machine can take longer than the 300 ms the plain-HTTP cases allow; these
    // cases are about certificates, not time, so a timeout must not stand in for the outcome they check.
    const TLS_TIMEOUT_MS = 10_000;

    it('fetches from a host whose certificate it trusts, verified against the partner host name', async () => {
      tlsServer.on('/secure', behave.feed(sampleRss()));
      const url = `https://wire.partner.test:${tlsServer.port}/secure`;
      const result = await fetcher({ extraCaCertificates: [TEST_TLS.cert], totalTimeoutMs: TLS_TIMEOUT_MS }).fetch(partner('secure', url), {});
      expect(result).toMatchObject({ status: 'ok', url });
    });

    it('refuses a self-signed certificate it was not told to trust', async () => {
      tlsServer.on('/secure', behave.feed(sampleRss()));
      const { error } = await settle(fetcher({ totalTimeoutMs: TLS_TIMEOUT_MS }).fetch(partner('selfsigned', tlsServer.url('/secure')), {}));
      expect(error?.kind).toBe('network');
      expect(error?.message).toMatch(/^partner "selfsigned": DEPTH_ZERO_SELF_SIGNED_CERT fetching https:/);
    });

    it('refuses a certificate issued for another host name', async () => {
      tlsServer.on('/secure', behave.feed(sampleRss()));
      const url = `https://other.partner.test:${tlsServer.port}/secure`;
      const { error } = await settle(fetcher({ extraCaCertificates: [TEST_TLS.cert], totalTimeoutMs: TLS_TIMEOUT_MS }).fetch(partner('mismatch', url), {}));
      expect(error?.kind).toBe('network');
      expect(error?.message).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    });
  });
});
