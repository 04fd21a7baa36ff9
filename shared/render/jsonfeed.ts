import { textToHtml } from '../model/plain-text.js';
import { channelText, feedItems, type FeedDocument, type ItemView } from './feed-document.js';
import { rfc3339 } from './fields.js';
import { jsonStringOfLegalText } from '../model/json-string.js';
import { WF_ABOUT } from './extension.js';

/**
 * Renders JSON Feed 1.1; wirefeed-only fields live under `_wirefeed`, as the spec asks of extensions. Key order
 * is fixed, so the same articles give the same bytes: exactly JSON.stringify's of the whole feed object with
 * content_html in its place, written in pieces so that the bodies skip JSON.stringify (see model/json-string.ts).
 */
export function renderJsonFeed(doc: FeedDocument): string {
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
  // `items` is the last key: the channel's JSON without its closing brace, then the items. Built by
  // concatenation, as JSON.stringify builds its result: no one large copy here.
  const channelJson = JSON.stringify(feed);
  let out = `${channelJson.slice(0, -1)},"items":[`;
  for (let i = 0; i < items.length; i++) out += i === 0 ? jsonItem(items[i]!) : `,${jsonItem(items[i]!)}`;
  return `${out}]}\n`;
}

/**
 * One item's JSON: JSON.stringify of its object, with content_html (the fourth key) written by jsonStringOfLegalText
 * (item.html holds no XML-illegal character: safeBodyHtml sees to it, and textToHtml of plain text too).
 */
function jsonItem(item: ItemView): string {
  // A body-less item shows its summary.
  const html = item.html !== '' ? item.html : textToHtml(item.summary ?? item.title);
  const head = JSON.stringify({ id: item.id, url: item.link, title: item.title });
  const out: Record<string, unknown> = {};
  if (item.summary !== undefined) out.summary = item.summary;
  const image = item.media.find((m) => m.medium === 'image' || m.type?.startsWith('image/'));
  if (image !== undefined) out.image = image.url;
  if (item.published !== undefined) out.date_published = rfc3339(item.published);
  if (item.updated > 0) out.date_modified = rfc3339(item.updated);
  if (item.authors.length > 0) out.authors = item.authors.map((name) => ({ name }));
  if (item.categories.length > 0) out.tags = item.categories.map((c) => c.label);
  if (item.language !== undefined) out.language = item.language;
  const attachments = item.media
    .filter((m) => m.type !== undefined)
    .map((m) => (m.fileSize === undefined ? { url: m.url, mime_type: m.type } : { url: m.url, mime_type: m.type, size_in_bytes: m.fileSize }));
  if (attachments.length > 0) out.attachments = attachments;
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
  out._wirefeed = ext;
  // `out` always has _wirefeed, so its JSON is never `{}`.
  return `${head.slice(0, -1)},"content_html":${jsonStringOfLegalText(html)},${JSON.stringify(out).slice(1)}`;
}
