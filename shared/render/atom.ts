import type { Buffer } from 'node:buffer';
import { attrs, el, esc } from './xml.js';
import { renderToBytes, renderToString, type PieceSink } from './utf8.js';
import { channelText, feedItems, newestInstant, type FeedDocument, type ItemView } from './feed-document.js';
import { rfc3339 } from './fields.js';
import { WF_NAMESPACE, extensionElements } from './extension.js';

/** Renders Atom 1.0 (RFC 4287) with RFC 5005 paging links and Media RSS for media. */
export function renderAtom(doc: FeedDocument): string {
  return renderToString(doc, atomPieces);
}

/** renderAtom's output as UTF-8 bytes, the same bytes, without building the document's string (see utf8.ts). */
export function renderAtomBytes(doc: FeedDocument): Buffer {
  return renderToBytes(doc, atomPieces);
}

function atomPieces(doc: FeedDocument, out: PieceSink): void {
  out.push('<?xml version="1.0" encoding="utf-8"?>\n');
  if (doc.stylesheetUrl !== undefined) out.push(`<?xml-stylesheet type="text/xsl" href="${esc(doc.stylesheetUrl)}"?>\n`);
  out.push(
    `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wf="${WF_NAMESPACE}"${attrs({ 'xml:lang': doc.language })}>`,
  );
  const channel = channelText(doc);
  out.push(el('id', doc.id), `<title type="text">${esc(channel.title)}</title>`);
  if (channel.description !== '') out.push(`<subtitle type="text">${esc(channel.description)}</subtitle>`);
  // Deterministic: the newest entry's date; an empty feed says the epoch rather than "now".
  out.push(el('updated', rfc3339(newestInstant(doc.articles))));
  // atom:feed needs an author unless every entry has one; the publisher is always true.
  out.push('<author><name>wirefeed</name></author>');
  out.push('<generator uri="https://github.com/wirefeed/wirefeed">wirefeed</generator>');
  if (doc.iconUrl !== undefined) out.push(el('icon', doc.iconUrl));
  out.push(`<link rel="self" type="application/atom+xml" href="${esc(doc.selfUrl)}"/>`);
  out.push(`<link rel="alternate" type="text/html" href="${esc(doc.pageUrl ?? doc.homeUrl)}"/>`);
  for (const alt of doc.alternates ?? []) {
    if (alt.type !== 'application/atom+xml') out.push(`<link rel="alternate" type="${esc(alt.type)}" href="${esc(alt.url)}"/>`);
  }
  if (doc.hubUrl !== undefined) out.push(`<link rel="hub" href="${esc(doc.hubUrl)}"/>`);
  if (doc.firstUrl !== undefined) out.push(`<link rel="first" href="${esc(doc.firstUrl)}"/>`);
  if (doc.nextUrl !== undefined) {
    out.push(`<link rel="next" href="${esc(doc.nextUrl)}"/>`);
    out.push(`<link rel="prev-archive" href="${esc(doc.nextUrl)}"/>`);
  }
  for (const item of feedItems(doc)) renderEntry(out, item);
  out.push('</feed>\n');
}

function renderEntry(out: PieceSink, item: ItemView): void {
  out.push(`<entry${attrs({ 'xml:lang': item.language })}>`);
  out.push(el('id', item.id), `<title type="text">${esc(item.title)}</title>`);
  out.push(el('updated', rfc3339(item.updated)));
  if (item.published !== undefined) out.push(el('published', rfc3339(item.published)));
  for (const author of item.authors) out.push(`<author>${el('name', author)}</author>`);
  out.push(`<link rel="alternate" type="text/html" href="${esc(item.link)}"/>`);
  for (const c of item.categories) out.push(`<category${attrs({ term: c.term, label: c.label === c.term ? undefined : c.label })}/>`);
  // Long text is pushed as a piece of its own, as in rss.ts: inside a template literal every body would be copied
  // once more into a string that is then copied again.
  if (item.summary !== undefined) out.push('<summary type="text">', esc(item.summary), '</summary>');
  if (item.html !== '') {
    out.push('<content type="html">');
    out.pushEscapedLong(item.html);
    out.push('</content>');
  }
  let enclosed = false;
  for (const m of item.media) {
    if (!enclosed && m.type !== undefined) {
      out.push(`<link${attrs({ rel: 'enclosure', type: m.type, href: m.url, length: m.fileSize })}/>`);
      enclosed = true;
    }
  }
  for (const r of item.related) if (r.url !== undefined) out.push(`<link${attrs({ rel: 'related', href: r.url, title: r.title })}/>`);
  if (item.rights !== undefined) out.push(`<rights type="text">${esc(item.rights)}</rights>`);
  if (item.source !== undefined) {
    // atom:source carries the originating feed's metadata: here the partner feed the article came through.
    out.push(`<source>${el('id', `${item.sourceFeedUrl}`)}<title type="text">${esc(item.source)}</title>`);
    out.push(`<link rel="self" href="${esc(item.sourceFeedUrl)}"/></source>`);
  }
  for (const m of item.media) {
    out.push(`<media:content${attrs({ url: m.url, type: m.type, medium: m.medium, width: m.width, height: m.height, fileSize: m.fileSize })}>`);
    out.push(el('media:description', m.caption), el('media:credit', m.credit), '</media:content>');
  }
  out.push(extensionElements(item), '</entry>');
}
