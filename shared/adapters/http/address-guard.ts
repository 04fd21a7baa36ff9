import { isIP } from 'node:net';

/**
 * Which IP addresses wirefeed may connect to when fetching a partner feed (SSRF guard).
 *
 * A partner URL, or a redirect it sends us to, must not reach the machine wirefeed runs on, its private network
 * or a cloud metadata service. The reference is IANA's special-purpose address registries (IPv4 and IPv6,
 * https://www.iana.org/assignments/iana-ipv4-special-registry and iana-ipv6-special-registry): every block that
 * is not globally reachable is refused, as are IPv6 transition prefixes whose embedded IPv4 address a relay would
 * reach on our behalf. Local partners (the local stack's sample servers) may use loopback and private addresses,
 * never metadata, link-local, unspecified, multicast, documentation or reserved ones: no sample partner lives there.
 */

/** Why an address is refused; `undefined` means it is a public unicast address. */
export type AddressClass =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'documentation'
  | 'reserved'
  | 'invalid';

/** Address classes a partner marked `local` may still connect to. */
const ALLOWED_FOR_LOCAL: ReadonlySet<AddressClass> = new Set(['loopback', 'private']);

type V4Range = readonly [base: number, prefix: number, cls: AddressClass];

/**
 * Checked first to last, so a metadata address inside a wider block is named as metadata. The blocks of the IANA
 * IPv4 special-purpose registry marked "globally reachable: false" (plus the deprecated 6to4 relay anycast block
 * and multicast, which lives in its own registry); the globally reachable ones (AS112, AMT) are ordinary hosts.
 */
const V4_RANGES: readonly V4Range[] = [
  [v4('169.254.169.254'), 32, 'metadata'], // AWS, GCP, Azure, OpenStack, DigitalOcean instance metadata
  [v4('169.254.170.2'), 32, 'metadata'], // ECS task metadata and credentials
  [v4('100.100.100.200'), 32, 'metadata'], // Alibaba Cloud metadata, inside 100.64/10
  [v4('192.0.0.192'), 32, 'metadata'], // Oracle Cloud metadata, inside 192.0.0.0/24
  [v4('168.63.129.16'), 32, 'metadata'], // Azure WireServer: a public-looking address only the host answers
  [v4('0.0.0.0'), 8, 'unspecified'], // "this network": 0.0.0.0 reaches localhost on Linux
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'private'], // shared address space (carrier-grade NAT), private in practice
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link-local'],
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'reserved'], // IETF protocol assignments (DS-Lite, NAT64 discovery, …)
  [v4('192.0.2.0'), 24, 'documentation'], // TEST-NET-1
  [v4('192.88.99.0'), 24, 'reserved'], // deprecated 6to4 relay anycast
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'reserved'], // benchmarking, routed inside some clouds
  [v4('198.51.100.0'), 24, 'documentation'], // TEST-NET-2
  [v4('203.0.113.0'), 24, 'documentation'], // TEST-NET-3
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('240.0.0.0'), 4, 'reserved'], // includes the limited broadcast address 255.255.255.255
];

