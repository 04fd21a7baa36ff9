import type { ParseContext } from '../model/wire-item.js';
import { type FeedDoc, type ItemReader, readAllItems, xmlItemReader, withoutUndefined, plainText, posInt, textOf, xmlBase, xmlLang } from './common.js';
import { readItem } from './rss.js';
import { resolveUrl } from './text.js';
import { type XmlDocument, type XmlElement, attr, complete, trimmed } from './xml.js';

/** Read an RSS 1.0 / RDF (or RSS 0.90) document: channel and items are siblings under rdf:RDF. */
export function parseDocument(doc: XmlDocument, ctx: ParseContext): FeedDoc {
  return readAllItems(openDocument(doc, ctx));
}

/** An RDF document's channel, its items read one at a time (see ItemReader). */
export function openDocument(doc: XmlDocument, ctx: ParseContext): ItemReader {
  const root = doc.root!;
  const isRss = (el: XmlElement) => el.ns === 'rss' || el.ns === '';
  const channel = root.children.find((c) => c.local === 'channel' && isRss(c));
  const outer = xmlBase(channel ?? root, ctx.url);
  let title: string | undefined;
  let linkRaw: string | undefined;
  let language: string | undefined;
  let rights: string | undefined;
  let publisher: string | undefined;
  let ttl: number | undefined;
  for (const el of channel?.children ?? []) {
    if (isRss(el)) {
      if (el.local === 'title') title ??= plainText(textOf(doc, el));
      else if (el.local === 'link') linkRaw ??= trimmed(el.text);
    } else if (el.ns === 'dc') {
      if (el.local === 'language') language ??= trimmed(el.text);
      else if (el.local === 'rights') rights ??= plainText(el.text);
      else if (el.local === 'publisher') publisher ??= plainText(el.text);
    } else if (el.local === 'updatePeriod' || el.local === 'ttl') {
      if (el.local === 'ttl') ttl = posInt(el.text);
    }
  }
  const link = resolveUrl(linkRaw, outer);
  const feedLang = language ?? xmlLang(channel ?? root);
  const warnings: string[] = [];
  const defaults = { base: link ?? outer, outer, language: feedLang, rights, publisher, warnings };
  const itemEls: XmlElement[] = root.children.filter((c) => c.local === 'item' && isRss(c));
  // Some producers nest items inside the channel; RSS 1.0 puts them beside it.
  if (channel) for (const c of channel.children) if (c.local === 'item' && isRss(c)) itemEls.push(c);
  const meta = withoutUndefined({ title, link, language: feedLang, ttlMinutes: ttl, warnings });
  return xmlItemReader(doc, complete(itemEls), meta, defaults, (el) => {
    const item = readItem(doc, el, defaults);
    // RSS 1.0 items have no guid: rdf:about is the item's URI and its identity.
    if (item.guid === undefined) {
      const about = trimmed(attr(el, 'about'));
      if (about) item.guid = about;
      if (item.url === undefined && about) item.url = resolveUrl(about, defaults.base);
    }
    return item;
  });
}

