import type { ParseContext, WireItem } from '../model/wire-item.js';
import { type FeedDoc, addMedia, withoutUndefined, emptyItem, itemLabel, mediumOf, plainText, pushUnique, readDate } from './common.js';
import { textToHtml as escapeHtml } from '../model/plain-text.js';
import { resolveUrl } from './text.js';

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
};
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Read a JSON Feed 1.0 or 1.1 document (already JSON-parsed). */
export function parseDocument(value: unknown, ctx: ParseContext): FeedDoc {
  const feed = obj(value) ?? {};
  const warnings: string[] = [];
  const link = resolveUrl(str(feed.home_page_url), ctx.url);
  const base = ctx.url ?? str(feed.feed_url) ?? link;
  const feedAuthors = authorsOf(feed);
  const language = str(feed.language);
  const items: WireItem[] = [];
  arr(feed.items).forEach((raw, i) => {
    const it = obj(raw);
    if (!it) {
      warnings.push(`item ${i + 1} is not an object and was skipped`);
      return;
    }
    items.push(readItem(it, { base, link, feedAuthors, language, warnings }));
  });
  if (!Array.isArray(feed.items)) warnings.push('JSON Feed has no items array');
  return withoutUndefined({ title: plainText(str(feed.title)), link, language, items, warnings });
}


function authorsOf(o: Json): string[] {
  const out: string[] = [];
  // 1.1 has authors[]; 1.0 had a single author, which 1.1 readers must still accept.
  for (const a of [...arr(o.authors), o.author]) {
    const p = obj(a);
    if (p) pushUnique(out, plainText(str(p.name)) ?? str(p.url));
  }
  return out;
}

interface ItemDefaults {
  base: string | undefined;
  link: string | undefined;
  feedAuthors: string[];
  language?: string;
  warnings: string[];
}

function readItem(it: Json, d: ItemDefaults): WireItem {
  const { base, link, feedAuthors, language } = d;
  const item = emptyItem();
  item.guid = str(it.id);
  item.url = resolveUrl(str(it.url), base, link);
  const external = resolveUrl(str(it.external_url), base, link);
  if (external) {
    if (item.url === undefined) item.url = external;
    else if (external !== item.url) item.relatedLinks.push({ title: plainText(str(it.title)) ?? external, url: external });
  }
  item.title = plainText(str(it.title));
  const docBase = item.url ?? base;
  const html = str(it.content_html);
  const text = str(it.content_text);
  const summary = str(it.summary);
  // content_html passes as written: normalization resolves its relative URLs against the item url, as JSON Feed means.
  item.contentHtml = html ?? (text ? textToHtml(text) : undefined);
  item.summaryHtml = summary ? escapeHtml(summary) : undefined;
  item.contentHtml ??= item.summaryHtml;
  const label = itemLabel(item);
  item.updatedAt = readDate([str(it.date_modified)], d.warnings, label);
  item.publishedAt = readDate([str(it.date_published)], d.warnings, label) ?? item.updatedAt;
  item.authors = authorsOf(it);
  if (item.authors.length === 0) item.authors = [...feedAuthors];
  for (const t of arr(it.tags)) pushUnique(item.categories, plainText(str(t)));
  item.language = str(it.language) ?? language;
  const image = resolveUrl(str(it.image), docBase);
  if (image) addMedia(item.media, { url: image, medium: 'image' });
  const banner = resolveUrl(str(it.banner_image), docBase);
  if (banner) addMedia(item.media, { url: banner, medium: 'image' });
  for (const a of arr(it.attachments)) {
    const at = obj(a);
    if (!at) continue;
    const type = str(at.mime_type);
    const size = at.size_in_bytes;
    const fileSize = typeof size === 'number' && Number.isInteger(size) && size > 0 ? size : undefined;
    addMedia(item.media, { url: resolveUrl(str(at.url), docBase), type, medium: mediumOf(type), caption: plainText(str(at.title)), fileSize });
  }
  return withoutUndefined(item);
}

function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