function v4(text: string): number {
  return text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function classifyV4(value: number): AddressClass | undefined {
  for (const [base, prefix, cls] of V4_RANGES) {
    const size = 2 ** (32 - prefix);
    if (value >= base && value < base + size) return cls;
  }
  return undefined;
}

/** Parses an IPv6 address (with optional embedded IPv4 tail and zone) into eight 16-bit groups. */
function parseV6(text: string): number[] | undefined {
  let s = text.replace(/^\[|\]$/g, '');
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    // Rewrite a dotted IPv4 tail (::ffff:127.0.0.1) as two hex groups so one parser handles both spellings.
    if (isIP(tail) !== 4) return undefined;
    const n = v4(tail);
    s = `${s.slice(0, lastColon + 1)}${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const parseGroups = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  let groups: number[];
  if (s.includes('::')) {
    const [head, rest] = s.split('::') as [string, string];
    const h = parseGroups(head);
    const r = parseGroups(rest);
    if (h.length + r.length > 7) return undefined;
    groups = [...h, ...new Array<number>(8 - h.length - r.length).fill(0), ...r];
  } else {
    groups = parseGroups(s);
  }
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return undefined;
  return groups;
}

/**
 * IPv6: only global unicast (2000::/3) is public, minus the special-purpose blocks inside it. Outside it, the
 * two prefixes that stand for an IPv4 host (IPv4-mapped ::ffff:0:0/96, and the well-known NAT64 prefix
 * 64:ff9b::/96 that DNS64 hands to IPv6-only Lambdas) are judged by the embedded IPv4 address.
 */
function classifyV6(g: number[]): AddressClass | undefined {
  const embeddedV4 = (hi: number, lo: number) => hi * 65536 + lo;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const first = g[0]!;
  if (zeros(0, 8)) return 'unspecified';
  if (zeros(0, 7) && g[7] === 1) return 'loopback';
  if (zeros(0, 5) && g[5] === 0xffff) return classifyV4(embeddedV4(g[6]!, g[7]!));
  if (first === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return classifyV4(embeddedV4(g[6]!, g[7]!));
  // 0000::/8 holds the rest: IPv4-compatible (::/96), IPv4-translated (::ffff:0:0:0/96), and NAT64 local-use
  // 64:ff9b:1::/48, whose embedded address sits wherever the operator chose: none is a partner's feed server.
  if (first <= 0x00ff) return embeddedV4Class(g) ?? 'reserved';
  if (first >= 0x0100 && first <= 0x01ff) return 'reserved'; // 100::/64 discard-only, the rest of 0100::/8 reserved
  if (first === 0xfd00 && g[1] === 0x0ec2) return 'metadata'; // AWS Nitro services: fd00:ec2::254 metadata, ::253 DNS
  if ((first & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((first & 0xffc0) === 0xfec0) return 'private'; // fec0::/10 deprecated site-local
  if ((first & 0xff00) === 0xff00) return 'multicast'; // ff00::/8
  if ((first & 0xe000) !== 0x2000) return 'reserved'; // outside global unicast 2000::/3
  if (first === 0x2001 && g[1] === 0x0db8) return 'documentation'; // 2001:db8::/32
  if (first === 0x3fff && g[1]! <= 0x0fff) return 'documentation'; // 3fff::/20
  // 2001::/23 IETF protocol assignments: Teredo (2001::/32, which a relay turns into its embedded IPv4 client),
  // benchmarking, ORCHID. Refused outright: no partner serves feeds from a tunnel or test address.
  if (first === 0x2001 && g[1]! <= 0x01ff) return 'reserved';
  // 6to4 (2002::/16) is deprecated (RFC 7526) and reaches its embedded IPv4 address through a relay: refused
  // outright, named after the embedded address when that one is not public.
  if (first === 0x2002) return classifyV4(embeddedV4(g[1]!, g[2]!)) ?? 'reserved';
  if (first === 0x5f00) return 'reserved'; // SRv6 SIDs (5f00::/16)
  return undefined;
}

/** The class of the IPv4 address in the low 32 bits, when that one is refused: names the real target. */
function embeddedV4Class(g: number[]): AddressClass | undefined {
  return classifyV4(g[6]! * 65536 + g[7]!);
}

/** Classifies an IP address; `undefined` for a public unicast address, 'invalid' for text that is not an IP. */
export function classifyAddress(address: string): AddressClass | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare.split('%')[0]!);
  if (family === 4) return classifyV4(v4(bare));
  if (family === 6) {
    const groups = parseV6(bare);
    return groups ? classifyV6(groups) : 'invalid';
  }
  return 'invalid';
}

/**
 * Returns why wirefeed must not connect to this address for this partner, or undefined when it may.
 * `allowLoopback` is a person's explicit choice (`wirefeed parse --allow-loopback`): loopback only, nothing else.
 */
export function refusalReason(
  address: string,
  partner: { local: boolean },
  options: { allowLoopback?: boolean } = {},
): AddressClass | undefined {
  const cls = classifyAddress(address);
  if (cls === undefined) return undefined;
  if (partner.local && ALLOWED_FOR_LOCAL.has(cls)) return undefined;
  if (options.allowLoopback && cls === 'loopback') return undefined;
  return cls;
}
