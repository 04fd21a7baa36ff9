import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CODE_PAGE_ALIASES, SINGLE_BYTE_TABLES } from '../../shared/formats/code-pages.js';
import { decodeBytes, decodeCodePage, decodeUtf32 } from '../../shared/formats/encoding.js';

/** iconv-lite (a devDependency now) is the reference: the labels it read, it read like this. */
const reference = (label: string, bytes: Uint8Array, stripBOM = true) => iconv.decode(Buffer.from(bytes), label, { stripBOM });
const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);

describe('code pages TextDecoder lacks', () => {
  const singleByte = Object.entries(CODE_PAGE_ALIASES).filter(([, target]) => target in SINGLE_BYTE_TABLES);

  it('carries a single-byte table for each of iconv-lite\'s', () => {
    expect(singleByte.length).toBeGreaterThan(300);
    expect(Object.keys(SINGLE_BYTE_TABLES)).toEqual(expect.arrayContaining(['cp437', 'cp850', 'cp858', 'macroman', 'koi8ru', 'mik']));
  });

  it.each(singleByte)('decodes all 256 bytes of %s as iconv-lite did', (label) => {
    expect(decodeCodePage(label, everyByte)).toBe(reference(label, everyByte));
  });

  it.each([
    ['cp932', '日本の新聞、ニュース速報。①㈱'],
    ['windows-31j', '日本の新聞'],
    ['eucjp', '日本の新聞、ニュース速報。'],
    ['cp936', '中国新闻网：经济快讯'],
    ['gb2312', '中国新闻网：经济快讯'],
    ['cp949', '한국 뉴스 속보 경제'],
    ['euckr', '한국 뉴스 속보'],
    ['cp950', '中華民國新聞：經濟快訊'],
    ['big5hkscs', '中華民國新聞'],
  ])('decodes %s news text with the WHATWG decoder of its family as iconv-lite did', (label, text) => {
    const bytes = new Uint8Array(iconv.encode(text, label));
    expect(decodeCodePage(label, bytes)).toBe(reference(label, bytes));
    expect(decodeCodePage(label, bytes)).toBe(text);
  });

  it('reads a feed declared in an iconv-lite spelling TextDecoder lacks', () => {
    const head = '<?xml version="1.0" encoding="CP-850"?><rss><channel><title>';
    const body = new Uint8Array([...Buffer.from(head), 0x82, 0x81, 0xd5, ...Buffer.from('</title></channel></rss>')]);
    expect(decodeBytes(body).text).toContain('éüı');
    expect(decodeBytes(body).encoding).toBe('cp-850');
  });
});

describe('UTF-32', () => {
  const units = (cps: number[], le: boolean) =>
    new Uint8Array(cps.flatMap((c) => (le ? [c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24] : [c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff])));
  const cps = [0x42, 0xe9, 0x65b0, 0x1f600, 0x10ffff, 0x110000, 0xffffffff, 0x80000000, 0xd800, 0xdfff, 0xfeff, 0];

  it.each([true, false])('decodes code points, out-of-range units, surrogates and a BOM as iconv-lite did (little-endian %s)', (le) => {
    const bytes = units(cps, le);
    expect(decodeUtf32(bytes, le)).toBe(reference(le ? 'utf-32le' : 'utf-32be', bytes, false));
  });

  it.each([1, 2, 3])('ends with one U+FFFD for %i bytes left over, as iconv-lite did', (extra) => {
    const bytes = new Uint8Array([...units([0x41, 0x42], true), ...Array(extra).fill(0x43)]);
    expect(decodeUtf32(bytes, true)).toBe(reference('utf-32le', bytes, false));
  });

  it('decodes a long text in one piece', () => {
    const text = 'Berita 新闻 😀 '.repeat(5000);
    const bytes = units([...text].map((c) => c.codePointAt(0)!), false);
    expect(decodeUtf32(bytes, false)).toBe(text);
  });
});
