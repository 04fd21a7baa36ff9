import { describe, expect, it } from 'vitest';
import { TruncatedFeedError, WirefeedError } from '../../shared/errors.js';
import { readFeed } from '../../shared/formats/index.js';
import { MAX_XML_DEPTH } from '../../shared/formats/xml.js';

const ATOM = 'xmlns="http://www.w3.org/2005/Atom"';

describe('truncated documents', () => {
  it.each([
    ['an RSS feed cut inside its second item', '<rss><channel><title>t</title><item><title>A</title></item><item><title>cut off mid', ['A']],
    ['an RSS feed cut between items', '<rss><channel><item><title>A</title></item><item><title>B</title></item>', ['A', 'B']],
    ['an Atom feed cut inside an entry', `<feed ${ATOM}><title>t</title><entry><id>1</id><title>A</title></entry><entry><id>2</id><title>B`, ['A']],
    ['an RDF feed cut inside an item', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item rdf:about="https://e.example/1"><title>A</title></item><item rdf:about="https://e.example/2"><title>B', ['A']],
    ['a NewsML-G2 message cut inside its second story', '<newsMessage><itemSet><newsItem guid="g1"><contentMeta><headline>A</headline></contentMeta></newsItem><newsItem guid="g2"><contentMeta><headline>B', ['A']],
  ])('keeps the items closed before the cut of %s, drops the open one, and says so', (_name, xml, titles) => {
    const feed = readFeed(xml);
    expect(feed.items.map((i) => i.title)).toEqual(titles);
    expect(feed.truncated).toBe(true);
    expect(feed.warnings.filter((w) => /truncated/.test(w))).toHaveLength(1);
  });

  it.each([
    ['an RSS feed cut inside its only item', '<rss><channel><title>t</title><item><title>cut off mid', /truncated rss document.*<item>, <title>/],
    ['an RSS feed cut in the channel header', '<rss><channel><title>t', /truncated rss document.*<channel>, <title>/],
    ['an Atom feed cut inside its only entry', `<feed ${ATOM}><entry><title>A`, /truncated atom document.*<entry>/],
    ['a NITF story cut in its body', '<nitf><head><title>A</title></head><body><body.content><p>cut', /truncated nitf document.*<nitf>, <body>/],
  ])('refuses %s with a TruncatedFeedError naming where it ends', (_name, xml, message) => {
    expect(() => readFeed(xml)).toThrow(TruncatedFeedError);
    expect(() => readFeed(xml)).toThrow(message);
  });

  it('makes the truncation error a WirefeedError so the CLI prints one line', () => {
    expect(() => readFeed('<rss><channel><item><title>x')).toThrow(WirefeedError);
  });

  it('does not mark a whole document truncated', () => {
    const feed = readFeed('<rss><channel><item><title>A</title></item></channel></rss>');
    expect(feed.truncated).toBeUndefined();
  });
});

describe('deep nesting', () => {
  const nest = (n: number, open: string, close: string, inner = 'x') => `${open.repeat(n)}${inner}${close.repeat(n)}`;
  it.each([
    ['10,000 elements inside an RSS item', 10_000, (n: number) => `<rss><channel><item><title>A</title><x>${nest(n, '<a>', '</a>')}</x></item></channel></rss>`],
    ['1,000,000 elements inside an RSS item', 1_000_000, (n: number) => `<rss><channel><item><title>A</title><x>${nest(n, '<a>', '</a>')}</x></item></channel></rss>`],
    ['500,000 elements each declaring a namespace', 500_000, (n: number) => `<rss><channel><item><title>A</title>${nest(n, '<a xmlns:q="urn:q">', '</a>')}</item></channel></rss>`],
    ['1,000,000 elements in an Atom xhtml body', 1_000_000, (n: number) => `<feed ${ATOM}><entry><title>A</title><content type="xhtml">${nest(n, '<div>', '</div>')}</content></entry></feed>`],
    ['1,000,000 elements in a NITF body', 1_000_000, (n: number) => `<nitf><head><title>A</title></head><body><body.content>${nest(n, '<p>', '</p>')}</body.content></body></nitf>`],
    ['1,000,000 elements in a NewsML-G2 inline body', 1_000_000, (n: number) => `<newsItem guid="g"><contentMeta><headline>A</headline></contentMeta><contentSet><inlineXML>${nest(n, '<p>', '</p>')}</inlineXML></contentSet></newsItem>`],
  ])('reads %s without overflowing the stack', (_name, n, doc) => {
    const feed = readFeed(doc(n));
    expect(feed.items.map((i) => i.title)).toEqual(['A']);
    expect(feed.truncated).toBeUndefined();
    expect(feed.warnings.join('\n')).toContain(`nested deeper than ${MAX_XML_DEPTH} levels`);
  });

  it('closes the elements after a deep run of unclosed ones', () => {
    const feed = readFeed(`<rss><channel><item><title>A</title><x>${'<a>'.repeat(50_000)}</x></item><item><title>B</title></item></channel></rss>`);
    expect(feed.items.map((i) => i.title)).toEqual(['A', 'B']);
  });

  it('keeps the text below the depth limit in the deepest element read', () => {
    const feed = readFeed(`<rss><channel><item><title>${nest(MAX_XML_DEPTH + 10, '<b>', '</b>', 'deep title')}</title></item></channel></rss>`);
    expect(feed.items[0].title).toBe('deep title');
  });
});
