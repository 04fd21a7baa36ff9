import { describe, expect, it } from 'vitest';
import { UnsafeFeedError } from '../../shared/errors.js';
import { readFeed } from '../../shared/formats/index.js';
import { parseXml } from '../../shared/formats/xml.js';

const rss = (items: string, head = '') => `<?xml version="1.0"?>${head}<rss version="2.0"><channel><title>T</title><link>https://example.com/</link>${items}</channel></rss>`;

describe('broken input', () => {
  it.each([
    ['a stray & in a title', rss('<item><title>AT&T & Indosat merger</title></item>'), ['AT&T & Indosat merger'], /stray '&'/],
    ['an HTML entity in XML', rss('<item><title>Caf&eacute;&nbsp;Jakarta</title></item>'), ['Caf\u00e9 Jakarta'], /HTML entity &eacute;/],
    ['an unknown entity', rss('<item><title>a &bogus; b</title></item>'), ['a &bogus; b'], /unknown entity &bogus;/],
    ['a document cut off inside the last item', '<rss version="2.0"><channel><title>T</title><item><title>A</title></item><item><title>B</title><link>https://example.com/b</link', ['A'], /document is truncated: it ended before closing <rss>, <channel>, <item>;/],
    ['an unclosed tag near the end', rss('<item><title>A</title></item><item><title>B</title><description>x</item>'), ['A', 'B'], /unclosed <description>/],
    ['a stray end tag', rss('<item><title>A</title></p></item>'), ['A'], /stray end tag <\/p>/],
    ['a stray < in text', rss('<item><title>1 < 2</title></item>'), ['1 < 2'], /stray '<'/],
    ['an unterminated CDATA section', rss('<item><title>A</title></item><item><description><![CDATA[<p>cut'), ['A'], /unterminated CDATA/],
    ['an unquoted attribute', rss('<item><title>A</title><enclosure url=https://e.example/a.jpg type=image/jpeg /></item>'), ['A'], /unquoted attribute/],
  ])('reads %s with a warning', (_name, xml, titles, warning) => {
    const feed = readFeed(xml);
    expect(feed.items.map((i) => i.title)).toEqual(titles);
    expect(feed.warnings.join('\n')).toMatch(warning);
  });

  it('skips server noise printed before the feed, with a warning', () => {
    const feed = readFeed(`Notice: Undefined index: q in /var/www/feed.php on line 12\n${rss('<item><title>A</title></item>')}`);
    expect(feed.items.map((i) => i.title)).toEqual(['A']);
    expect(feed.warnings).toEqual(['text before the document ("Notice: Undefined index: q in /var/www/f") was skipped']);
  });

  it('warns nothing for a clean document', () => {
    expect(readFeed(rss('<item><title>A &amp; B</title></item>')).warnings).toEqual([]);
  });

  it('keeps every item: duplicates, no guid, no link, neither', () => {
    const feed = readFeed(rss('<item><guid>x</guid><title>1</title></item><item><guid>x</guid><title>2</title></item><item><link>https://example.com/3</link></item><item><title>4</title></item><item/>'));
    expect(feed.items).toHaveLength(5);
    expect(feed.items.map((i) => i.title)).toEqual(['1', '2', undefined, '4', undefined]);
  });

  it('expands internal entities declared in the DOCTYPE', () => {
    const feed = readFeed(rss('<item><title>&agency; &year;</title></item>', '<!DOCTYPE rss [<!ENTITY agency "Kantor &amp; Berita"><!ENTITY year "2024">]>'));
    expect(feed.items[0].title).toBe('Kantor & Berita 2024');
  });

  it('does not overflow the stack on deeply nested markup', () => {
    const deep = `${'<div>'.repeat(100_000)}x${'</div>'.repeat(100_000)}`;
    const feed = readFeed(rss(`<item><title>A</title><description>${deep}</description></item>`));
    expect(feed.items[0].title).toBe('A');
  });
});

