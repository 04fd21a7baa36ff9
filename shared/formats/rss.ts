import type { ParseContext, WireItem } from '../model/wire-item.js';
import {
  type FeedDoc,
  type ItemReader,
  readAllItems,
  xmlItemReader,
  addMedia,
  withoutUndefined,
  emptyItem,
  htmlOf,
  itemLabel,
  mediumOf,
  personName,
  plainText,
  posInt,
  pushUnique,
  readDate,
  textOf,
  titleText,
  xmlBase,
  xmlLang,
} from './common.js';
import { readMediaRss } from './mrss.js';
import { resolveUrl } from './text.js';
import { type XmlDocument, type XmlElement, complete, trimmed } from './xml.js';

/** Read an RSS 0.91/0.92/2.0 document (root <rss>, or a bare <channel>). */
export function parseDocument(doc: XmlDocument, ctx: ParseContext): FeedDoc {
  return readAllItems(openDocument(doc, ctx));
}

/** An RSS document's channel, its items read one at a time (see ItemReader). */
export function openDocument(doc: XmlDocument, ctx: ParseContext): ItemReader {
  const root = doc.root!;
  const channel = root.local === 'channel' ? root : (root.children.find((c) => c.local === 'channel' && isRss(c)) ?? root);
  const outer = xmlBase(channel, ctx.url);
  let title: string | undefined;
  let linkRaw: string | undefined;
  let language: string | undefined;
  let ttl: number | undefined;
  let rights: string | undefined;
  let publisher: string | undefined;
  let atomSelf: string | undefined;
  let fallbackTitle: string | undefined;
  const itemEls: XmlElement[] = [];
  for (const el of channel.children) {
    if (isRss(el)) {
      switch (el.local) {
        case 'item':
          itemEls.push(el);
          break;
        case 'title':
          title ??= titleText(textOf(doc, el));
          break;
        case 'link':
          linkRaw ??= trimmed(el.text) ?? trimmed(el.attrs.href);
          break;
        case 'language':
          language ??= trimmed(el.text);
          break;
        case 'ttl':
          ttl ??= posInt(el.text);
          break;
        case 'copyright':
          rights ??= plainText(el.text);
          break;
      }
    } else if (el.ns === 'dc' || el.ns === 'media') {
      if (el.local === 'title') fallbackTitle ??= titleText(el.text);
      else if (el.ns === 'media') continue;
      else if (el.local === 'language') language ??= trimmed(el.text);
      else if (el.local === 'rights') rights ??= plainText(el.text);
      else if (el.local === 'publisher') publisher ??= plainText(el.text);
    } else if (el.ns === 'atom' && el.local === 'link' && (el.attrs.rel ?? 'alternate') === 'alternate') {
      atomSelf ??= trimmed(el.attrs.href);
    }
  }
  // RSS 0.9x documents sometimes put items beside the channel rather than inside it.
  if (channel !== root) for (const el of root.children) if (el.local === 'item' && isRss(el)) itemEls.push(el);
  const link = resolveUrl(linkRaw ?? atomSelf, outer);
  const feedLang = language ?? xmlLang(channel);
  const warnings: string[] = [];
  const defaults: ItemDefaults = { base: link ?? outer, outer, language: feedLang, rights, publisher, warnings };
  const meta = withoutUndefined({ title: title ?? fallbackTitle, link, language: feedLang, ttlMinutes: ttl, warnings });
  return xmlItemReader(doc, complete(itemEls), meta, defaults, (el) => readItem(doc, el, defaults));
}



/** What an item inherits from its channel. */
export interface ItemDefaults {
  /** Base for relative item URLs: the channel link, else xml:base / fetch URL. */
  base: string | undefined;
  outer: string | undefined;
  language?: string;
  rights?: string;
  publisher?: string;
  /** Where item-level problems (an unreadable date) are reported. */
  warnings?: string[];
}

function isRss(el: XmlElement): boolean {
  return el.ns === '' || el.ns === 'rss';
}

/** What an item's elements say before fallbacks are applied (which link, which body, which date wins). */
interface ItemParts {
  base: string | undefined;
  link?: string;
  guid?: string;
  guidIsLink: boolean;
  description?: XmlElement;
  encoded?: XmlElement;
  /** Other body elements partners use: `<body>` / `<xhtml:body>`, `<fullitem>`, `dc:description`. */
  body?: XmlElement;
  fullitem?: XmlElement;
  dcDescription?: XmlElement;
  /** Title fallbacks: dc:title, media:title. */
  dcTitle?: string;
  mediaTitle?: string;
  itunesAuthor?: string;
  pubDate?: string;
  dcDate?: string;
  updated?: string;
  language?: string;
  rights?: string;
  atomAlternate?: string;
}

/** Read one RSS (or RDF) item. */
export function readItem(doc: XmlDocument, el: XmlElement, d: ItemDefaults): WireItem {
  const item = emptyItem();
  const parts: ItemParts = { base: el.attrs['xml:base'] !== undefined ? xmlBase(el, d.base) : d.base, guidIsLink: false };
  for (const c of el.children) {
    const ns = c.ns;
    if (ns === '' || ns === 'rss') readRssChild(doc, c, item, parts);
    else if (ns === 'content') {
      if (c.local === 'encoded') parts.encoded ??= c;
    } else if (ns === 'dc') readDublinCoreChild(c, item, parts);
    else if (ns === 'dcterms') {
      if (c.local === 'modified') parts.updated ??= trimmed(c.text);
      else if ((c.local === 'issued' || c.local === 'created') && parts.dcDate === undefined) parts.dcDate = trimmed(c.text);
    } else if (ns === 'atom') readAtomChild(c, item, parts);
    else if (ns === 'xhtml' && c.local === 'body') parts.body ??= c;
    else if (ns === 'media') {
      if (c.local === 'title') parts.mediaTitle ??= titleText(textOf(doc, c));
      else if (c.local === 'category') pushUnique(item.categories, plainText(c.text));
    } else if (ns === 'itunes') {
      if (c.local === 'author') parts.itunesAuthor ??= personName(c.text);
      else if (c.local === 'category') pushUnique(item.categories, plainText(c.attrs.text) ?? plainText(c.text));
    }
  }
  readMediaRss(el, parts.base, item.media);
  return finishItem(doc, el, item, parts, d);
}

