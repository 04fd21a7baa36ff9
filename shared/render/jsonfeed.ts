import { feedItems, type FeedDocument, type ItemView } from './feed-document.js';
import { stripIllegal } from './xml.js';
import { rfc3339, textToHtml } from './text.js';

/** Renders JSON Feed 1.1; wirefeed-only fields live under `_wirefeed`, as the spec asks of extensions. */
export function renderJsonFeed(doc: FeedDocument): string {
  const feed: Record<string, unknown> = {
    version: 'https://jsonfeed.org/version/1.1',
    title: doc.title,
    home_page_url: doc.homeUrl,
    feed_url: doc.selfUrl,
  };
  if (doc.description !== '') feed.description = doc.description;
  if (doc.nextUrl !== undefined) feed.next_url = doc.nextUrl;
  if (doc.iconUrl !== undefined) feed.icon = doc.iconUrl;
  if (doc.language !== undefined) feed.language = doc.language;
  if (doc.hubUrl !== undefined) feed.hubs = [{ type: 'WebSub', url: doc.hubUrl }];
  feed.authors = [{ name: 'wirefeed' }];
  feed.items = feedItems(doc).map(jsonItem);
  // Item strings were cleaned by itemView; JSON.stringify would only escape control characters as \u0001,
  // which are still junk to a reader, so the feed-level strings are cleaned here too.
  feed.title = stripIllegal(doc.title);
  if (doc.description !== '') feed.description = stripIllegal(doc.description);
  return `${JSON.stringify(feed)}\n`;
}

function jsonItem(item: ItemView): Record<string, unknown> {
  const out: Record<string, unknown> = { id: item.id, url: item.link, title: item.title };
  out.content_html = item.html !== '' ? item.html : textToHtml(item.summary ?? item.title);
  if (item.summary !== undefined) out.summary = item.summary;
  const image = item.media.find((m) => m.medium === 'image' || m.type?.startsWith('image/'));
  if (image !== undefined) out.image = image.url;
  if (item.published !== undefined) out.date_published = rfc3339(item.published);
  if (item.updated > 0) out.date_modified = rfc3339(item.updated);
  if (item.authors.length > 0) out.authors = item.authors.map((name) => ({ name }));
  if (item.categories.length > 0) out.tags = item.categories;
  if (item.language !== undefined) out.language = item.language;
  const attachments = item.media.filter((m) => m.type !== undefined).map((m) => ({ url: m.url, mime_type: m.type }));
  if (attachments.length > 0) out.attachments = attachments;
  const ext: Record<string, unknown> = { partner_id: item.partnerId };
  if (item.source !== undefined) ext.source = { name: item.source, feed_url: item.sourceFeedUrl };
  if (item.rights !== undefined) ext.rights = item.rights;
  if (item.related.length > 0) ext.related = item.related;
  if (item.media.length > 0) ext.media = item.media;
  out._wirefeed = ext;
  return out;
}
