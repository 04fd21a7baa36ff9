import type { ParseContext, WireItem } from '../model/wire-item.js';
import {
  type FeedDoc,
  type ItemReader,
  readAllItems, xmlItemReader,
  absolutizeHtml,
  addMedia,
  withoutUndefined,
  emptyItem,
  itemLabel,
  mediumOf,
  plainText,
  posInt,
  withoutMarkupDeclarations,
  pushUnique,
  readDate,
  xmlBase,
  xmlLang,
} from './common.js';
import { readMediaRss } from './mrss.js';
import { collapse, htmlToText, textToHtml } from '../model/plain-text.js';
import { resolveUrl } from './text.js';
import { type XmlDocument, type XmlElement, complete, deepText, innerXml, trimmed } from './xml.js';

/** Read an Atom 1.0 or 0.3 document. */
export function parseDocument(doc: XmlDocument, ctx: ParseContext): FeedDoc {
  return readAllItems(openDocument(doc, ctx));
}

/** An Atom document's feed, its entries read one at a time (see ItemReader). */
export function openDocument(doc: XmlDocument, ctx: ParseContext): ItemReader {
  const feed = doc.root!;
  const v03 = feed.ns === 'atom03' || feed.attrs.version === '0.3';
  const a = (el: XmlElement) => el.ns === 'atom' || el.ns === 'atom03' || el.ns === '';
  const feedBase = xmlBase(feed, ctx.url);
  let title: string | undefined;
  let link: string | undefined;
  let rights: string | undefined;
  const feedAuthors: string[] = [];
  const entries: XmlElement[] = [];
  for (const el of feed.children) {
    if (!a(el)) continue;
    switch (el.local) {
      case 'entry':
        entries.push(el);
        break;
      case 'title':
        title ??= constructText(doc, textConstruct(el, v03));
        break;
      case 'link': {
        const rel = trimmed(el.attrs.rel) ?? 'alternate';
        if (rel === 'alternate' && (link === undefined || isHtmlType(el.attrs.type))) link = resolveUrl(el.attrs.href, xmlBase(el, ctx.url));
        break;
      }
      case 'rights':
      case 'copyright':
        rights ??= constructText(doc, textConstruct(el, v03));
        break;
      case 'author':
        pushUnique(feedAuthors, personOf(el));
        break;
    }
  }
  const language = xmlLang(feed);
  const warnings: string[] = [];
  const defaults: EntryDefaults = { v03, fallbackBase: link ?? feedBase, url: ctx.url, feedAuthors, rights, warnings };
  const meta = withoutUndefined({ title, link, language, warnings });
  return xmlItemReader(doc, complete(entries), meta, defaults, (e) => readEntry(doc, e, defaults));
}


interface EntryDefaults {
  v03: boolean;
  fallbackBase: string | undefined;
  url: string | undefined;
  feedAuthors: string[];
  rights?: string;
  warnings: string[];
}

function isHtmlType(type: string | undefined): boolean {
  return type === undefined || /html/i.test(type);
}

/** What an entry's children say, gathered before the item is put together (some rules need all of them). */
interface EntryParts {
  published?: string;
  updated?: string;
  summary?: XmlElement;
  content?: XmlElement;
  alternate?: string;
  alternateIsHtml: boolean;
  sourceEl?: XmlElement;
  rights?: string;
}

function readEntry(doc: XmlDocument, entry: XmlElement, d: EntryDefaults): WireItem {
  const item = emptyItem();
  const parts = readEntryChildren(doc, entry, d, item);
  const { content, summary, sourceEl } = parts;
  readMediaRss(entry, xmlBase(entry, d.url) ?? d.fallbackBase, item.media);
  // Out-of-line content (RFC 4287 §4.1.3.2): the story is at `src`; with no alternate link that is its link.
  item.url = parts.alternate ?? (content?.attrs.src !== undefined ? resolveUrl(content.attrs.src, xmlBase(content, d.url), d.fallbackBase) : undefined);
  const base = item.url ?? d.fallbackBase;
  if (summary) {
    item.summaryHtml = absolutize(constructHtml(doc, textConstruct(summary, d.v03)), xmlBase(summary, d.url) ?? base);
  }
  if (content && content.attrs.src === undefined) {
    item.contentHtml = absolutize(constructHtml(doc, textConstruct(content, d.v03)), xmlBase(content, d.url) ?? base);
  }
  item.contentHtml ??= item.summaryHtml;
  if (sourceEl) {
    const st = sourceEl.children.find((x) => x.local === 'title');
    item.source = st ? constructText(doc, textConstruct(st, d.v03)) : undefined;
    // Atom 4.2.11: an entry copied from another feed keeps that feed's authors when it has none of its own.
    if (item.authors.length === 0) for (const au of sourceEl.children) if (au.local === 'author') pushUnique(item.authors, personOf(au));
  }
  if (item.authors.length === 0) item.authors.push(...d.feedAuthors);
  const label = itemLabel(item);
  item.updatedAt = readDate([parts.updated], d.warnings, label);
  item.publishedAt = readDate([parts.published], d.warnings, label) ?? item.updatedAt;
  item.language = xmlLang(content ?? entry) ?? xmlLang(entry);
  item.rights = parts.rights ?? d.rights;
  return withoutUndefined(item);
}

