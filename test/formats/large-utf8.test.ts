import { describe, expect, it, vi } from 'vitest';
import { createRandom } from '../../bench/generate.js';

// Counts the ICU conversions decodeBytes asks for; each still runs for real.
const icu = vi.hoisted(() => ({ calls: 0, missing: false }));
vi.mock('node:buffer', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:buffer')>();
  return {
    ...real,
    transcode: (...args: Parameters<typeof real.transcode>) => {
      icu.calls++;
      if (icu.missing) throw Object.assign(new Error('Node.js is not compiled with ICU'), { code: 'ERR_NO_ICU' });
      return real.transcode(...args);
    },
  };
});

const { decodeBytes } = await import('../../shared/formats/encoding.js');

const MB = 1 << 20;
const feedOf = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${body}</title></channel></rss>`;
const repeatTo = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)));

/** Random code points from every plane news copy uses (ASCII, Latin-1, Cyrillic, CJK, hangul, emoji), no controls. */
function randomText(seed: number, chars: number): string {
  const random = createRandom(seed);
  const ranges: Array<[number, number]> = [[0x20, 0x7e], [0xa0, 0xff], [0x100, 0x17f], [0x400, 0x4ff], [0x2000, 0x206f], [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0x1f300, 0x1faff]];
  let out = '';
  for (let i = 0; i < chars; i++) {
    const [lo, hi] = ranges[Math.floor(random() * ranges.length)]!;
    const cp = lo + Math.floor(random() * (hi - lo + 1));
    out += cp === 0x3c || cp === 0x26 ? 'x' : String.fromCodePoint(cp);
  }
  return out;
}

function decodedBoth(text: string): { ours: string; reference: string; icuCalls: number } {
  const bytes = new Uint8Array(Buffer.from(feedOf(text), 'utf8'));
  icu.calls = 0;
  const ours = decodeBytes(bytes).text;
  return { ours, reference: new TextDecoder('utf-8').decode(bytes), icuCalls: icu.calls };
}

describe('a large UTF-8 body', () => {
  it('whose text is two-byte is converted by ICU, to the very code units of the WHATWG decoder', () => {
    const { ours, reference, icuCalls } = decodedBoth(repeatTo('Harga minyak naik 3% – “kata analis” ’26 ', 1.5 * MB));
    expect(icuCalls).toBe(1);
    expect(ours).toBe(reference);
  });

  it.each([1, 2, 3])('of random characters from every plane (seed %i) reads the same either way', (seed) => {
    const { ours, reference, icuCalls } = decodedBoth(randomText(seed, 450_000));
    expect(Buffer.byteLength(reference)).toBeGreaterThan(MB);
    expect(icuCalls).toBe(1);
    expect(ours).toBe(reference);
  });

  it('whose text stays within Latin-1 keeps Node’s decoder (its string stays one-byte)', () => {
    const { ours, reference, icuCalls } = decodedBoth(repeatTo('Café crème à la française, été ', 1.5 * MB));
    expect(icuCalls).toBe(0);
    expect(ours).toBe(reference);
  });

  it('under a megabyte keeps Node’s decoder, quicker at that size', () => {
    const { ours, reference, icuCalls } = decodedBoth(repeatTo('Harga minyak naik – “kata analis” ', 200_000));
    expect(icuCalls).toBe(0);
    expect(ours).toBe(reference);
  });

  it('is read by Node\'s own decoder, the same text, on a Node built without ICU', () => {
    icu.missing = true;
    try {
      const { ours, reference, icuCalls } = decodedBoth(repeatTo('Harga minyak naik 3% – “kata analis” ', 1.5 * MB));
      expect(icuCalls).toBe(1);
      expect(ours).toBe(reference);
    } finally {
      icu.missing = false;
    }
  });

  it('that is not valid UTF-8 is never given to ICU, whose replacements differ', () => {
    const valid = Buffer.from(feedOf(repeatTo('Harga – “kata” ', 1.5 * MB)), 'utf8');
    const broken = new Uint8Array(valid);
    broken[500] = 0xff;
    icu.calls = 0;
    decodeBytes(broken);
    expect(icu.calls).toBe(0);
  });
});
