import { NotAFeedError } from '../errors.js';
import type { FeedFormat } from '../model/wire-item.js';
import type { XmlElement } from './xml.js';

/** What the first characters of a decoded document say it is, before any full parse. */
export type Sniffed = { kind: 'xml'; start: number; warning?: string } | { kind: 'json' };

/** Refuse what is plainly not a feed (empty, binary, an HTML page, plain text), naming what was found. */
export function sniff(text: string): Sniffed {
  let i = 0;
  while (i < text.length && /[\s\uFEFF]/.test(text[i])) i++;
  if (i >= text.length) throw new NotAFeedError('not a feed: the document is empty');
  const c = text[i];
  if (c === '{' || c === '[') return { kind: 'json' };
  if (c !== '<') {
    // Server noise printed before the feed (a PHP notice, a stray line) is skipped when a feed follows shortly.
    const m = FEED_START.exec(text.slice(i, i + 4096));
    const head = text.slice(i, i + 40).replace(/\s+/g, ' ').trim();
    if (m) return { kind: 'xml', start: i + m.index, warning: `text before the document ("${head}") was skipped` };
    throw new NotAFeedError(`not a feed: plain text starting "${head}"`);
  }
  const head = text.slice(i, i + 2048);
  if (/^(?:<!--[\s\S]*?-->\s*)*<!doctype\s+html\b/i.test(head) || /^(?:<!--[\s\S]*?-->\s*)*<html[\s>]/i.test(head)) {
    throw new NotAFeedError(`not a feed: an HTML page${htmlTitle(text)}`);
  }
  return { kind: 'xml', start: i };
}

const FEED_START = /<(?:\?xml\s|rss[\s>]|feed[\s>]|rdf:RDF[\s>]|newsMessage[\s>]|newsItem[\s>]|nitf[\s>])/;

function htmlTitle(text: string): string {
  const m = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(text.slice(0, 65536));
  const t = m?.[1].replace(/\s+/g, ' ').trim();
  return t ? ` (title "${t}")` : '';
}

/** The format of a parsed XML document from its document element. */
export function detectXml(root: XmlElement | undefined): FeedFormat {
  if (!root) throw new NotAFeedError('not a feed: XML document with no element');
  const local = root.local;
  switch (local.toLowerCase()) {
    case 'rss':
    case 'channel':
      return 'rss';
    case 'rdf':
      return 'rdf';
    case 'feed':
      return 'atom';
    case 'newsmessage':
    case 'newsitem':
    case 'packageitem':
      return 'newsml-g2';
    case 'nitf':
      return 'nitf';
    case 'html':
      throw new NotAFeedError('not a feed: an HTML page');
  }
  throw new NotAFeedError(`not a feed: XML document with root element <${root.name}>`);
}

/** The format of a parsed JSON value: JSON Feed or nothing. */
export function detectJson(value: unknown): FeedFormat {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const version = typeof o.version === 'string' ? o.version : '';
    if (/jsonfeed\.org\/version\//i.test(version)) return 'jsonfeed';
    // Some emitters forget the version; items plus a feed or home page URL is a JSON Feed all the same.
    if (!version && Array.isArray(o.items) && (typeof o.feed_url === 'string' || typeof o.home_page_url === 'string'))
      return 'jsonfeed';
    const keys = Object.keys(o).slice(0, 5).join(', ');
    throw new NotAFeedError(`not a feed: JSON that is not a JSON Feed (no jsonfeed.org version; keys: ${keys || 'none'})`);
  }
  throw new NotAFeedError(`not a feed: JSON ${Array.isArray(value) ? 'array' : typeof value} that is not a JSON Feed`);
}