/** Reads the entry's children: simple values straight into `item`, the rest into the returned parts. */
function readEntryChildren(doc: XmlDocument, entry: XmlElement, d: EntryDefaults, item: WireItem): EntryParts {
  const parts: EntryParts = { alternateIsHtml: false };
  for (const c of entry.children) {
    if (c.ns === 'media' || c.ns === 'dc') {
      if (c.ns === 'dc' && c.local === 'creator') pushUnique(item.authors, plainText(c.text));
      if (c.ns === 'dc' && c.local === 'subject') pushUnique(item.categories, plainText(c.text));
      continue;
    }
    if (c.ns !== 'atom' && c.ns !== 'atom03' && c.ns !== '') continue;
    switch (c.local) {
      case 'id':
        item.guid ??= trimmed(c.text);
        break;
      case 'title':
        item.title ??= constructText(doc, textConstruct(c, d.v03));
        break;
      case 'link':
        readLink(c, d, item, parts);
        break;
      case 'summary':
        parts.summary ??= c;
        break;
      case 'content':
        parts.content ??= c;
        break;
      case 'author':
        pushUnique(item.authors, personOf(c));
        break;
      case 'published':
      case 'issued':
        parts.published ??= trimmed(c.text);
        break;
      case 'created':
        if (parts.published === undefined) parts.published = trimmed(c.text);
        break;
      case 'updated':
      case 'modified':
        parts.updated ??= trimmed(c.text);
        break;
      case 'category':
        readCategory(c, item);
        break;
      case 'rights':
      case 'copyright':
        parts.rights ??= constructText(doc, textConstruct(c, d.v03));
        break;
      case 'source':
        parts.sourceEl ??= c;
        break;
    }
  }
  return parts;
}

/** An entry link: the HTML alternate is the item's link, enclosures are media, rel=related are related links. */
function readLink(c: XmlElement, d: EntryDefaults, item: WireItem, parts: EntryParts): void {
  const rel = trimmed(c.attrs.rel) ?? 'alternate';
  const href = resolveUrl(c.attrs.href, xmlBase(c, d.url), d.fallbackBase);
  if (!href) return;
  if (rel === 'alternate') {
    const html = isHtmlType(c.attrs.type);
    if (parts.alternate === undefined || (html && !parts.alternateIsHtml)) {
      parts.alternate = href;
      parts.alternateIsHtml = html;
    }
  } else if (rel === 'enclosure') {
    const type = trimmed(c.attrs.type);
    addMedia(item.media, { url: href, type, medium: mediumOf(type), caption: plainText(c.attrs.title), fileSize: posInt(c.attrs.length) });
  } else if (rel === 'related') {
    item.relatedLinks.push({ title: plainText(c.attrs.title) ?? href, url: href });
  }
}

/**
 * RFC 4287 §4.2.2: `term` is the category itself (the stable value category feeds are keyed by), `label` is
 * only how to show it. A category without a term (invalid, but sent) falls back to its label or text.
 */
function readCategory(c: XmlElement, item: WireItem): void {
  const term = plainText(c.attrs.term);
  const label = plainText(c.attrs.label);
  const value = term ?? label ?? plainText(c.text);
  if (value === undefined) return;
  pushUnique(item.categories, value);
  if (term !== undefined && label !== undefined && label !== term) {
    item.categoryLabels ??= {};
    item.categoryLabels[term] ??= label;
  }
}

