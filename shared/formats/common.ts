import type { Media } from '../model/article.js';
import type { ParsedFeed, WireItem } from '../model/wire-item.js';
import { plainText as plainTextOf } from '../model/plain-text.js';
import { parseDate } from './dates.js';
import { resolveUrl } from './text.js';
import { type XmlDocument, type XmlElement, deepText, innerXml, trimmed } from './xml.js';
import { withFields } from '../model/objects.js';

/** What a format module reads from a whole document (the reader adds format and warnings). */
export type FeedDoc = Omit<ParsedFeed, 'format' | 'warnings'> & { warnings?: string[] };

/** A WireItem with its array fields initialised. */
export function emptyItem(): WireItem {
  return { authors: [], categories: [], media: [], relatedLinks: [] };
}

/**
 * A copy without the keys whose value is undefined, so items compare and serialise cleanly (a copy rather than
 * `delete`, which would push V8 objects into slow dictionary mode).
 */
export function withoutUndefined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}

/** The base URL in force at an element: its xml:base chain resolved against the outer base. */
export function xmlBase(el: XmlElement | undefined, outer: string | undefined): string | undefined {
  const chain: string[] = [];
  for (let e = el; e; e = e.parent) {
    const b = e.attrs['xml:base'];
    if (b !== undefined) chain.push(b);
  }
  let base = outer;
  for (let i = chain.length - 1; i >= 0; i--) base = resolveUrl(chain[i], base) ?? base;
  return base;
}

/** The nearest xml:lang (an empty xml:lang resets it, per XML 1.0). */
export function xmlLang(el: XmlElement | undefined): string | undefined {
  for (let e = el; e; e = e.parent) {
    const l = e.attrs['xml:lang'];
    if (l !== undefined) return trimmed(l);
  }
  return undefined;
}

const MAX_PLAIN = 10_000;

/** A plain-text title, name or caption (see model/plain-text.ts), or undefined when nothing is left. */
export function plainText(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  // Titles, names and captions are short: a bound keeps every later step small on hostile input.
  const t = plainTextOf(s.length > MAX_PLAIN ? s.slice(0, MAX_PLAIN) : s);
  return t === '' ? undefined : t;
}

/**
 * An element holding HTML, as partners write it: escaped text or CDATA (the usual), or markup written straight
 * into the XML (then the element has child elements and we take its source verbatim).
 *
 * The HTML is passed on as written: character references stay (valid HTML; the sanitizer in normalization
 * parses every body and writes them as characters), and relative URLs are resolved here only when an xml:base
 * is in force, the one base normalization cannot know (it resolves the rest against item link, feed link and
 * fetch URL, the same order). Rebuilding every body twice cost a third of the parse stage.
 */
export function htmlOf(doc: XmlDocument, el: XmlElement | undefined, outer?: string): string | undefined {
  if (!el) return undefined;
  let html = el.children.length > 0 ? innerXml(doc, el).replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1') : el.text;
  html = html.trim();
  if (!html) return undefined;
  return hasXmlBase(el) ? absolutizeHtml(html, xmlBase(el, outer) ?? '') : html;
}

function hasXmlBase(el: XmlElement): boolean {
  for (let e: XmlElement | undefined = el; e; e = e.parent) if (e.attrs['xml:base'] !== undefined) return true;
  return false;
}

const URL_ATTR = /(\s(?:href|src|poster)\s*=\s*)(["'])([^"']*)\2/gi;
const URL_ATTR_NAMES = ['href', 'src', 'poster'];
/** JavaScript's `\s`, by character code. */
const JS_SPACE = /\s/;

/** Resolve relative href/src attributes inside an HTML fragment against a base URL. */
export function absolutizeHtml(html: string, base: string): string {
  if (!base) return html;
  // Most bodies carry only absolute URLs: one allocation-free test spares the replace pass.
  if (!hasRelativeUrlAttribute(html)) return html;
  return html.replace(URL_ATTR, (whole, lead: string, q: string, url: string) => {
    const u = url.trim();
    if (!u || u.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(u)) return whole;
    const abs = resolveUrl(u.replace(/&amp;/g, '&'), base);
    return abs ? `${lead}${q}${abs.replace(/&/g, '&amp;')}${q}` : whole;
  });
}

/**
 * Whether `href`, `src` or `poster` is written somewhere as `name = "value"` (either quote, any case of spaces)
 * with a value that does not start with a scheme or `#`: what the replace in absolutizeHtml could change. The
 * same test as /(?:href|src|poster)\s*=\s*["'](?![a-zA-Z][a-zA-Z0-9+.-]*:|#)/, by indexOf: the regex tried its
 * alternation at every character of every body (6% of reading an Atom feed of escaped HTML). One pass over the
 * `=` signs, each looking back for the name: three passes, one per name, were ~9% of reading that feed.
 */
export function hasRelativeUrlAttribute(html: string): boolean {
  for (let eq = html.indexOf('='); eq !== -1; eq = html.indexOf('=', eq + 1)) {
    const nameEnd = skipJsSpacesBack(html, eq - 1) + 1;
    if (!URL_ATTR_NAMES.some((name) => nameEnd >= name.length && html.startsWith(name, nameEnd - name.length))) continue;
    const i = skipJsSpaces(html, eq + 1);
    const q = html.charCodeAt(i);
    if ((q === 0x22 || q === 0x27) && !startsWithSchemeOrHash(html, i + 1)) return true;
  }
  return false;
}

/** The offset of the last character at or before i that is not JavaScript white space (-1: none). */
function skipJsSpacesBack(s: string, i: number): number {
  while (i >= 0 && isJsSpaceAt(s, i)) i--;
  return i;
}

function skipJsSpaces(s: string, i: number): number {
  while (isJsSpaceAt(s, i)) i++;
  return i;
}

/** JavaScript's `\s` at offset i (false past the end). */
function isJsSpaceAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c > 0x7f && JS_SPACE.test(s[i]!));
}

