import { textToHtml } from '../model/plain-text.js';
import { channelText, feedItems, type FeedDocument, type ItemView } from './feed-document.js';
import { rfc3339 } from './fields.js';
import { renderToBytes, renderToString, type PieceSink } from './utf8.js';
import { WF_ABOUT } from './extension.js';

/**
 * Renders JSON Feed 1.1; wirefeed-only fields live under `_wirefeed`, as the spec asks of extensions. Key order
 * is fixed, so the same articles give the same bytes: exactly JSON.stringify's of the whole feed object with
 * content_html in its place, written in pieces so that the bodies skip JSON.stringify (see model/json-string.ts).
 */
export function renderJsonFeed(doc: FeedDocument): string {
  return renderToString(doc, jsonFeedPieces);
}

/** renderJsonFeed's document as UTF-8 bytes, written as it is rendered (what publishing sends; see utf8.ts). */
export function renderJsonFeedBytes(doc: FeedDocument): Buffer {
  return renderToBytes(doc, jsonFeedPieces);
}

function jsonFeedPieces(doc: FeedDocument, out: PieceSink): void {
  const items = feedItems(doc);
  const channel = channelText(doc);
  const feed: Record<string, unknown> = {
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    home_page_url: doc.pageUrl ?? doc.homeUrl,
    feed_url: doc.selfUrl,
  };
  if (channel.description !== '') feed.description = channel.description;
  if (doc.nextUrl !== undefined) feed.next_url = doc.nextUrl;
  if (doc.iconUrl !== undefined) feed.icon = doc.iconUrl;
  if (doc.language !== undefined) feed.language = doc.language;
  if (doc.hubUrl !== undefined) feed.hubs = [{ type: 'WebSub', url: doc.hubUrl }];
  feed.authors = [{ name: 'wirefeed' }];
  // `items` is the last key: the channel's JSON without its closing brace, then the items.
  const channelJson = JSON.stringify(feed);
  out.push(`${channelJson.slice(0, -1)},"items":[`);
  for (let i = 0; i < items.length; i++) jsonItem(out, items[i]!, i === 0 ? '' : ',');
  out.push(']}\n');
}

/**
 * One item's JSON after `lead`: JSON.stringify of its object, with content_html (the fourth key) written as
 * jsonStringOfLegalText writes it (item.html holds no XML-illegal character: safeBodyHtml sees to it, and
 * textToHtml of plain text too).
 */
function jsonItem(out: PieceSink, item: ItemView, lead: string): void {
  // A body-less item shows its summary.
  const html = item.html !== '' ? item.html : textToHtml(item.summary ?? item.title);
  const head = JSON.stringify({ id: item.id, url: item.link, title: item.title });
  const rest: Record<string, unknown> = {};
  if (item.summary !== undefined) rest.summary = item.summary;
  const image = item.media.find((m) => m.medium === 'image' || m.type?.startsWith('image/'));
  if (image !== undefined) rest.image = image.url;
  if (item.published !== undefined) rest.date_published = rfc3339(item.published);
  if (item.updated > 0) rest.date_modified = rfc3339(item.updated);
  if (item.authors.length > 0) rest.authors = item.authors.map((name) => ({ name }));
  if (item.categories.length > 0) rest.tags = item.categories.map((c) => c.label);
  if (item.language !== undefined) rest.language = item.language;
  const attachments = item.media
    .filter((m) => m.type !== undefined)
    .map((m) => (m.fileSize === undefined ? { url: m.url, mime_type: m.type } : { url: m.url, mime_type: m.type, size_in_bytes: m.fileSize }));
  if (attachments.length > 0) rest.attachments = attachments;
  const ext: Record<string, unknown> = { about: WF_ABOUT, partner_id: item.partnerId, version: item.version, page_url: item.pageUrl };
  if (item.originalUrl !== undefined) ext.original_url = item.originalUrl;
  if (item.source !== undefined) ext.source = { name: item.source, feed_url: item.sourceFeedUrl };
  if (item.dateline !== undefined) ext.dateline = item.dateline;
  const credits: Record<string, string> = {};
  if (item.agency !== undefined) credits.source = item.agency;
  if (item.editor !== undefined) credits.editor = item.editor;
  if (item.publisher !== undefined) credits.publisher = item.publisher;
  if (Object.keys(credits).length > 0) ext.credits = credits;
  if (item.rights !== undefined) ext.rights = item.rights;
  if (item.related.length > 0) ext.related = item.related;
  if (item.media.length > 0) ext.media = item.media;
  rest._wirefeed = ext;
  out.push(`${lead}${head.slice(0, -1)},"content_html":`);
  out.pushJsonStringLong(html);
  // `rest` always has _wirefeed, so its JSON is never `{}`.
  out.push(`,${JSON.stringify(rest).slice(1)}`);
}
