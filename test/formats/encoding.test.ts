import { describe, expect, it } from 'vitest';
import { NotAFeedError } from '../../shared/errors.js';
import { readFeed } from '../../shared/formats/index.js';
import { htmlToText } from '../../shared/model/plain-text.js';
import { hasIllegalXmlBytes } from '../../shared/formats/xml.js';
import { createRandom } from '../../bench/generate.js';
import { readFileSync } from 'node:fs';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/formats/${name}`, import.meta.url));
const doc = (title: string, decl = '') => `<?xml version="1.0"${decl}?><rss version="2.0"><channel><title>${title}</title></channel></rss>`;
const enc = (s: string, encoding: string): Uint8Array => {
  if (encoding === 'utf-8') return new TextEncoder().encode(s);
  if (encoding === 'utf-16le') return new Uint8Array(Buffer.from(s, 'utf16le'));
  if (encoding === 'utf-16be') return new Uint8Array(Buffer.from(s, 'utf16le').swap16());
  if (encoding === 'latin1') return new Uint8Array(Buffer.from(s, 'latin1'));
  throw new Error(encoding);
};
const concat = (...parts: (number[] | Uint8Array)[]) => new Uint8Array(parts.flatMap((p) => [...p]));

describe('encoding', () => {
  it.each([
    ['a UTF-8 BOM wins over a wrong declaration', concat([0xef, 0xbb, 0xbf], enc(doc('Caf\u00e9', ' encoding="ISO-8859-1"'), 'utf-8')), undefined, 'Caf\u00e9'],
    ['UTF-16LE with a BOM', concat([0xff, 0xfe], enc(doc('\u0418\u043d\u0444\u043e', ' encoding="UTF-16"'), 'utf-16le')), undefined, '\u0418\u043d\u0444\u043e'],
    ['UTF-16BE with a BOM', concat([0xfe, 0xff], enc(doc('\u65b0\u95fb', ' encoding="UTF-16"'), 'utf-16be')), undefined, '\u65b0\u95fb'],
    ['UTF-16LE without a BOM', enc(doc('Berita', ' encoding="UTF-16"'), 'utf-16le'), undefined, 'Berita'],
    ['UTF-16LE labelled only by the HTTP charset, with no BOM or declaration', enc('<rss version="2.0"><channel><title>\u65b0\u95fb</title></channel></rss>', 'utf-16le'), 'application/rss+xml; charset=utf-16le', '\u65b0\u95fb'],
    ['UTF-16BE labelled charset=utf-16, starting with a newline', enc('\n<rss version="2.0"><channel><title>Berita</title></channel></rss>', 'utf-16be'), 'application/rss+xml; charset=utf-16', 'Berita'],
    ['an 8-bit body whose charset says UTF-16, as what it is', enc('<rss version="2.0"><channel><title>Caf\u00e9</title></channel></rss>', 'utf-8'), 'text/xml; charset=utf-16', 'Caf\u00e9'],
    ['the HTTP charset over the XML declaration', new Uint8Array([...Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>'), 0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8, ...Buffer.from('</title></channel></rss>')]), 'application/rss+xml; charset=windows-1251', '\u041d\u043e\u0432\u043e\u0441\u0442\u0438'],
    ['the XML declaration when there is no BOM or charset', new Uint8Array([...Buffer.from('<?xml version="1.0" encoding="ISO-8859-2"?><rss><channel><title>'), 0xb1, 0xe6, ...Buffer.from('</title></channel></rss>')]), 'text/xml', '\u0105\u0107'],
    ['KOI8-R', new Uint8Array([...Buffer.from('<?xml version="1.0" encoding="KOI8-R"?><rss><channel><title>'), 0xf0, 0xd2, 0xc9, ...Buffer.from('</title></channel></rss>')]), undefined, '\u041f\u0440\u0438'],
    ['Shift_JIS', new Uint8Array([...Buffer.from('<?xml version="1.0" encoding="Shift_JIS"?><rss><channel><title>'), 0x93, 0xfa, 0x96, 0x7b, ...Buffer.from('</title></channel></rss>')]), undefined, '\u65e5\u672c'],
    ['windows-1252 bytes 0x80-0x9F as curly quotes and dashes', new Uint8Array([...Buffer.from('<?xml version="1.0" encoding="windows-1252"?><rss><channel><title>'), 0x93, 0x41, 0x94, 0x20, 0x96, 0x20, 0x80, 0x85, ...Buffer.from('</title></channel></rss>')]), undefined, '\u201cA\u201d \u2013 \u20ac\u2026'],
    ['ISO-8859-1 labels read as windows-1252, as browsers do', new Uint8Array([...Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><rss><channel><title>'), 0x92, 0xe9, ...Buffer.from('</title></channel></rss>')]), undefined, '\u2019\u00e9'],
    ['a body valid as UTF-8 despite an ISO-8859-1 declaration as UTF-8', enc(doc('\u00c9t\u00e9 \u2014 caf\u00e9', ' encoding="ISO-8859-1"'), 'utf-8'), undefined, '\u00c9t\u00e9 \u2014 caf\u00e9'],
    ['an undeclared body that is not UTF-8 as windows-1252', enc(doc('Caf\u00e9'), 'latin1'), undefined, 'Caf\u00e9'],
    ['an unknown declared encoding as UTF-8', enc(doc('Caf\u00e9', ' encoding="x-no-such"'), 'utf-8'), undefined, 'Caf\u00e9'],
  ])('reads %s', (_name, bytes, contentType, title) => {
    expect(readFeed(bytes, { contentType }).title).toBe(title);
  });

  it('warns when the declaration was wrong', () => {
    const f = readFeed(enc(doc('\u00c9t\u00e9', ' encoding="ISO-8859-1"'), 'utf-8'));
    expect(f.warnings).toEqual(['declared ISO-8859-1 but the body is valid UTF-8; read as UTF-8']);
  });

  it('reads the windows-1252 and ISO-8859-1 fixtures', () => {
    expect(readFeed(fixture('rss2-windows-1252-courrier.xml')).items[0].title).toBe('\u201cL\u2019\u00e9t\u00e9 sera chaud\u201d, pr\u00e9vient M\u00e9t\u00e9o-France');
    expect(readFeed(fixture('rss2-iso-8859-1-courrier.xml')).items[0].summaryHtml).toBe('Les pr\u00e9visions pour ao\u00fbt - canicule attendue...');
  });
});

describe('text', () => {
  const item = (xml: string) => readFeed(`<rss version="2.0"><channel><title>c</title><item>${xml}</item></channel></rss>`).items[0];

  it.each([
    ['drops XML-illegal control characters', '<title>Bad\u0001 \u000bchars\u0000</title>', 'title', 'Bad chars'],
    ['drops control characters written as references', '<title>a&#1;b&#x1F;c</title>', 'title', 'abc'],
    ['reads numeric references 0x80-0x9F as windows-1252', '<title>it&#146;s &#147;ok&#148;</title>', 'title', 'it\u2019s \u201cok\u201d'],
    ['reads CDATA in a title as text', '<title><![CDATA[Rupiah & Dolar]]></title>', 'title', 'Rupiah & Dolar'],
    ['passes a CDATA description on as the HTML written', '<description><![CDATA[<p>&ldquo;Ya&rdquo; &mdash; kata&nbsp;dia</p>]]></description>', 'summaryHtml', '<p>&ldquo;Ya&rdquo; &mdash; kata&nbsp;dia</p>'],
    ['keeps the five XML entities escaped in HTML', '<description><![CDATA[<p>a &lt;b&gt; &amp; c</p>]]></description>', 'summaryHtml', '<p>a &lt;b&gt; &amp; c</p>'],
    ['keeps unescaped markup written straight into a description', '<description><p>Hello <b>world</b></p></description>', 'summaryHtml', '<p>Hello <b>world</b></p>'],
    ['collapses whitespace in titles', '<title>\n   Banjir\n\t di   Jakarta  </title>', 'title', 'Banjir di Jakarta'],
  ])('%s', (_name, xml, key, expected) => {
    expect(item(xml)).toHaveProperty(key, expected);
  });
});

describe('characters XML forbids, found on the bytes', () => {
  const XML_ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
  // Bytes a feed holds, and those near the edges of the byte check (C0 controls, EF BF xx, lone bytes).
  const PIECES = [[0x61], [0x20], [0x09], [0x0a], [0x0d], [0x00], [0x01], [0x0b], [0x1f], [0x7f], [0xc3, 0xa9], [0xef, 0xbf, 0xbe], [0xef, 0xbf, 0xbf], [0xef, 0xbf, 0xbd], [0xef, 0xbf], [0xe2, 0x80, 0x99], [0xff], [0x80]];

  it('answers as the regex over the UTF-8 decoding does, on 20,000 random byte strings at every alignment', () => {
    const random = createRandom(1252);
    for (let n = 0; n < 20_000; n++) {
      const bytes: number[] = [];
      const length = Math.floor(random() * 40);
      const dirty = random() < 0.5;
      for (let k = 0; k < length; k++) {
        const piece = dirty ? PIECES[Math.floor(random() * PIECES.length)]! : PIECES[[0, 1, 2, 3, 4, 10, 13, 15][Math.floor(random() * 8)]!]!;
        bytes.push(...piece);
      }
      const offset = Math.floor(random() * 4);
      const padded = new Uint8Array(offset + bytes.length);
      padded.set(bytes, offset);
      const view = padded.subarray(offset);
      const expected = XML_ILLEGAL.test(Buffer.from(view).toString('utf8'));
      if (hasIllegalXmlBytes(view) !== expected) expect.fail(`bytes ${Buffer.from(view).toString('hex')}: ${!expected}, expected ${expected}`);
    }
  });

  it('drops them from a UTF-8 document read from bytes, as from text', () => {
    const xml = '<rss version="2.0"><channel><title>c</title><item><title>Bad\u0001 \u000bchars\uFFFE\u001f \u00e9</title></item></channel></rss>';
    expect(readFeed(Buffer.from(xml)).items[0]!.title).toBe('Bad chars \u00e9');
    expect(readFeed(xml).items[0]!.title).toBe('Bad chars \u00e9');
  });
});

describe('html entities in descriptions', () => {
  // Bodies travel as the HTML the partner wrote; these cases prove that HTML reads as the right characters
  // (the sanitizer in normalization writes them out as characters).
  it.each([
    ['escaped in the XML', '<description>Caf&amp;eacute;&amp;nbsp;&amp;rsquo;s</description>', 'Caf\u00e9 \u2019s'],
    ['inside CDATA', '<description><![CDATA[<p>&ldquo;Ya&rdquo; &mdash; kata&nbsp;dia</p>]]></description>', '\u201cYa\u201d \u2014 kata dia'],
    ['as numeric references', '<description>it&amp;#8217;s &amp;#x2014; ok</description>', 'it\u2019s \u2014 ok'],
    ['undeclared in the XML itself', '<description>Caf&eacute;&nbsp;Jakarta</description>', 'Caf\u00e9 Jakarta'],
  ])('decodes HTML named entities %s', (_name, xml, text) => {
    const f = readFeed(`<rss version="2.0"><channel><title>c</title><item>${xml}</item></channel></rss>`);
    expect(htmlToText(f.items[0].summaryHtml ?? '')).toBe(text);
  });
});

describe('urls', () => {
  it.each([
    ['a relative item link against the channel link', '<link>https://site.example/news/</link>', '<link>2024/a</link>', 'https://site.example/news/2024/a'],
    ['a root-relative link against the channel link', '<link>https://site.example/news/</link>', '<link>/b</link>', 'https://site.example/b'],
    ['a relative channel link against the fetch URL, then the item against it', '<link>/id/</link>', '<link>c</link>', 'https://fetch.example/id/c'],
    ['a protocol-relative link', '<link>https://site.example/</link>', '<link>//cdn.example/d</link>', 'https://cdn.example/d'],
    ['xml:base on the item over the channel link', '<link>https://site.example/</link>', '<link>e</link>', 'https://other.example/x/e', ' xml:base="https://other.example/x/"'],
  ])('resolves %s', (_name, channel, item, expected, itemAttrs = '') => {
    const f = readFeed(`<rss version="2.0"><channel><title>t</title>${channel}<item${itemAttrs}>${item}</item></channel></rss>`, { url: 'https://fetch.example/rss.xml' });
    expect(f.items[0].url).toBe(expected);
  });

  it('resolves a relative enclosure URL against the channel link', () => {
    const f = readFeed(
      '<rss version="2.0"><channel><title>t</title><link>https://site.example/n/</link><item><link>https://site.example/n/a</link><enclosure url="img/a.jpg" type="image/jpeg"/></item></channel></rss>',
    );
    expect(f.items[0].media[0].url).toBe('https://site.example/n/img/a.jpg');
  });

  it('resolves relative URLs in a body under xml:base, the one base normalization cannot know', () => {
    const f = readFeed(
      '<rss version="2.0"><channel><title>t</title><link>https://site.example/n/</link><item xml:base="https://cdn.example/x/"><description><![CDATA[<img src="b.jpg"><a href="#top">top</a><a href="https://o.example/">o</a>]]></description></item></channel></rss>',
    );
    expect(f.items[0].summaryHtml).toBe('<img src="https://cdn.example/x/b.jpg"><a href="#top">top</a><a href="https://o.example/">o</a>');
  });

  it('leaves body URLs without xml:base to normalization, which resolves them against the same item and feed links', () => {
    const f = readFeed('<rss version="2.0"><channel><title>t</title><link>https://site.example/n/</link><item><description><![CDATA[<img src="b.jpg">]]></description></item></channel></rss>');
    expect(f.items[0].summaryHtml).toBe('<img src="b.jpg">');
  });

  it('drops javascript: links', () => {
    const f = readFeed('<rss version="2.0"><channel><title>t</title><item><link>javascript:alert(1)</link></item></channel></rss>');
    expect(f.items[0].url).toBeUndefined();
  });
});

describe('every charset', () => {
  const ru = '\u041d\u043e\u0432\u043e\u0441\u0442\u0438'; // Новости
  const bytes1251 = [0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8];
  const declared = (label: string, body: number[]) => new Uint8Array([...Buffer.from(`<?xml version="1.0" encoding="${label}"?><rss><channel><title>`), ...body, ...Buffer.from('</title></channel></rss>')]);
  const utf32 = (s: string, le: boolean) => {
    const out: number[] = [];
    for (const ch of s) {
      const c = ch.codePointAt(0)!;
      const be = [(c >>> 24) & 0xff, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff];
      out.push(...(le ? be.reverse() : be));
    }
    return out;
  };
  it.each([
    ['windows_1251, an underscore spelling', declared('windows_1251', bytes1251), ru],
    ['cp1251', declared('cp1251', bytes1251), ru],
    ['x-sjis', declared('x-sjis', [0x93, 0xfa, 0x96, 0x7b]), '\u65e5\u672c'],
    ['iso_8859-1 with literal C1 quotes', declared('iso_8859-1', [0x93, 0x41, 0x94]), '\u201cA\u201d'],
    ['the DOS code page cp866', declared('cp866', [0x8d, 0xae, 0xa2, 0xae, 0xe1, 0xe2, 0xa8]), ru],
    ['the IBM code page ibm437', declared('ibm437', [0x82, 0x81]), '\u00e9\u00fc'],
    ['the Mac code page macintosh', declared('macintosh', [0x8e, 0x9f]), '\u00e9\u00fc'],
    ['UTF-32LE with a BOM', new Uint8Array([0xff, 0xfe, 0, 0, ...utf32(doc('Berita \u65b0'), true)]), 'Berita \u65b0'],
    ['UTF-32BE with a BOM', new Uint8Array([0, 0, 0xfe, 0xff, ...utf32(doc('Berita \u65b0'), false)]), 'Berita \u65b0'],
    ['UTF-32LE without a BOM', new Uint8Array(utf32(doc('Berita'), true)), 'Berita'],
    ['UTF-32BE without a BOM', new Uint8Array(utf32(doc('Berita'), false)), 'Berita'],
    ['UTF-16BE without a BOM', enc(doc('Berita', ' encoding="UTF-16"'), 'utf-16be'), 'Berita'],
    ['literal C1 controls in a UTF-8 document as windows-1252 punctuation', enc(doc('it\u0092s \u0093ok\u0094'), 'utf-8'), 'it\u2019s \u201cok\u201d'],
    // Characters that share the C1 controls' lead byte (C2) come first: the byte scan must go past them.
    ['a C1 control after \u00a9\u00b1\u00b0 in a UTF-8 document', enc(doc('x\u00a9\u00b1\u00b0 \u0085'), 'utf-8'), 'x\u00a9\u00b1\u00b0 \u2026'],
    ['\u00a9\u00bf\u00c2 and no C1 control in a UTF-8 document', enc(doc('x\u00a9\u00bf\u00c2'), 'utf-8'), 'x\u00a9\u00bf\u00c2'],
  ])('reads %s', (_name, bytes, title) => {
    expect(readFeed(bytes).title).toBe(title);
  });

  it('detects an undeclared windows-1251 document instead of assuming windows-1252, in one warning', () => {
    const text = 'Правительство объявило о новых мерах поддержки экономики и социальной сферы в регионах страны';
    const body = [...Buffer.from('<rss><channel><title>'), ...cp1251(text), ...Buffer.from('</title></channel></rss>')];
    const feed = readFeed(new Uint8Array(body));
    expect(feed.title).toBe(text);
    expect(feed.warnings).toHaveLength(1);
    expect(feed.warnings[0]).toMatch(/^no encoding declared and the body is not valid UTF-8; detected as windows-1251 \(confidence \d+%\)$/);
  });

  it('gives one warning for an unknown label on a body that is not UTF-8', () => {
    const feed = readFeed(declared('x-no-such', [0x43, 0x61, 0x66, 0xe9]));
    expect(feed.warnings).toHaveLength(1);
    expect(feed.warnings[0]).toMatch(/^unknown encoding "x-no-such" declared and the body is not valid UTF-8; /);
  });

  it('refuses an EBCDIC document saying what it saw', () => {
    const ebcdic = new Uint8Array([0x4c, 0x6f, 0xa7, 0x94, 0x93, 0x40, 0xa5, 0x85, 0x99, 0xa2, 0x89, 0x96, 0x95, 0x7e, 0x7f, 0xf1, 0x4b, 0xf0, 0x7f, 0x6f, 0x6e]);
    expect(() => readFeed(ebcdic)).toThrow(NotAFeedError);
    expect(() => readFeed(ebcdic)).toThrow(/EBCDIC/);
  });
});

/** windows-1251 bytes for Cyrillic text (the letters А-я are 0xC0-0xFF in order). */
function cp1251(s: string): number[] {
  return [...s].map((ch) => {
    const c = ch.charCodeAt(0);
    if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
    if (c === 0x401) return 0xa8;
    if (c === 0x451) return 0xb8;
    return c;
  });
}
