import type { Article, Media } from '../model/article.js';
import { categoryKey, categoryLabel } from '../model/article-rules.js';
import { safeBodyHtml } from './html.js';
import {
  MAX_SUMMARY_CHARS,
  MAX_TITLE_CHARS,
  languageTag,
  safeHttpUrl,
  tagSpecific,
} from './fields.js';
import { plainText } from '../model/plain-text.js';
import { withFields } from '../model/objects.js';
import { parseInstant } from '../model/instant.js';

/** Everything a renderer needs to write one feed; built by the publish use case, never from the clock. */
export interface FeedDocument {
  /** Permanent IRI of the feed (a tag: URI), stable across hosts and pages. */
  id: string;
  title: string;
  description: string;
  /** The URL this document is served at: atom:link rel="self" must match it. */
  selfUrl: string;
  /** The index page of every feed. */
  homeUrl: string;
  /** This feed as an HTML page: the channel link for people (falls back to homeUrl). */
  pageUrl?: string;
  language?: string;
  /** Articles in feed order (newest first), already filtered and de-duplicated. */
  articles: Article[];
  /** RFC 5005: the next (older) page. */
  nextUrl?: string;
  /** RFC 5005: the first page, on every page after it. */
  firstUrl?: string;
  /** WebSub hub, advertised as rel="hub". */
  hubUrl?: string;
  /** XSL stylesheet so that a browser shows the feed as a page. */
  stylesheetUrl?: string;
  iconUrl?: string;
  /** Prefix of item ids, e.g. `tag:news.example.com,2024:`; item ids are this + `article:` + Article.id. */
  idPrefix: string;
  /**
   * Base of the article pages and the canonical JSON API, e.g. `https://news.example.com/articles/`: an article
   * with no partner URL links to its own page, `{base}{id}.html`.
   */
  articleBaseUrl: string;
  /** Base of per-partner feeds, e.g. `https://news.example.com/feeds/partners/`: RSS <source url> points here. */
  partnerFeedBaseUrl: string;
  /** Other formats of the same feed, for alternate links. */
  alternates?: Array<{ type: string; url: string }>;
}

/** One article shaped for output, computed once and shared by all renderers. */
export interface ItemView {
  id: string;
  /** The partner's link when it has a usable one, else the article's own page. */
  link: string;
  /** The partner's own page for the story, when there is one. */
  originalUrl?: string;
  /** The article's page on wirefeed. */
  pageUrl: string;
  /** The canonical JSON of the article. */
  jsonUrl: string;
  version: number;
  title: string;
  summary?: string;
  html: string;
  published?: number;
  updated: number;
  authors: string[];
  /** `term` is the stable value (category feed URLs), `label` what readers are shown (the term when none). */
  categories: Array<{ term: string; label: string }>;
  language?: string;
  media: Array<Media & { url: string }>;
  /** Related links in the partner's order; a "read also" line may name a story without linking it. */
  related: Array<{ title: string; url?: string }>;
  /** The feed title for RSS/Atom <source>: the originating agency, else the publisher. */
  source?: string;
  /** The originating agency as credited ("Sumber: Reuters"). */
  agency?: string;
  editor?: string;
  publisher?: string;
  dateline?: string;
  sourceFeedUrl: string;
  rights?: string;
  partnerId: string;
}

/**
 * The channel's title and description as plain text. They come from configuration, stored partner categories
 * and request paths (`/feeds/categories/<img onerror=…>.rss`), so they get the same treatment as item titles.
 */
export function channelText(doc: FeedDocument): { title: string; description: string } {
  return { title: plainText(doc.title, MAX_TITLE_CHARS), description: plainText(doc.description, MAX_SUMMARY_CHARS) };
}

/** Newest date an article carries; articles without one sort as the epoch so output stays deterministic. */
export function articleInstant(article: Article): number {
  return parseInstant(article.updatedAt) ?? parseInstant(article.publishedAt) ?? parseInstant(article.fetchedAt) ?? 0;
}

/** The newest item instant in the document (the feed's "updated"), 0 for an empty feed. */
export function newestInstant(articles: Article[]): number {
  let newest = 0;
  for (const a of articles) {
    const t = articleInstant(a);
    if (t > newest) newest = t;
  }
  return newest;
}