/** `[a-zA-Z][a-zA-Z0-9+.-]*:` or `#` at offset i. */
function startsWithSchemeOrHash(s: string, i: number): boolean {
  const first = s.charCodeAt(i);
  if (first === 0x23) return true;
  if (!isAsciiLetter(first)) return false;
  for (let c = s.charCodeAt(++i); ; c = s.charCodeAt(++i)) {
    if (c === 0x3a) return true;
    if (!(isAsciiLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2e || c === 0x2d)) return false;
  }
}

function isAsciiLetter(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

const MARKUP_DECLARATION = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[|\]\]>|<![A-Za-z][^>]*(?:>|$)/g;

/**
 * A title: plain text, with no residue of HTML comments, DOCTYPEs or CDATA markers (`safe<!--`) that a title
 * written as escaped HTML may carry, including an unterminated comment that runs to the end.
 */
export function titleText(s: string | undefined): string | undefined {
  return s === undefined ? undefined : plainText(withoutMarkupDeclarations(s));
}

/** HTML without comments (an unterminated one runs to the end), DOCTYPEs and CDATA markers. */
export function withoutMarkupDeclarations(html: string): string {
  return html.indexOf('<!') === -1 && html.indexOf(']]>') === -1 ? html : html.replace(MARKUP_DECLARATION, '');
}

/** "jo@example.com (Jo Smith)" and "Jo Smith <jo@example.com>" become "Jo Smith"; other values are kept. */
export function personName(raw: string | undefined): string | undefined {
  const s = plainText(raw);
  if (!s) return undefined;
  const paren = /^\S+@\S+\s*\((.+)\)$/.exec(s);
  if (paren) return paren[1].trim() || undefined;
  const emailInParens = /^(.+?)\s*\(\s*(?:mailto:)?[^()\s]+@[^()\s]+\s*\)$/.exec(s);
  if (emailInParens) return emailInParens[1].replace(/^"|"$/g, '').trim() || undefined;
  const angle = /^(.+?)\s*<[^>]*@[^>]*>$/.exec(s);
  if (angle) return angle[1].replace(/^"|"$/g, '').trim() || undefined;
  return s;
}

/** An element's text, descendants included when markup was written straight into it (`<title><b>x</b></title>`). */
export function textOf(doc: XmlDocument, el: XmlElement): string {
  return el.children.length === 0 ? el.text : deepText(doc, el);
}

/** Append a value when present and not yet in the list. */
export function pushUnique(list: string[], value: string | undefined): void {
  if (value !== undefined && value !== '' && !list.includes(value)) list.push(value);
}

