import type { Buffer } from 'node:buffer';
import { attrs, el, esc } from './xml.js';
import { renderToBytes, renderToString, type PieceSink } from './utf8.js';
import { WF_NAMESPACE, extensionElements } from './extension.js';
import { channelText, feedItems, newestInstant, type FeedDocument, type ItemView } from './feed-document.js';
import { plainText, textToHtml } from '../model/plain-text.js';
import { rfc3339, rfc822 } from './fields.js';

const NAMESPACES =
  ' xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/"' +
  ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"' +
  ` xmlns:wf="${WF_NAMESPACE}"`;

/** Renders RSS 2.0 with the content, Dublin Core, Media RSS and Atom (self/hub/paging) extensions. */
export function renderRss(doc: FeedDocument): string {
  return renderToString(doc, rssPieces);
}

/** renderRss's output as UTF-8 bytes, the same bytes, without building the document's string (see utf8.ts). */
export function renderRssBytes(doc: FeedDocument): Buffer {
  return renderToBytes(doc, rssPieces);
}

function rssPieces(doc: FeedDocument, out: PieceSink): void {
  out.push('<?xml version="1.0" encoding="utf-8"?>\n');
  if (doc.stylesheetUrl !== undefined) out.push(`<?xml-stylesheet type="text/xsl" href="${esc(doc.stylesheetUrl)}"?>\n`);
  out.push(`<rss version="2.0"${NAMESPACES}><channel>`);
  const channel = channelText(doc);
  // The channel description is HTML to the readers that render it: its text is escaped into HTML, then into XML.
  out.push(el('title', channel.title), el('link', doc.pageUrl ?? doc.homeUrl), el('description', textToHtml(channel.description || channel.title)));
  out.push(el('language', doc.language));
  const newest = newestInstant(doc.articles);
  // The newest item's date, not the render time: the same articles must give the same bytes (and ETag).
  if (newest > 0) out.push(el('lastBuildDate', rfc822(newest)));
  out.push('<generator>wirefeed</generator><docs>https://www.rssboard.org/rss-specification</docs>');
  out.push(`<atom:link rel="self" type="application/rss+xml" href="${esc(doc.selfUrl)}"/>`);
  if (doc.hubUrl !== undefined) out.push(`<atom:link rel="hub" href="${esc(doc.hubUrl)}"/>`);
  if (doc.firstUrl !== undefined) out.push(`<atom:link rel="first" href="${esc(doc.firstUrl)}"/>`);
  if (doc.nextUrl !== undefined) {
    out.push(`<atom:link rel="next" href="${esc(doc.nextUrl)}"/>`);
    out.push(`<atom:link rel="prev-archive" href="${esc(doc.nextUrl)}"/>`);
  }
  for (const item of feedItems(doc)) renderItem(out, item);
  out.push('</channel></rss>\n');
}

function renderItem(out: PieceSink, item: ItemView): void {
  // Pieces are pushed one by one (no intermediate strings): join copies each once.
  out.push('<item><title>', esc(item.title), '</title><link>', esc(item.link), '</link>');
  // Our ids are tag: URIs, never URLs, so the guid is never a permalink (the validator checks that it would be).
  out.push('<guid isPermaLink="false">', esc(item.id), '</guid>');
  const published = item.published ?? item.updated;
  if (published > 0) out.push('<pubDate>', rfc822(published), '</pubDate>');
  if (item.updated > 0 && item.updated !== published) out.push('<atom:updated>', rfc3339(item.updated), '</atom:updated>');
  // <author> must be an email address; dc:creator takes a plain name, which is all we have.
  for (const author of item.authors) out.push('<dc:creator>', esc(author), '</dc:creator>');
  for (const category of item.categories) out.push('<category>', esc(category.label), '</category>');
  // description holds HTML: a plain-text summary is escaped into HTML first, then into XML.
  const description = item.summary !== undefined ? textToHtml(item.summary) : item.html;
  out.push('<description>');
  out.pushEscapedLong(description || textToHtml(item.title));
  out.push('</description>');
  if (item.html !== '') {
    out.push('<content:encoded>');
    out.pushEscapedLong(item.html);
    out.push('</content:encoded>');
  }
  let enclosed = false;
  for (const m of item.media) {
    out.push('<media:content', attrs({ url: m.url, type: m.type, medium: m.medium, width: m.width, height: m.height, fileSize: m.fileSize }), '>');
    if (m.caption !== undefined) out.push('<media:description>', esc(m.caption), '</media:description>');
    if (m.credit !== undefined) out.push('<media:credit>', esc(m.credit), '</media:credit>');
    out.push('</media:content>');
    // RSS allows one enclosure per item, and it needs a type and a positive length (the validator rejects 0), so
    // media of unknown size is carried by media:content alone.
    if (!enclosed && m.type !== undefined && m.fileSize !== undefined) {
      out.push('<enclosure', attrs({ url: m.url, length: m.fileSize, type: m.type }), '/>');
      enclosed = true;
    }
  }
  if (item.source !== undefined) out.push('<source url="', esc(item.sourceFeedUrl), '">', esc(item.source), '</source>');
  if (item.rights !== undefined) out.push('<dc:rights>', esc(item.rights), '</dc:rights>');
  if (item.language !== undefined) out.push('<dc:language>', item.language, '</dc:language>');
  for (const r of item.related) {
    if (r.url !== undefined) out.push('<atom:link', attrs({ rel: 'related', href: r.url, title: r.title }), '/>');
  }
  out.push(extensionElements(item), '</item>');
}
