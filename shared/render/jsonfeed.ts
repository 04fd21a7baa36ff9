import { feedItems, type FeedDocument, type ItemView } from './feed-document.js';
import { jsonLong, stripIllegal } from './xml.js';
import { rfc3339, textToHtml } from './text.js';

// Printable ASCII without quote or backslash is its own JSON literal: most ids, URLs, dates and names. Pieces
// are pushed separately rather than joined by templates: join then copies each once, with no string in between.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
function str(out: string[], value: string): void {
  if (PLAIN.test(value)) out.push('"', value, '"');
  else out.push(JSON.stringify(value));
}
const MEDIA_TEXT = ['type', 'medium', 'caption', 'credit'] as const;
const MEDIA_NUMBERS = ['width', 'height', 'fileSize'] as const;

function strList(out: string[], list: string[], asNames: boolean): void {
  out.push('[');
  for (let i = 0; i < list.length; i++) {
    out.push(i === 0 ? (asNames ? '{"name":' : '') : asNames ? ',{"name":' : ',');
    str(out, list[i]!);
    if (asNames) out.push('}');
  }
  out.push(']');
}

/**
 * Renders JSON Feed 1.1; wirefeed-only fields live under `_wirefeed`, as the spec asks of extensions. Written as
 * text in a fixed key order (the same articles give the same bytes), with bodies from a memo of their JSON form.
 */
export function renderJsonFeed(doc: FeedDocument): string {
  const out: string[] = ['{"version":"https://jsonfeed.org/version/1.1","title":'];
  str(out, stripIllegal(doc.title));
  out.push(',"home_page_url":');
  str(out, doc.homeUrl);
  out.push(',"feed_url":');
  str(out, doc.selfUrl);
  if (doc.description !== '') {
    out.push(',"description":');
    str(out, stripIllegal(doc.description));
  }
  if (doc.nextUrl !== undefined) {
    out.push(',"next_url":');
    str(out, doc.nextUrl);
  }
  if (doc.iconUrl !== undefined) {
    out.push(',"icon":');
    str(out, doc.iconUrl);
  }
  if (doc.language !== undefined) {
    out.push(',"language":');
    str(out, doc.language);
  }
  if (doc.hubUrl !== undefined) {
    out.push(',"hubs":[{"type":"WebSub","url":');
    str(out, doc.hubUrl);
    out.push('}]');
  }
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
  out.push('{"id":');
  str(out, item.id);
  out.push(',"url":');
  str(out, item.link);
  out.push(',"title":');
  str(out, item.title);
  out.push(',"content_html":');
  if (item.html !== '') out.push(jsonLong(item.html));
  else str(out, textToHtml(item.summary ?? item.title));
  if (item.summary !== undefined) {
    out.push(',"summary":');
    str(out, item.summary);
  }
  const image = item.media.find((m) => m.medium === 'image' || m.type?.startsWith('image/'));
  if (image !== undefined) {
    out.push(',"image":');
    str(out, image.url);
  }
  if (item.published !== undefined) out.push(',"date_published":"', rfc3339(item.published), '"');
  if (item.updated > 0) out.push(',"date_modified":"', rfc3339(item.updated), '"');
  if (item.authors.length > 0) {
    out.push(',"authors":');
    strList(out, item.authors, true);
  }
  if (item.categories.length > 0) {
    out.push(',"tags":');
    strList(out, item.categories, false);
  }
  if (item.language !== undefined) {
    out.push(',"language":');
    str(out, item.language);
  }
  let attachments = 0;
  for (const m of item.media) {
    if (m.type === undefined) continue;
    out.push(attachments++ === 0 ? ',"attachments":[{"url":' : ',{"url":');
    str(out, m.url);
    out.push(',"mime_type":');
    str(out, m.type);
    if (m.fileSize !== undefined) out.push(',"size_in_bytes":', String(m.fileSize));
    out.push('}');
  }
  if (attachments > 0) out.push(']');
  out.push(',"_wirefeed":{"partner_id":');
  str(out, item.partnerId);
  if (item.source !== undefined) {
    out.push(',"source":{"name":');
    str(out, item.source);
    out.push(',"feed_url":');
    str(out, item.sourceFeedUrl);
    out.push('}');
  }
  if (item.rights !== undefined) {
    out.push(',"rights":');
    str(out, item.rights);
  }
  if (item.related.length > 0) {
    out.push(',"related":[');
    item.related.forEach((r, i) => {
      out.push(i === 0 ? '{"title":' : ',{"title":');
      str(out, r.title);
      out.push(',"url":');
      str(out, r.url);
      out.push('}');
    });
    out.push(']');
  }
  if (item.media.length > 0) {
    out.push(',"media":[');
    item.media.forEach((m, i) => {
      out.push(i === 0 ? '{"url":' : ',{"url":');
      str(out, m.url);
      for (const key of MEDIA_TEXT) {
        const value = m[key];
        if (value !== undefined) {
          out.push(`,"${key}":`);
          str(out, value);
        }
      }
      for (const key of MEDIA_NUMBERS) {
        const value = m[key];
        if (value !== undefined) out.push(`,"${key}":`, String(value));
      }
      out.push('}');
    });
    out.push(']');
  }
  out.push('}}');
}
