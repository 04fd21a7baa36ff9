import { FeedParseError, NotAFeedError, TruncatedFeedError, UnsafeFeedError } from '../errors.js';
import type { FeedFormat, ParseContext, ParsedFeed, WireItem } from '../model/wire-item.js';
import { type FeedDoc, type ItemReader, eagerItems } from './common.js';
import { detectJson, detectXml, sniff } from './detect.js';
import * as atom from './atom.js';
import * as jsonfeed from './jsonfeed.js';
import * as newsmlG2 from './newsml-g2.js';
import * as nitf from './nitf.js';
import * as rdf from './rdf.js';
import * as rss from './rss.js';
import { decodeBytes } from './encoding.js';
import { type XmlDocument, type XmlElement, hasIllegalXmlBytes, parseXml } from './xml.js';
import { withFields } from '../model/objects.js';

export { parseDate } from './dates.js';

/** Options for {@link readFeed}. */
export interface ReadFeedOptions {
  /** The URL the document was fetched from: the last base for relative URLs. */
  url?: string;
  /** The HTTP Content-Type, whose charset outranks the XML declaration. */
  contentType?: string;
  /** Force a format instead of detecting it from the document. */
  format?: FeedFormat | 'auto';
  /** Refuse larger documents before parsing (default 20 MB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

type XmlModule = { parseDocument(doc: XmlDocument, ctx: ParseContext): FeedDoc; openDocument?(doc: XmlDocument, ctx: ParseContext): ItemReader };
const XML_MODULES: Partial<Record<FeedFormat, XmlModule>> = { rss, rdf, atom, 'newsml-g2': newsmlG2, nitf };

/** Read a feed document (bytes or text) of any supported format into a ParsedFeed. Pure: no I/O, no clock. */
export function readFeed(input: Uint8Array | string, opts: ReadFeedOptions = {}): ParsedFeed {
  const reading = openFeed(input, opts);
  const items: WireItem[] = [];
  for (let i = 0; i < reading.count; i++) items.push(reading.read(i));
  const { warnings, truncated, ...rest } = reading.feed();
  return truncated ? withFields(rest, { items, truncated, warnings }) : withFields(rest, { items, warnings });
}

/**
 * A document opened for reading its items one at a time (what readFeed reads, item by item): the document's own
 * fields, how many items it has, and each item read on demand, its tree let go once read. Ingestion hashes each
 * item's source (ItemReader.source) and reads only the items it does not already hold; parseFeed normalizes the
 * items as it reads them.
 */
export interface FeedReading {
  format: FeedFormat;
  count: number;
  /** Item i as readFeed would read it. */
  read(i: number): WireItem;
  /** What item i is read from (see ItemReader.source), or undefined for a format read as a whole. */
  source(i: number): string | undefined;
  /** What reading item i depends on besides its source (see ItemReader.context), the format included. */
  context(i: number): string;
  /** Lets item i's tree go. */
  release(i: number): void;
  /** The document's fields without its items, and every warning so far (the items' own as they are read). */
  feed(): Omit<ParsedFeed, 'items'>;
}

/** Opens a feed document (bytes or text): decode, detect, parse; items are read on demand (see FeedReading). */
export function openFeed(input: Uint8Array | string, opts: ReadFeedOptions = {}): FeedReading {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof input === 'string' ? (input.length * 3 > maxBytes ? Buffer.byteLength(input) : input.length) : input.byteLength;
  if (size > maxBytes) throw new UnsafeFeedError(`document of ${size} bytes exceeds the ${maxBytes}-byte limit`);
  const warnings: string[] = [];
  let text: string;
  /** The bytes, when they were read as UTF-8: the XML reader's check for forbidden characters is done on them. */
  let utf8Bytes: Uint8Array | undefined;
  if (typeof input === 'string') text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  else {
    refuseBinary(input);
    const decoded = decodeBytes(input, opts.contentType);
    text = decoded.text;
    if (decoded.encoding === 'utf-8') utf8Bytes = input;
    warnings.push(...decoded.warnings);
  }
  const ctx: ParseContext = { url: opts.url };
  const sniffed = sniff(text);
  if (sniffed.kind === 'json') {
    return reading('jsonfeed', readJson(text, ctx, opts.format), warnings);
  }
  if (sniffed.warning) warnings.push(sniffed.warning);
  const legalChars = utf8Bytes !== undefined && !hasIllegalXmlBytes(utf8Bytes);
  const doc = parseXml(sniffed.start > 0 ? text.slice(sniffed.start) : text, { legalChars });
  const forced = opts.format && opts.format !== 'auto' ? opts.format : undefined;
  const format = forced ?? detectXml(doc.root);
  if (forced !== undefined) refuseOtherFormat(forced, doc.root);
  const mod = XML_MODULES[format];
  if (!mod || !doc.root) throw new FeedParseError(`cannot read this document as ${format}`);
  const reader = mod.openDocument ? mod.openDocument(doc, ctx) : eagerItems(mod.parseDocument(doc, ctx));
  if (doc.truncated && reader.count === 0) {
    throw new TruncatedFeedError(`truncated ${format} document: it ends before any item is complete (it ends inside ${doc.openAtEnd})`);
  }
  warnings.push(...doc.warnings);
  return reading(format, reader, warnings, doc.truncated);
}

/**
 * A forced format that the document plainly is not (its root names another format) reads nothing and would look
 * like a quiet feed: an Atom feed read as NewsML-G2 gives no items, no error. RSS and RDF (RSS 1.0) read each
 * other's documents, and a root no format claims is what forcing is for: both are read as asked.
 */
function refuseOtherFormat(forced: FeedFormat, root: XmlElement | undefined): void {
  let detected: FeedFormat;
  try {
    detected = detectXml(root);
  } catch {
    return;
  }
  const rssFamily = (f: FeedFormat) => f === 'rss' || f === 'rdf';
  if (detected === forced || (rssFamily(detected) && rssFamily(forced))) return;
  throw new FeedParseError(`the document is ${detected} (root element <${root!.name}>), not ${forced}: set the format to ${detected} or auto`);
}

/** A FeedReading over a module's ItemReader: the reader's warnings first, then the module's (items' included). */
function reading(format: FeedFormat, reader: ItemReader, before: string[], truncated = false): FeedReading {
  return {
    format,
    count: reader.count,
    read: (i) => reader.read(i),
    source: (i) => reader.source(i),
    context: (i) => `${format}\n${reader.context(i)}`,
    release: (i) => reader.release(i),
    feed: () => {
      const { warnings, ...rest } = reader.meta;
      const all = [...before, ...warnings];
      return truncated ? { format, ...rest, truncated: true, warnings: all } : { format, ...rest, warnings: all };
    },
  };
}

function readJson(text: string, ctx: ParseContext, forced: ReadFeedOptions['format']): ItemReader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new NotAFeedError(`not a feed: JSON that does not parse (${(error as Error).message.split('\n')[0]})`);
  }
  const format = forced && forced !== 'auto' ? forced : detectJson(value);
  if (format !== 'jsonfeed') throw new FeedParseError(`cannot read a JSON document as ${format}`);
  return eagerItems(jsonfeed.parseDocument(value, ctx));
}

const MAGIC: [number[], string][] = [
  [[0x1f, 0x8b], 'gzip data'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
];

/** Binary payloads are named, not fed to the XML reader (a NUL outside UTF-16 never occurs in text). */
function refuseBinary(bytes: Uint8Array): void {
  for (const [sig, what] of MAGIC) {
    if (sig.every((b, i) => bytes[i] === b)) throw new NotAFeedError(`not a feed: binary content (${what})`);
  }
  const b0 = bytes[0];
  const b1 = bytes[1];
  const utf16 = (b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || b0 === 0 || b1 === 0;
  if (utf16) return;
  const n = Math.min(bytes.length, 1024);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) throw new NotAFeedError('not a feed: binary content (NUL bytes)');
    if (b < 9 || (b > 13 && b < 32)) controls++;
  }
  if (controls > n / 10) throw new NotAFeedError('not a feed: binary content');
}