function absolutize(html: string | undefined, base: string | undefined): string | undefined {
  return html && base ? absolutizeHtml(html, base) : html;
}

function personOf(el: XmlElement): string | undefined {
  const name = el.children.find((x) => x.local === 'name');
  const email = el.children.find((x) => x.local === 'email');
  return plainText(name?.text) ?? plainText(email?.text) ?? plainText(el.text);
}

/** An Atom text construct's type, as text, html, xhtml or the type as written, and its text (base64 decoded). */
interface TextConstruct {
  el: XmlElement;
  type: string;
  raw: string;
}

/**
 * An Atom text construct. type="text" is plain text (so `&lt;b&gt;` is the text "<b>"), type="html" is escaped
 * HTML, type="xhtml" is markup inside one xhtml:div. Atom 0.3 uses MIME types and mode="escaped|xml|base64".
 * Each use reads one of its two readings once (bodies the HTML, titles the text): two plain functions, not an
 * object with a getter for each, which V8 builds slowly (most of textConstruct's time on a small Atom document).
 */
function textConstruct(el: XmlElement, v03: boolean): TextConstruct {
  let type = (el.attrs.type ?? 'text').trim().toLowerCase();
  let raw = el.text;
  if (v03 || type.includes('/')) {
    // RFC 4287 §4.1.3.3: a MIME type that is neither text nor XML means the content is base64.
    const binary = !v03 && type.includes('/') && !type.startsWith('text/') && !/[+/]xml$/.test(type);
    const mode = binary ? 'base64' : (el.attrs.mode ?? 'xml').trim().toLowerCase();
    if (mode === 'base64') {
      raw = Buffer.from(el.text.replace(/\s+/g, ''), 'base64').toString('utf8');
      type = type.includes('html') ? 'html' : 'text';
    } else if (type.includes('xhtml') || (type.includes('html') && mode === 'xml' && el.children.length > 0)) type = 'xhtml';
    else if (type.includes('html')) type = 'html';
    else if (type.startsWith('text/') || type === 'text') type = 'text';
    else if (mode === 'base64') type = 'text';
    else type = el.children.length > 0 ? 'xhtml' : 'text';
  } else if (type !== 'html' && el.children.length > 0) type = 'xhtml';
  return { el, type, raw };
}

/** A text construct as HTML. */
function constructHtml(doc: XmlDocument, tc: TextConstruct): string | undefined {
  const { el, type } = tc;
  if (type === 'xhtml') {
    const div = el.children.length === 1 && el.children[0].local === 'div' ? el.children[0] : el;
    return trimmed(stripPrefixes(innerXml(doc, div)));
  }
  if (type === 'html') return trimmed(htmlSource(doc, tc));
  const t = plainSource(doc, tc).trim();
  return t === '' ? undefined : textToHtml(t);
}

/** A text construct as plain text. */
function constructText(doc: XmlDocument, tc: TextConstruct): string | undefined {
  if (tc.type === 'text') return trimmed(collapse(plainSource(doc, tc)));
  const h = constructHtml(doc, tc);
  return h === undefined ? undefined : trimmed(htmlToText(withoutMarkupDeclarations(h)));
}

// A literal `<div>` inside type="html", or Atom 0.3 naked markup in a text construct: the text sits in child
// elements too, and all of it is kept (el.text alone stops at the first child).
const hasMarkup = ({ el, raw }: TextConstruct): boolean => el.children.length > 0 && raw === el.text;
const htmlSource = (doc: XmlDocument, tc: TextConstruct): string => (hasMarkup(tc) ? innerXml(doc, tc.el).replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1') : tc.raw);
const plainSource = (doc: XmlDocument, tc: TextConstruct): string => (hasMarkup(tc) ? deepText(doc, tc.el) : tc.raw);

/** XHTML written with a prefix (`<xhtml:p>`) or namespace declarations reads as plain HTML without them. */
function stripPrefixes(xml: string): string {
  if (xml.indexOf(':') === -1) return xml;
  return xml
    .replace(/<(\/?)[A-Za-z_][\w.-]*:(?=[A-Za-z_])/g, '<$1')
    .replace(/\s+xmlns(?::[\w.-]+)?\s*=\s*(["'])[^"']*\1/g, '');
}
