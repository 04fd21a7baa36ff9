import { describe, expect, it } from 'vitest';
import type { PartnerState } from '../../shared/ports.js';
import { harness, NOW } from './harness.js';

const failing: PartnerState = {
  partnerId: 'kontan',
  consecutiveFailures: 3,
  circuit: 'closed',
  lastError: 'partner "kontan": GET https://kontan.example.com/feed.xml?key=s3cr3t: HTTP 500; redirect to http://10.1.2.3/x refused',
  failingSince: '2024-06-30T22:00:00.000Z',
  nextPollAt: '2024-07-01T00:20:00.000Z',
  lastSuccessAt: '2024-06-30T21:55:00.000Z',
};
const healthy: PartnerState = { partnerId: 'antara', consecutiveFailures: 0, circuit: 'closed', lastSuccessAt: '2024-06-30T23:59:00.000Z', nextPollAt: '2024-07-01T00:04:00.000Z' };

describe('publish: partner health', () => {
  it('lists every partner\'s status as JSON on /partners, with nothing unsafe in it', async () => {
    const h = harness([], {}, NOW, { states: [failing, healthy] });
    const response = await h.get('/partners');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const { partners } = JSON.parse(response.text) as { partners: Array<Record<string, unknown>> };
    expect(partners.map((p) => [p.id, p.health])).toEqual([
      ['antara', 'ok'],
      ['kontan', 'failing'],
      ['reuters', 'new'],
    ]);
    expect(partners[1]).toMatchObject({
      lastError: 'partner "kontan": GET https://kontan.example.com/feed.xml: HTTP 500; redirect to [other address] refused',
      failingSince: '2024-06-30T22:00:00.000Z',
      nextPollAt: '2024-07-01T00:20:00.000Z',
      consecutiveFailures: 3,
    });
    expect(response.text).not.toContain('s3cr3t');
    expect(response.text).not.toContain('10.1.2.3');
  });

  it('shows the same on /partners.html, as a page', async () => {
    const h = harness([], {}, NOW, { states: [failing] });
    const response = await h.get('/partners.html');
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toMatch(/<tr id="kontan">.*Failing \(3 failures, circuit closed\).*HTTP 500/s);
    expect(response.text).toContain('<time datetime="2024-06-30T22:00:00.000Z">2024-06-30 22:00 UTC</time>');
    expect(response.headers['content-security-policy']).toMatch(/style-src 'sha256-/);
    expect(response.text).not.toMatch(/<style>(?!:root)/);
  });

  it('puts a banner with the redacted last error, since when and the next try on a failing partner\'s feed page only', async () => {
    const h = harness([], {}, NOW, { states: [failing, healthy] });
    const page = (await h.get('/feeds/partners/kontan.html')).text;
    const banner = /<p class="banner" role="status">.*?<\/p>/s.exec(page)?.[0] ?? '';
    expect(banner).toContain('last error: partner &quot;kontan&quot;: GET https://kontan.example.com/feed.xml: HTTP 500; redirect to [other address] refused');
    expect(banner).toContain('failing since <time datetime="2024-06-30T22:00:00Z"');
    expect(banner).toContain('next try <time datetime="2024-07-01T00:20:00Z"');
    expect(page).not.toContain('s3cr3t');
    expect(page).not.toContain('10.1.2.3');
    expect((await h.get('/feeds/partners/antara.html')).text).not.toContain('class="banner"');
    expect((await h.get('/feeds/partners/kontan.rss')).text).not.toContain('banner');
  });

  it('answers /health with 200 and the failing count, never cached', async () => {
    const h = harness([], {}, NOW, { states: [failing] });
    const response = await h.get('/health');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(response.text)).toEqual({ status: 'ok', checkedAt: NOW.toISOString(), partners: 3, failing: 1 });
  });

  it('answers /health with 503 when the partner list cannot be read', async () => {
    const h = harness([], {}, NOW, { partners: async () => Promise.reject(new Error('table unreachable at dynamodb.eu-west-1.amazonaws.com')) });
    const response = await h.get('/health');
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.text)).toEqual({ status: 'unavailable' });
    expect(h.logs.join('\n')).toContain('table unreachable');
  });
});
