import { describe, expect, it } from 'vitest';
import { NotAFeedError } from '../../shared/errors.js';
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
