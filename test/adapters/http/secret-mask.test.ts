import { describe, expect, it } from 'vitest';
import { containsSecret, createSecretMask, MASK } from '../../../shared/adapters/http/secret-mask.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('createSecretMask', () => {
  it.each([
    ['a three-character secret, raw', 'K9z', 'GET /feeds/K9z/rss.xml'],
    ['a one-character secret', 'Q', '/x/Q/y'],
    ['a secret with a space, percent-encoded', 'open sesame', '/x/open%20sesame'],
    ['a secret with a space, form-encoded', 'open sesame', '?k=open+sesame'],
    ['a secret with reserved characters, percent-encoded in lower case', 'a/b+c', '/x/a%2fb%2bc'],
    ['a secret percent-encoded twice', 'a b', '/x/a%2520b'],
    ['a secret in base64', 's3cr3t-value', `/x/${b64('s3cr3t-value')}`],
    ['a secret in base64url without padding', 'ab?>', `/x/${Buffer.from('ab?>').toString('base64url')}`],
    ['a secret lower-cased in a host name', 'MiXeD', 'cannot resolve mixed.partner.test'],
  ])('masks %s', (_name, secret, text) => {
    const masked = createSecretMask([{ secret }])(text);
    expect(masked).toContain(MASK);
    expect(containsSecret(masked, secret)).toBe(false);
  });

  it.each([
    ['raw', (u: string, s: string) => `${u}:${s}`],
    ['base64, as an Authorization header carries it', (u: string, s: string) => b64(`${u}:${s}`)],
    ['"Basic " and base64, percent-encoded into a path', (u: string, s: string) => encodeURIComponent(`Basic ${b64(`${u}:${s}`)}`)],
    ['base64, form-encoded', (u: string, s: string) => new URLSearchParams({ a: b64(`${u}:${s}`) }).toString().slice(2)],
  ])('masks a Basic credential user:secret echoed %s', (_name, spell) => {
    const text = `HTTP 404 from /echo/${spell('wire', 'Bx7')}`;
    const masked = createSecretMask([{ secret: 'Bx7', username: 'wire' }])(text);
    expect(masked).not.toContain('Bx7');
    expect(masked).not.toContain(b64('wire:Bx7').slice(0, 8));
    expect(masked).toContain(MASK);
  });

  it('leaves text alone when there is no secret', () => {
    expect(createSecretMask([])('HTTP 503 from https://wire.example/feed')).toBe('HTTP 503 from https://wire.example/feed');
  });
});