/** Shapes one article for output: plain-text title, safe absolute links, sanitized body, parsed dates. */
export function itemView(doc: FeedDocument, article: Article): ItemView {
  const published = parseInstant(article.publishedAt);
  const media: ItemView['media'] = [];
  for (const m of article.media) {
    const url = safeHttpUrl(m.url);
    if (url === undefined) continue;
    // Captions and credits are text fields like titles: a reader may render them as HTML.
    const caption = m.caption === undefined ? undefined : plainText(m.caption, MAX_SUMMARY_CHARS) || undefined;
    const credit = m.credit === undefined ? undefined : plainText(m.credit, MAX_TITLE_CHARS) || undefined;
    media.push(url === m.url && caption === m.caption && credit === m.credit ? m : dropUndefined(withFields(m, { url, caption, credit })));
  }
  const related: ItemView['related'] = [];
  for (const r of article.relatedLinks) {
    const url = safeHttpUrl(r.url);
    const title = plainText(r.title, MAX_TITLE_CHARS);
    if (url !== undefined) related.push({ title, url });
    else if (title !== '') related.push({ title });
  }
  // Agency copy (NITF, NewsML-G2) often has no web link: the model may hold none.
  const link = safeHttpUrl(article.url);
  const pageBase = `${doc.articleBaseUrl}${encodeURIComponent(article.id)}`;
  const summary = article.summary === undefined ? undefined : plainText(article.summary, MAX_SUMMARY_CHARS);
  const authors: string[] = [];
  for (const a of article.authors) {
    const name = plainText(a, MAX_TITLE_CHARS);
    if (name !== '') authors.push(name);
  }
  const categories: ItemView['categories'] = [];
  const seenCategories = new Set<string>();
  for (const c of article.categories) {
    const term = plainText(c, MAX_TITLE_CHARS);
    if (term === '' || seenCategories.has(categoryKey(term))) continue;
    seenCategories.add(categoryKey(term));
    categories.push({ term, label: plainText(categoryLabel(article, c), MAX_TITLE_CHARS) || term });
  }
  const source = article.source ?? article.publisher;
  return {
    id: `${doc.idPrefix}article:${tagSpecific(article.id)}`,
    link: link ?? `${pageBase}.html`,
    originalUrl: link,
    pageUrl: `${pageBase}.html`,
    jsonUrl: pageBase,
    version: article.version,
    title: plainText(article.title, MAX_TITLE_CHARS) || '(untitled)',
    summary: summary === '' ? undefined : summary,
    html: safeBodyHtml(article.bodyHtml, article.bodyPolicy),
    published,
    updated: articleInstant(article),
    authors,
    categories,
    language: languageTag(article.language),
    media,
    related,
    source: optionalText(source),
    agency: optionalText(article.source),
    editor: optionalText(article.editor),
    publisher: optionalText(article.publisher),
    dateline: optionalText(article.dateline),
    sourceFeedUrl: `${doc.partnerFeedBaseUrl}${encodeURIComponent(article.partnerId)}`,
    rights: article.rights === undefined ? undefined : plainText(article.rights, MAX_SUMMARY_CHARS) || undefined,
    partnerId: article.partnerId,
  };
}

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function optionalText(value: string | undefined): string | undefined {
  return value === undefined ? undefined : plainText(value, MAX_TITLE_CHARS) || undefined;
}

/** The document's items shaped for output, each id once: a repeated id would make readers drop or merge items. */
export function feedItems(doc: FeedDocument): ItemView[] {
  const seen = new Set<string>();
  const items: ItemView[] = [];
  for (const article of doc.articles) {
    if (seen.has(article.id)) continue;
    seen.add(article.id);
    items.push(itemView(doc, article));
  }
  return items;
}

/**
 * A guess at an XML feed's size in bytes, to size its output buffer once: the bodies, a little for escaping, and
 * about a kilobyte of markup and fields an item. A wrong guess costs a copy of what is written, never output.
 */
export function expectedFeedBytes(doc: FeedDocument): number {
  let bytes = 2048;
  for (const article of doc.articles) bytes += article.bodyHtml.length * 1.2 + 1024;
  return bytes;
}