describe('hostile input', () => {
  it('refuses a billion laughs entity bomb fast with UnsafeFeedError', () => {
    const lol = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const bomb = rss('<item><title>&lol9;</title></item>', `<!DOCTYPE rss [${lol.join('')}]>`);
    expect(() => readFeed(bomb)).toThrow(UnsafeFeedError);
    expect(() => readFeed(bomb)).toThrow(/entity bomb/);
  });

  it('refuses quadratic blowup: one big entity referenced many times', () => {
    const big = 'a'.repeat(50_000);
    const doc = rss(`<item><title>${'&big;'.repeat(100)}</title></item>`, `<!DOCTYPE rss [<!ENTITY big "${big}">]>`);
    expect(() => readFeed(doc)).toThrow(UnsafeFeedError);
  });

  it('refuses a self-referencing entity', () => {
    expect(() => readFeed(rss('<item><title>&a;</title></item>', '<!DOCTYPE rss [<!ENTITY a "x&b;"><!ENTITY b "&a;">]>'))).toThrow(UnsafeFeedError);
  });

  it.each([
    ['a SYSTEM entity to file:///etc/passwd', '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'],
    ['a PUBLIC entity to a URL', '<!DOCTYPE rss [<!ENTITY xxe PUBLIC "-//X//EN" "http://127.0.0.1:1/xxe">]>'],
    ['a parameter entity pulling an external DTD', '<!DOCTYPE rss [<!ENTITY % dtd SYSTEM "http://127.0.0.1:1/evil.dtd"> %dtd; <!ENTITY xxe "safe">]>'],
  ])('never resolves %s', (_name, doctype) => {
    const feed = readFeed(rss('<item><title>A&xxe;B</title></item>', doctype));
    expect(feed.items[0].title).not.toMatch(/root:/);
    expect(['AB', 'AsafeB']).toContain(feed.items[0].title);
  });

  it('warns that an external entity was left unresolved', () => {
    const feed = readFeed(rss('<item><title>A&xxe;B</title></item>', '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'));
    expect(feed.warnings.join('\n')).toMatch(/external entity xxe declared in DOCTYPE is never resolved/);
  });

  it('refuses a document over maxBytes before parsing', () => {
    const doc = rss('<item><title>x</title></item>'.repeat(100));
    expect(() => readFeed(doc, { maxBytes: 1000 })).toThrow(UnsafeFeedError);
    expect(() => readFeed(doc, { maxBytes: 1000 })).toThrow(/exceeds the 1000-byte limit/);
    expect(readFeed(doc, { maxBytes: 100_000 }).items).toHaveLength(100);
  });

  it('refuses over 20 MB by default, even when the bytes are not a feed', () => {
    const bytes = new Uint8Array(20 * 1024 * 1024 + 1);
    expect(() => readFeed(bytes)).toThrow(UnsafeFeedError);
  });

  // How fast is a speed target: `npm run bench` times synthetic/rss-20000-small-items.xml.
  it('reads every item of a 20,000-item feed', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => `<item><title>Item ${i} &amp; more</title><link>https://example.com/${i}</link><guid>g${i}</guid><pubDate>Wed, 31 Jul 2024 18:00:00 +0700</pubDate><description><![CDATA[<p>Body ${i} &eacute;</p>]]></description></item>`).join('');
    const feed = readFeed(rss(items));
    expect(feed.items).toHaveLength(20_000);
    expect(feed.items[19_999].title).toBe('Item 19999 & more');
  });
});

describe('namespaces', () => {
  // Namespace scopes are maps: a URI or prefix spelled like an Object.prototype member is only a string.
  it('reads namespace URIs and prefixes named like Object.prototype members as plain strings', () => {
    const doc = parseXml('<r xmlns:x="constructor" xmlns:__proto__="urn:p" xmlns:y="http://purl.org/dc/elements/1.1/"><x:a/><__proto__:b/><y:c/><toString:d/></r>');
    expect(doc.root!.children.map((el) => [el.local, el.ns])).toEqual([
      ['a', 'constructor'],
      ['b', 'urn:p'],
      ['c', 'dc'],
      ['d', 'toString'],
    ]);
  });
});

describe('hostile input, linear time', () => {
  // Linear time is a speed target: `npm run bench` times synthetic/rss-stray-end-tags.xml; this checks the reading.
  it('reads an item whose body has many stray end tags under deep nesting', () => {
    const doc = rss(`<item><title>A</title><description>${'<p>'.repeat(30_000)}${'</x>'.repeat(30_000)}</description></item>`);
    const feed = readFeed(doc);
    expect(feed.items[0].title).toBe('A');
  });

  // The stray-end-tag lookups (an index of the open chain, a run-length stack of the elements below the depth
  // limit) must recover the same tree as the walks they replaced.
  it('closes up to an open element matched case-insensitively, warning for those it closes', () => {
    const doc = parseXml('<a><B><c>t</b>x</a>');
    const b = doc.root!.children[0];
    expect([doc.root!.text, b.name, b.children[0].text]).toEqual(['x', 'B', 't']);
    expect(doc.warnings).toEqual(['unclosed <c> closed by </b>']);
  });

  it('ignores stray end tags below the depth limit and closes the skipped elements they name', () => {
    const doc = parseXml(`<r>${'<p>'.repeat(1003)}${'</x>'.repeat(40)}</p></p></p>y</r>`);
    let deepest = doc.root!;
    while (deepest.children.length > 0) deepest = deepest.children[0];
    expect(deepest.text).toBe('y');
    expect(doc.truncated).toBe(false);
  });

  it('bounds the sum of declared entities, not only each one', () => {
    const decls = ['<!ENTITY a0 "xxxxxxxxxx">'];
    for (let i = 1; i <= 4; i++) decls.push(`<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`); // a4 = 100,000 chars
    for (let i = 0; i < 50; i++) decls.push(`<!ENTITY b${i} "&a4;">`);
    expect(() => readFeed(rss('<item><title>x</title></item>', `<!DOCTYPE rss [${decls.join('')}]>`))).toThrow(UnsafeFeedError);
  });

  it('keeps hostile titles linear', () => {
    const feed = readFeed(rss(`<item><title>${'&lt;script '.repeat(20_000)}</title></item>`));
    expect(feed.items).toHaveLength(1);
  });
});