/** A positive integer attribute value, or undefined. */
export function posInt(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number.parseInt(s.trim(), 10);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Add a media object, merging into an existing one with the same URL (first values win). */
export function addMedia(list: Media[], m: Partial<Media> & { url?: string }): void {
  if (!m.url) return;
  const existing = list.find((x) => x.url === m.url);
  const clean = withoutUndefined({ ...m }) as Media;
  if (existing) {
    for (const k of Object.keys(clean) as (keyof Media)[]) {
      if (existing[k] === undefined) (existing as Record<string, unknown>)[k] = clean[k];
    }
  } else list.push(clean);
}

/**
 * The first of the item's date texts that reads; each present one that does not read is a warning naming the
 * item and the text (the item then has no such date: it is never invented).
 */
export function readDate(texts: (string | undefined)[], warnings: string[] | undefined, item: string): string | undefined {
  for (const text of texts) {
    if (text === undefined) continue;
    const iso = parseDate(text);
    if (iso !== undefined) return iso;
    warnings?.push(`item "${item}": unreadable date "${text.slice(0, 80)}" ignored`);
  }
  return undefined;
}

/**
 * Sets the embargo the wire states for an item, `text` its time as written ('' for an element without one). A
 * time that reads is embargoedUntil; none, or one that does not read (a warning naming the item and the text),
 * holds the item with no end (embargoEndUnknown) instead of dropping the embargo: a story shown before its
 * embargo cannot be taken back, and a later copy with a readable time, or with no embargo, releases it.
 */
export function setEmbargo(item: WireItem, text: string, warnings: string[] | undefined, label: string): void {
  const iso = text === '' ? undefined : parseDate(text);
  if (iso !== undefined) {
    item.embargoedUntil = iso;
    return;
  }
  item.embargoEndUnknown = true;
  if (text !== '') warnings?.push(`item "${label}": unreadable embargo time "${text.slice(0, 80)}": held until a copy gives one that reads`);
}

/** How a warning names an item: its title, else its guid, else its link. */
export function itemLabel(item: { title?: string; guid?: string; url?: string }): string {
  return (item.title ?? item.guid ?? item.url ?? '(untitled)').slice(0, 80);
}

/** A medium guessed from a MIME type, when the document does not say. */
export function mediumOf(type: string | undefined): string | undefined {
  if (!type) return undefined;
  const t = type.toLowerCase();
  if (t.startsWith('image/')) return 'image';
  if (t.startsWith('video/')) return 'video';
  if (t.startsWith('audio/')) return 'audio';
  return undefined;
}

/**
 * A document whose items are read one at a time, on demand (formats/index.ts openFeed): the tree of each item
 * can go once it is read, and a caller that already knows an item by its source (ingestion's item hashes) need
 * not read it at all.
 */
export interface ItemReader {
  /** The document's own fields; `warnings` is live: each item read adds its own (an unreadable date). */
  meta: Omit<FeedDoc, 'items'> & { warnings: string[] };
  count: number;
  /** Reads item i into a WireItem. */
  read(i: number): WireItem;
  /**
   * What item i is read from, as written (its attributes and source text), or undefined when the module keeps no
   * source per item. Two items with the same source and the same `context` read the same.
   */
  source(i: number): string | undefined;
  /** What reading any item depends on besides its own source: the format, inherited defaults, ancestors, prolog. */
  context(i: number): string;
  /** Lets item i's subtree go: it is not read again. */
  release(i: number): void;
}

/** An ItemReader over items already read (the modules that read a document as a whole). */
export function eagerItems(doc: FeedDoc): ItemReader {
  const { items, warnings, ...rest } = doc;
  return {
    meta: withFields(rest, { warnings: warnings ?? [] }),
    count: items.length,
    read: (i) => items[i]!,
    source: () => undefined,
    context: () => '',
    release: () => undefined,
  };
}

/** A FeedDoc with every item read (parseDocument of the modules that read items one at a time). */
export function readAllItems(reader: ItemReader): FeedDoc {
  const items: WireItem[] = [];
  for (let i = 0; i < reader.count; i++) items.push(reader.read(i));
  const { warnings, ...meta } = reader.meta;
  return withFields(meta, { items, warnings });
}

/**
 * What an XML item's reading depends on besides its own element: the attributes of every element around it
 * (namespace declarations, xml:base, xml:lang) and the document's prolog (the DOCTYPE's entities), with the
 * module's own inherited defaults. One string per parent element, computed once.
 */
export function xmlItemContext(doc: XmlDocument, defaults: unknown): (el: XmlElement) => string {
  const byParent = new Map<XmlElement | undefined, string>();
  // Only ingestion asks for contexts: readFeed and parseFeed never pay for the defaults' JSON.
  let documentPart: string | undefined;
  return (el) => {
    let ctx = byParent.get(el.parent);
    if (ctx === undefined) {
      documentPart ??= `${JSON.stringify(defaults, (k, v) => (k === 'warnings' ? undefined : v))}\n`;
      const prolog = doc.root ? doc.source.slice(0, doc.root.innerStart) : '';
      const chain: Record<string, string>[] = [];
      for (let e = el.parent; e; e = e.parent) chain.push(e.attrs);
      ctx = `${documentPart}${JSON.stringify(chain)}\n${prolog}`;
      byParent.set(el.parent, ctx);
    }
    return ctx;
  };
}

/** An XML item's own source: its name, attributes and the text between its tags. */
export function xmlItemSource(doc: XmlDocument, el: XmlElement): string {
  return `${el.name}${JSON.stringify(el.attrs)}\n${doc.source.slice(el.innerStart, el.innerEnd)}`;
}

/** An ItemReader over the item elements of an XML document, each read by `read`. */
export function xmlItemReader(
  doc: XmlDocument,
  els: XmlElement[],
  meta: ItemReader['meta'],
  defaults: unknown,
  read: (el: XmlElement) => WireItem,
): ItemReader {
  const contextOf = xmlItemContext(doc, defaults);
  return {
    meta,
    count: els.length,
    read: (i) => read(els[i]!),
    source: (i) => xmlItemSource(doc, els[i]!),
    context: (i) => contextOf(els[i]!),
    release: (i) => {
      els[i]!.children = [];
      els[i]!.text = '';
    },
  };
}