function readRssChild(doc: XmlDocument, c: XmlElement, item: WireItem, parts: ItemParts): void {
  switch (c.local) {
    case 'title':
      item.title ??= titleText(textOf(doc, c));
      break;
    case 'body':
      parts.body ??= c;
      break;
    case 'fullitem':
      parts.fullitem ??= c;
      break;
    case 'link':
      parts.link ??= trimmed(c.text) ?? trimmed(c.attrs.href);
      break;
    case 'guid':
      if (parts.guid === undefined) {
        parts.guid = trimmed(c.text);
        // isPermaLink defaults to true (RSS 2.0): a permalink guid is the link when <link> is missing.
        parts.guidIsLink = (c.attrs.isPermaLink ?? 'true').trim().toLowerCase() !== 'false';
      }
      break;
    case 'description':
      parts.description ??= c;
      break;
    case 'author':
      pushUnique(item.authors, personName(c.text));
      break;
    case 'category':
      pushUnique(item.categories, plainText(c.text));
      break;
    case 'pubDate':
    case 'pubdate':
      parts.pubDate ??= trimmed(c.text);
      break;
    case 'enclosure': {
      const type = trimmed(c.attrs.type);
      addMedia(item.media, { url: resolveUrl(c.attrs.url, parts.base), type, medium: mediumOf(type), fileSize: posInt(c.attrs.length) });
      break;
    }
    case 'source':
      item.source ??= plainText(c.text) ?? trimmed(c.attrs.url);
      break;
  }
}

function readDublinCoreChild(c: XmlElement, item: WireItem, parts: ItemParts): void {
  switch (c.local) {
    case 'title':
      parts.dcTitle ??= titleText(c.text);
      break;
    case 'description':
      parts.dcDescription ??= c;
      break;
    case 'creator':
    case 'author':
      for (const name of splitCreators(c.text)) pushUnique(item.authors, name);
      break;
    case 'date':
      parts.dcDate ??= trimmed(c.text);
      break;
    case 'subject':
      pushUnique(item.categories, plainText(c.text));
      break;
    case 'language':
      parts.language ??= trimmed(c.text);
      break;
    case 'rights':
      parts.rights ??= plainText(c.text);
      break;
    case 'publisher':
      item.publisher ??= plainText(c.text);
      break;
    case 'contributor':
      item.editor ??= personName(c.text);
      break;
    case 'source':
      item.source ??= plainText(c.text);
      break;
  }
}

function readAtomChild(c: XmlElement, item: WireItem, parts: ItemParts): void {
  if (c.local === 'link') {
    const rel = trimmed(c.attrs.rel) ?? 'alternate';
    const href = resolveUrl(c.attrs.href, parts.base);
    if (rel === 'alternate') parts.atomAlternate ??= href;
    else if (rel === 'related' && href) item.relatedLinks.push({ title: plainText(c.attrs.title) ?? href, url: href });
    else if (rel === 'enclosure' && href) {
      const type = trimmed(c.attrs.type);
      addMedia(item.media, { url: href, type, medium: mediumOf(type), fileSize: posInt(c.attrs.length) });
    }
  } else if (c.local === 'updated') parts.updated ??= trimmed(c.text);
  else if (c.local === 'author') pushUnique(item.authors, plainText(c.children.find((x) => x.local === 'name')?.text));
}

/** Applies the fallbacks: link over atom:link over a permalink guid, content:encoded over description, … */
function finishItem(doc: XmlDocument, el: XmlElement, item: WireItem, parts: ItemParts, d: ItemDefaults): WireItem {
  item.guid = parts.guid;
  item.url = resolveUrl(parts.link, parts.base) ?? parts.atomAlternate ?? (parts.guidIsLink ? resolveUrl(parts.guid, undefined) : undefined);
  item.title ??= parts.dcTitle ?? parts.mediaTitle;
  if (item.authors.length === 0 && parts.itunesAuthor) item.authors.push(parts.itunesAuthor);
  const summary = htmlOf(doc, parts.description, d.outer) ?? htmlOf(doc, parts.dcDescription, d.outer);
  const content = htmlOf(doc, parts.encoded, d.outer) ?? htmlOf(doc, parts.body, d.outer) ?? htmlOf(doc, parts.fullitem, d.outer);
  item.summaryHtml = summary;
  item.contentHtml = content ?? summary;
  const label = itemLabel({ title: item.title, guid: parts.guid, url: item.url });
  item.publishedAt = readDate([parts.pubDate, parts.dcDate], d.warnings, label);
  item.updatedAt = readDate([parts.updated], d.warnings, label);
  item.language = parts.language ?? trimmed(el.attrs['xml:lang']) ?? d.language;
  item.rights = parts.rights ?? d.rights;
  item.publisher ??= d.publisher;
  return withoutUndefined(item);
}

/** dc:creator sometimes lists several people in one element ("A, B and C"); split only on clear separators. */
function splitCreators(raw: string): string[] {
  const s = plainText(raw);
  if (!s) return [];
  if (s.indexOf(';') !== -1) return s.split(';').map((x) => x.trim()).filter(Boolean);
  return [personName(s) ?? s];
}
