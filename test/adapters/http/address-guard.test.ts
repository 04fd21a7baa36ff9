import { describe, expect, it } from 'vitest';
import { classifyAddress, refusalReason } from '../../../shared/adapters/http/address-guard.js';

describe('classifyAddress', () => {
  it.each([
    ['IPv4 loopback', '127.0.0.1', 'loopback'],
    ['the far end of 127/8', '127.255.255.254', 'loopback'],
    ['the cloud metadata address', '169.254.169.254', 'link-local'],
    ['any IPv4 link-local address', '169.254.0.1', 'link-local'],
    ['10/8', '10.1.2.3', 'private'],
    ['the start of 172.16/12', '172.16.0.1', 'private'],
    ['the end of 172.16/12', '172.31.255.255', 'private'],
    ['192.168/16', '192.168.1.1', 'private'],
    ['carrier-grade NAT', '100.64.0.1', 'private'],
    ['0.0.0.0, which reaches localhost on Linux', '0.0.0.0', 'unspecified'],
    ['IPv4 multicast', '224.0.0.251', 'multicast'],
    ['the broadcast address', '255.255.255.255', 'reserved'],
    ['IPv6 loopback', '::1', 'loopback'],
    ['the IPv6 unspecified address', '::', 'unspecified'],
    ['IPv6 unique local (fc00::/7)', 'fd12:3456::1', 'private'],
    ['IPv6 link-local', 'fe80::1', 'link-local'],
    ['IPv6 link-local with a zone', 'fe80::1%eth0', 'link-local'],
    ['IPv6 multicast', 'ff02::1', 'multicast'],
    ['IPv4-mapped loopback, dotted', '::ffff:127.0.0.1', 'loopback'],
    ['IPv4-mapped metadata, in hex', '::ffff:a9fe:a9fe', 'link-local'],
    ['IPv4-mapped private, bracketed', '[::ffff:10.0.0.1]', 'private'],
    ['NAT64 of a private address', '64:ff9b::10.0.0.1', 'private'],
    ['6to4 of loopback', '2002:7f00:1::', 'loopback'],
    ['text that is not an address', 'example.com', 'invalid'],
  ])('classifies %s as %s', (_name, address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it.each([
    ['a public IPv4 address', '93.184.216.34'],
    ['the address just past 172.16/12', '172.32.0.1'],
    ['the address just before 169.254/16', '169.253.255.255'],
    ['a public IPv6 address', '2606:2800:220:1:248:1893:25c8:1946'],
    ['IPv4-mapped public address', '::ffff:93.184.216.34'],
  ])('lets %s through', (_name, address) => {
    expect(classifyAddress(address)).toBeUndefined();
  });
});

describe('refusalReason', () => {
  it('refuses loopback and private addresses for a partner on the internet', () => {
    expect(refusalReason('127.0.0.1', { local: false })).toBe('loopback');
    expect(refusalReason('192.168.0.10', { local: false })).toBe('private');
  });

  it('allows loopback and private addresses for a local partner', () => {
    expect(refusalReason('127.0.0.1', { local: true })).toBeUndefined();
    expect(refusalReason('172.18.0.5', { local: true })).toBeUndefined();
    expect(refusalReason('::1', { local: true })).toBeUndefined();
  });

  it('refuses the metadata address, multicast and unspecified even for a local partner', () => {
    expect(refusalReason('169.254.169.254', { local: true })).toBe('link-local');
    expect(refusalReason('224.0.0.1', { local: true })).toBe('multicast');
    expect(refusalReason('0.0.0.0', { local: true })).toBe('unspecified');
  });
});
