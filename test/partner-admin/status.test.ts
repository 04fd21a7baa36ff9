import { describe, expect, it } from 'vitest';
import { partnerStatus, publicStateReader, publicStatus, redactError } from '../../shared/partner-admin/status.js';
import { partnerSchema } from '../../shared/model/partner.js';

const partner = partnerSchema.parse({
  id: 'kontan',
  name: 'KONTAN',
  feedUrl: 'https://partners.kontan.example/rss.xml?edition=int',
  auth: { type: 'query', param: 'key', secret: 'wirefeed/kontan-key' },
});

describe('partnerStatus', () => {
  it('shows a failing partner with its error, since when, and the next try', () => {
    const status = partnerStatus(partner, {
      partnerId: 'kontan',
      consecutiveFailures: 2,
      circuit: 'closed',
      lastError: 'partner "kontan": HTTP 500',
      failingSince: '2026-12-01T10:00:00.000Z',
      nextPollAt: '2026-12-01T10:10:00.000Z',
    });
    expect(status).toMatchObject({ health: 'failing', lastError: 'partner "kontan": HTTP 500', failingSince: '2026-12-01T10:00:00.000Z', nextPollAt: '2026-12-01T10:10:00.000Z' });
  });

  it.each([
    ['never polled', undefined, 'new'],
    ['healthy', { partnerId: 'kontan', consecutiveFailures: 0, circuit: 'closed' as const, lastSuccessAt: '2026-12-01T10:00:00Z' }, 'ok'],
  ])('calls a partner %s "%s"', (_case, state, health) => {
    expect(partnerStatus(partner, state).health).toBe(health);
  });

  it('calls a disabled partner disabled and gives it no next poll', () => {
    const status = partnerStatus({ ...partner, enabled: false }, { partnerId: 'kontan', consecutiveFailures: 0, circuit: 'closed', nextPollAt: '2026-12-01T10:00:00Z' });
    expect(status.health).toBe('disabled');
    expect(status.nextPollAt).toBeUndefined();
  });
});

describe('redactError (what /partners may publish)', () => {
  it.each([
    ['the partner URL keeps its path but loses its query', 'GET https://partners.kontan.example/rss.xml?key=s3cr3t: HTTP 500', 'GET https://partners.kontan.example/rss.xml: HTTP 500'],
    ['a redirect target on another host', 'redirected to http://10.0.0.8/admin, refused', 'redirected to [other address], refused'],
    ['a private address', 'address 192.168.1.20 is private', 'address [address] is private'],
    ['an IPv6 address', 'connect to [fd00::1]:443 refused', 'connect to [address]:443 refused'],
    ['a resolver error', 'getaddrinfo ENOTFOUND feeds.corp-internal', 'getaddrinfo ENOTFOUND [address]'],
    ['an AWS endpoint', 'could not reach dynamodb.eu-west-1.amazonaws.com', 'could not reach [internal host]'],
    ['an ARN', 'AccessDenied on arn:aws:s3:::wirefeed-raw-123/raw/x', 'AccessDenied on [aws resource]'],
    ['a secret name and its variable', 'secret "wirefeed/kontan-key" is not set: define WIREFEED_SECRET_WIREFEED_KONTAN_KEY', 'secret "[secret]" is not set: define [secret]'],
    ['a clock time', 'Retry-After 12:30:45 ignored', 'Retry-After 12:30:45 ignored'],
  ])('takes out %s', (_case, message, expected) => {
    expect(redactError(message, partner)).toBe(expected);
  });

  it('publishes the feed address without its query string', () => {
    expect(publicStatus(partner, undefined).feed).toBe('https://partners.kontan.example/rss.xml');
  });
});

describe('publicStateReader (the partner states the publisher is given)', () => {
  it('hands out every last error already redacted against its partner, and other fields as stored', async () => {
    const stored = { partnerId: 'kontan', consecutiveFailures: 2, circuit: 'closed' as const, lastError: 'redirect to http://10.0.0.8/x refused; GET https://partners.kontan.example/rss.xml?key=s3cr3t' };
    const reader = publicStateReader({ get: async () => stored }, { get: async () => partner });
    expect(await reader.get('kontan')).toEqual({ ...stored, lastError: 'redirect to [other address] refused; GET https://partners.kontan.example/rss.xml' });
  });

  it('treats no address as the partner\'s own when the partner is gone', async () => {
    const stored = { partnerId: 'gone', consecutiveFailures: 1, circuit: 'closed' as const, lastError: 'HTTP 500 from https://gone.example/feed' };
    const reader = publicStateReader({ get: async () => stored }, { get: async () => undefined });
    expect((await reader.get('gone'))?.lastError).toBe('HTTP 500 from [other address]');
  });
});
