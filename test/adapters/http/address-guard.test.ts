import { describe, expect, it } from 'vitest';
import { classifyAddress, refusalReason } from '../../../shared/adapters/http/address-guard.js';

describe('classifyAddress', () => {
  it.each([
    ['IPv4 loopback', '127.0.0.1', 'loopback'],
    ['the far end of 127/8', '127.255.255.254', 'loopback'],
    ['the cloud metadata address', '169.254.169.254', 'metadata'],
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
    ['IPv4-mapped metadata, in hex', '::ffff:a9fe:a9fe', 'metadata'],
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
    ['NAT64 (64:ff9b::/96) of a public address, as DNS64 gives an IPv6-only Lambda', '64:ff9b::5db8:d822'],
    ['the address just past TEST-NET-1', '192.0.3.1'],
    ['the address just before TEST-NET-3', '203.0.112.255'],
    ['AS112 (globally reachable in the IANA registry)', '192.31.196.1'],
    ['the first global unicast address past 2001::/23', '2001:200::1'],
  ])('lets %s through', (_name, address) => {
    expect(classifyAddress(address)).toBeUndefined();
  });
});

/** One row per block of the IANA special-purpose registries that is not globally reachable, and the cloud metadata addresses. */
describe('classifyAddress against the IANA special-purpose registries', () => {
  it.each([
    // IPv4 (iana-ipv4-special-registry)
    ['0.0.0.0/8 "this network"', '0.1.2.3', 'unspecified'],
    ['10.0.0.0/8 private-use', '10.255.255.255', 'private'],
    ['100.64.0.0/10 shared address space', '100.127.255.254', 'private'],
    ['127.0.0.0/8 loopback', '127.1.2.3', 'loopback'],
    ['169.254.0.0/16 link-local', '169.254.255.1', 'link-local'],
    ['172.16.0.0/12 private-use', '172.20.1.1', 'private'],
    ['192.0.0.0/24 IETF protocol assignments', '192.0.0.8', 'reserved'],
    ['192.0.2.0/24 documentation (TEST-NET-1)', '192.0.2.10', 'documentation'],
    ['192.88.99.0/24 deprecated 6to4 relay anycast', '192.88.99.1', 'reserved'],
    ['192.168.0.0/16 private-use', '192.168.255.255', 'private'],
    ['198.18.0.0/15 benchmarking', '198.19.255.255', 'reserved'],
    ['198.51.100.0/24 documentation (TEST-NET-2)', '198.51.100.7', 'documentation'],
    ['203.0.113.0/24 documentation (TEST-NET-3)', '203.0.113.200', 'documentation'],
    ['224.0.0.0/4 multicast', '239.255.255.250', 'multicast'],
    ['240.0.0.0/4 reserved', '240.0.0.1', 'reserved'],
    ['255.255.255.255/32 limited broadcast', '255.255.255.255', 'reserved'],
    // IPv6 (iana-ipv6-special-registry)
    ['::1/128 loopback', '0:0:0:0:0:0:0:1', 'loopback'],
    ['::/128 unspecified', '0::0', 'unspecified'],
    ['::ffff:0:0/96 IPv4-mapped, embedding TEST-NET-2', '::ffff:198.51.100.1', 'documentation'],
    ['::ffff:0:0/96 IPv4-mapped, embedding loopback in hex', '::ffff:7f00:1', 'loopback'],
    ['::ffff:0:0:0/96 IPv4-translated, embedding loopback', '::ffff:0:127.0.0.1', 'loopback'],
    ['::/96 IPv4-compatible (deprecated), embedding a public address', '::93.184.216.34', 'reserved'],
    ['64:ff9b::/96 NAT64, embedding the metadata address', '64:ff9b::169.254.169.254', 'metadata'],
    ['64:ff9b:1::/48 NAT64 local-use', '64:ff9b:1::5db8:d822', 'reserved'],
    ['100::/64 discard-only', '100::1', 'reserved'],
    ['2001::/32 Teredo, embedding a private client', '2001:0:4136:e378:8000:63bf:f5ff:fffe', 'reserved'],
    ['2001::/32 Teredo, any', '2001::1', 'reserved'],
    ['2001:2::/48 benchmarking', '2001:2::1', 'reserved'],
    ['2001:10::/28 ORCHID', '2001:10::1', 'reserved'],
    ['2001:db8::/32 documentation', '2001:db8::1', 'documentation'],
    ['2002::/16 6to4, embedding a private address', '2002:c0a8:101::1', 'private'],
    ['2002::/16 6to4, embedding a public address (deprecated, refused outright)', '2002:5db8:d822::1', 'reserved'],
    ['3fff::/20 documentation', '3fff:fff::1', 'documentation'],
    ['5f00::/16 SRv6 SIDs', '5f00::1', 'reserved'],
    ['fc00::/7 unique local', 'fc00::1', 'private'],
    ['fe80::/10 link-local', 'febf::1', 'link-local'],
    ['an unassigned block outside 2000::/3', '4000::1', 'reserved'],
    // Cloud metadata services: never reachable, whatever the partner
    ['AWS IPv6 instance metadata', 'fd00:ec2::254', 'metadata'],
    ['AWS IPv6 DNS resolver', 'fd00:ec2::253', 'metadata'],
    ['Alibaba Cloud metadata', '100.100.100.200', 'metadata'],
    ['Oracle Cloud metadata', '192.0.0.192', 'metadata'],
    ['ECS task metadata', '169.254.170.2', 'metadata'],
    ['Azure WireServer', '168.63.129.16', 'metadata'],
    ['IPv4-mapped Alibaba metadata', '::ffff:100.100.100.200', 'metadata'],
  ])('refuses %s (%s) as %s', (_name, address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
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
    expect(refusalReason('169.254.169.254', { local: true })).toBe('metadata');
    expect(refusalReason('224.0.0.1', { local: true })).toBe('multicast');
    expect(refusalReason('0.0.0.0', { local: true })).toBe('unspecified');
  });

  it.each([
    ['AWS IPv6 metadata, inside the unique-local block local partners may use', 'fd00:ec2::254'],
    ['Alibaba metadata, inside the shared block local partners may use', '100.100.100.200'],
    ['the IPv4 metadata address', '169.254.169.254'],
    ['IPv4-mapped metadata', '::ffff:169.254.169.254'],
  ])('refuses %s even for a local partner', (_name, address) => {
    expect(refusalReason(address, { local: true })).toBe('metadata');
  });

  it('allows loopback, and only loopback, when a person asks for it', () => {
    expect(refusalReason('127.0.0.1', { local: false }, { allowLoopback: true })).toBeUndefined();
    expect(refusalReason('::1', { local: false }, { allowLoopback: true })).toBeUndefined();
    expect(refusalReason('10.0.0.1', { local: false }, { allowLoopback: true })).toBe('private');
    expect(refusalReason('169.254.169.254', { local: false }, { allowLoopback: true })).toBe('metadata');
  });
});
