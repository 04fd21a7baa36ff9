import { feedItems, type FeedDocument, type ItemView } from './feed-document.js';
import { jsonLong, stripIllegal } from './xml.js';
import { rfc3339, textToHtml } from './text.js';

// Printable ASCII without quote or backslash is its own JSON literal: most ids, URLs, dates and names.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const J = (value: unknown): string => (typeof value === 'string' && PLAIN.test(value) ? `"${value}"` : JSON.stringify(value));
const names = (list: string[]): string => `[${list.map((name) => `{"name":${J(name)}}`).join(',')}]`;
const strings = (list: string[]): string => `[${list.map(J).join(',')}]`;

/**
 * Renders JSON Feed 1.1; wirefeed-only fields live under `_wirefeed`, as the spec asks of extensions. Written as
 * text in a fixed key order (the same articles give the same bytes), with bodies from a memo of their JSON form.
 */
export function renderJsonFeed(doc: FeedDocument): string {
  const out: string[] = ['{"version":"https://jsonfeed.org/version/1.1","title":', J(stripIllegal(doc.title))];
  out.push(',"home_page_url":', J(doc.homeUrl), ',"feed_url":', J(doc.selfUrl));
  if (doc.description !== '') out.push(',"description":', J(stripIllegal(doc.description)));
  if (doc.nextUrl !== undefined) out.push(',"next_url":', J(doc.nextUrl));
  if (doc.iconUrl !== undefined) out.push(',"icon":', J(doc.iconUrl));
  if (doc.language !== undefined) out.push(',"language":', J(doc.language));
  if (doc.hubUrl !== undefined) out.push(',"hubs":[{"type":"WebSub","url":', J(doc.hubUrl), '}]');
  out.push(',"authors":[{"name":"wirefeed"}],"items":[');
  let first = true;
  for (const item of feedItems(doc)) {
    if (!first) out.push(',');
    first = false;
    jsonItem(out, item);
  }
  out.push(']}\n');
  return out.join('');
}

function jsonItem(out: string[], item: ItemView): void {
  out.push('{"id":', J(item.id), ',"url":', J(item.link), ',"title":', J(item.title), ',"content_html":');
  out.push(item.html !== '' ? jsonLong(item.html) : J(textToHtml(item.summary ?? item.title)));
  if (item.summary !== undefined) out.push(',"summary":', J(item.summary));
  const image = item.media.find((m) => m.medium === 'image' || m.type?.startsWith('image/'));
  if (image !== undefined) out.push(',"image":', J(image.url));
  if (item.published !== undefined) out.push(',"date_published":"', rfc3339(item.published), '"');
  if (item.updated > 0) out.push(',"date_modified":"', rfc3339(item.updated), '"');
  if (item.authors.length > 0) out.push(',"authors":', names(item.authors));
  if (item.categories.length > 0) out.push(',"tags":', strings(item.categories));
  if (item.language !== undefined) out.push(',"language":', J(item.language));
  const attachments = item.media
    .filter((m) => m.type !== undefined)
    .map((m) => (m.fileSize === undefined ? { url: m.url, mime_type: m.type } : { url: m.url, mime_type: m.type, size_in_bytes: m.fileSize }));
  if (attachments.length > 0) out.push(',"attachments":', J(attachments));
  out.push(',"_wirefeed":{"partner_id":', J(item.partnerId));
  if (item.source !== undefined) out.push(',"source":', J({ name: item.source, feed_url: item.sourceFeedUrl }));
  if (item.rights !== undefined) out.push(',"rights":', J(item.rights));
  if (item.related.length > 0) out.push(',"related":', J(item.related));
  if (item.media.length > 0) out.push(',"media":', J(item.media));
  out.push('}}');
}
