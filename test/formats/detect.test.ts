import { describe, expect, it } from 'vitest';
import { FeedParseError, NotAFeedError } from '../../shared/errors.js';
import { readFeed } from '../../shared/formats/index.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('detect', () => {
  it.each([
    ['an empty document', '', /empty/],
    ['a whitespace-only document', '  \n\t ', /empty/],
    ['an HTML page, naming its title', '<!DOCTYPE html><html><head><title>Kabar Nusantara</title></head><body></body></html>', /HTML page.*Kabar Nusantara/],
    ['an HTML page without a doctype', '<html lang="id"><body><p>hi</p></body></html>', /HTML page/],
    ['JSON that is not JSON Feed', '{"status":"ok","articles":[]}', /JSON that is not a JSON Feed.*status/],
    ['a JSON array', '[1,2,3]', /JSON array/],
    ['JSON that does not parse', '{"version": ', /JSON that does not parse/],
    ['plain text', 'Service Unavailable', /plain text starting "Service Unavailable"/],
    ['XML that is not a feed', '<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>', /root element <Error>/],
  ])('refuses %s with NotAFeedError', (_name, input, message) => {
    expect(() => readFeed(bytes(input))).toThrow(NotAFeedError);
    expect(() => readFeed(bytes(input))).toThrow(message);
  });

  it.each([
    ['gzip data', [0x1f, 0x8b, 8, 0, 0, 0]],
    ['a PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]],
    ['NUL bytes', [0x41, 0x42, 0x00, 0x43]],
  ])('refuses binary content (%s)', (what, raw) => {
    expect(() => readFeed(new Uint8Array(raw))).toThrow(new RegExp(`binary content \\(${what}\\)`));
  });

  it('detects from the document, not the content type or file name', () => {
    const feed = readFeed(bytes('<rss version="2.0"><channel><title>x</title></channel></rss>'), {
      contentType: 'application/json',
      url: 'https://example.com/feed.json',
    });
    expect(feed.format).toBe('rss');
  });
});

describe('a forced format', () => {
  const rss = '<rss version="2.0"><channel><title>t</title><item><title>A</title><link>https://a.example/1</link></item></channel></rss>';
  const rdf = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>t</title></channel><item><title>A</title><link>https://a.example/1</link></item></rdf:RDF>';
  const atom = '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>urn:1</id><title>A</title></entry></feed>';

  it.each([
    ['an RSS feed read as Atom', rss, 'atom' as const, /the document is rss \(root element <rss>\), not atom: set the format to rss or auto/],
    ['an Atom feed read as NewsML-G2', atom, 'newsml-g2' as const, /the document is atom \(root element <feed>\), not newsml-g2/],
    ['an RDF feed read as NITF', rdf, 'nitf' as const, /the document is rdf .*not nitf/],
  ])('refuses %s with one line saying what the document is, instead of reading no items', (_name, doc, format, message) => {
    expect(() => readFeed(bytes(doc), { format })).toThrow(FeedParseError);
    expect(() => readFeed(bytes(doc), { format })).toThrow(message);
  });

  it('reads RSS and RDF (RSS 1.0) as each other, which their readers can', () => {
    expect(readFeed(bytes(rdf), { format: 'rss' }).items).toHaveLength(1);
    expect(readFeed(bytes(rss), { format: 'rdf' }).items).toHaveLength(1);
  });
});
