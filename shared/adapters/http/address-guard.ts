import { isIP } from 'node:net';

/**
 * Which IP addresses wirefeed may connect to when fetching a partner feed (SSRF guard).
 *
 * A partner URL, or a redirect it sends us to, must not reach the machine wirefeed runs on, its private network
 * or the cloud metadata service. Local partners (the local stack's sample servers) may use loopback and private
 * addresses, but never link-local (169.254.169.254 is the metadata service on every cloud), unspecified,
 * multicast or reserved ones: no sample partner lives there.
 */

/** Why an address is refused; `undefined` means it is a public unicast address. */
export type AddressClass =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'invalid';

/** Address classes a partner marked `local` may still connect to. */
const ALLOWED_FOR_LOCAL: ReadonlySet<AddressClass> = new Set(['loopback', 'private']);

type V4Range = readonly [base: number, prefix: number, cls: AddressClass];

const V4_RANGES: readonly V4Range[] = [
  [v4('0.0.0.0'), 8, 'unspecified'], // "this network": 0.0.0.0 reaches localhost on Linux
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'private'], // carrier-grade NAT, private in practice
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link-local'], // includes 169.254.169.254, the cloud metadata service
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'reserved'], // IETF protocol assignments (192.0.0.192 is Oracle Cloud metadata)
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'reserved'], // benchmarking, routed inside some clouds
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('240.0.0.0'), 4, 'reserved'], // includes the broadcast address 255.255.255.255
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

function classifyV6(g: number[]): AddressClass | undefined {
  const embeddedV4 = (hi: number, lo: number) => hi * 65536 + lo;
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (g.every((x) => x === 0)) return 'unspecified';
  if (zeros(7) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d) and the deprecated IPv4-compatible (::a.b.c.d) forms reach the IPv4 address.
  if (zeros(5) && g[5] === 0xffff) return classifyV4(embeddedV4(g[6]!, g[7]!));
  if (zeros(6)) return classifyV4(embeddedV4(g[6]!, g[7]!));
  // NAT64 (64:ff9b::/96) translates to the embedded IPv4 address.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return classifyV4(embeddedV4(g[6]!, g[7]!));
  }
  // 6to4 (2002::/16) carries the IPv4 address in the next 32 bits.
  if (g[0] === 0x2002) return classifyV4(embeddedV4(g[1]!, g[2]!));
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((first & 0xffc0) === 0xfec0) return 'private'; // fec0::/10 deprecated site-local
  if ((first & 0xff00) === 0xff00) return 'multicast'; // ff00::/8
  if (first === 0x2001 && g[1] === 0x0db8) return 'reserved'; // documentation
  return undefined;
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

/** Returns why wirefeed must not connect to this address for this partner, or undefined when it may. */
export function refusalReason(address: string, partner: { local: boolean }): AddressClass | undefined {
  const cls = classifyAddress(address);
  if (cls === undefined) return undefined;
  if (partner.local && ALLOWED_FOR_LOCAL.has(cls)) return undefined;
  return cls;
}
