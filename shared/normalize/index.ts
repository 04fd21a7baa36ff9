/**
 * Normalization: every wire item becomes one clean, attributed canonical article. Pure (no clock, no I/O).
 *
 * Steps, each a module testable alone:
 *  1. sanitize (sanitize.ts) ........ allowlisted HTML, absolute URLs, no scripts, pixels or tracking params
 *  2. paragraphs (paragraphs.ts) .... one <p> per line whether the partner sent <p>, <br> or newlines
 *  3. attribution (attribution.ts) .. `Sumber: X | Editor: Y`, bylines, closing credits → source/editor/authors
 *  4. dateline (dateline.ts) ........ `KONTAN.CO.ID - SEOUL.`, `PARIS (AFP) -` → dateline/publisher/source
 *  5. related links & boilerplate (boilerplate.ts) … `Baca Juga:` → relatedLinks; ads, share prompts go
 *  6. plain text & summary (text.ts), language (language.ts), categories (categories.ts)
 *  7. identity (identity.ts) ........ id, guid, contentHash, status; mergeWithStored for ingestion (visibility: model/article-rules.ts)
 * Near-duplicate fingerprints and cluster choice live in duplicates.ts (used by ingestion with the band index).
 * The furniture phrases are data, per language, in rules.ts.
 */
import type { Article, Media, RelatedLink } from '../model/article.js';
import type { ParsedFeed, WireItem } from '../model/wire-item.js';
import { UnsafeHtmlError } from '../errors.js';
import { cleanParsedBody, cleanParsedParagraphs, sanitizedBodyPolicy } from './body.js';
import { type Document, parseCheckedHtml, parseHtml } from './dom.js';
import { htmlLimitBreach } from './html-limits.js';
import { normalizeCategories, normalizeCategoryLabels } from './categories.js';
import { articleId, contentHash, deriveGuid, statusOf } from './identity.js';
import { agencyName, isKnownAgency } from './rules.js';
import { primaryLanguage, resolveLanguage } from './language.js';
import { FeedLanguage, bodyHtmlOf } from './feed-language.js';
import { absoluteUrl, stripTrackingParams } from './sanitize.js';
import { plainText } from '../model/plain-text.js';
import { cutAtWord } from './paragraph-text.js';
import { withFields } from '../model/objects.js';
import { canonicalInstant } from '../model/instant.js';

export { mergeWithStored, articleId, contentHash, deriveGuid, statusOf } from './identity.js';
export { cleanBody, sanitizedBodyPolicy } from './body.js';
export { HTML_LIMITS } from './html-limits.js';
export * from './duplicates.js';

/** What normalization knows besides the document: whose feed it is and where and when it was fetched. */
export interface NormalizeContext {
  partnerId: string;
  /** The partner's default language, used when neither the item nor the feed states one. */
  defaultLanguage?: string;
  /** The URL the document was fetched from: the last base for relative URLs. */
  fetchUrl?: string;
  /** ISO 8601 time of the fetch. */
  fetchedAt?: string;
  /** S3 key of the raw payload the article came from. */
  rawKey?: string;
  /**
   * The most time one document may take to normalize, with the clock to measure it (the core reads no clock of
   * its own). Past it the document is refused with UnsafeHtmlError, so one partner cannot hold up a batch.
   */
  timeBudget?: { ms: number; now: () => number };
}

/** The articles of a feed, and why any item was left out. */
export interface NormalizeReport {
  articles: Article[];
  /** One line per item left out, naming it and why; each also in warnings. */
  skipped: string[];
  warnings: string[];
  /** Items left out because the caller said they are stored as they are (NormalizeOptions.isStored). */
  alreadyStored: number;
  /** For each article, the index of the item it was made from. */
  itemIndexes: number[];
}

/** How a caller that keeps raw item hashes (ingestion) spares normalizing what it already stored. */
export interface NormalizeOptions {
  /** True for an item (by index in the document) whose article is stored as this item would make it. */
  isStored?: (index: number) => boolean;
}

/** Titles made up from the body when the item has none are cut to this length. */
const DERIVED_TITLE_MAX = 120;

/**
 * The URL made absolute against `base` if it is http(s), else undefined. One parse: an absolute URL's
 * serialization parses back to itself, so checking its scheme on the string is what a second parse would say.
 */
const httpUrl = (u: string | undefined, base?: string): string | undefined => {
  const abs = absoluteUrl(u, base);
  return abs && /^https?:/.test(abs) ? abs : undefined;
};

const isoOrUndefined = (s: string | undefined): string | undefined => {
  if (!s) return undefined;
  // The readers write dates in this form already: a valid one is its own ISO string.
  if (canonicalInstant(s) !== undefined) return s;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
};

/** Fields that are always present, even empty (an item with no body has bodyHtml ''). */
const REQUIRED_STRINGS = new Set(['bodyHtml', 'bodyText']);

/**
 * A copy without the keys whose value is undefined or an empty string (optional fields are absent, never empty),
 * the others in their order. Copied rather than deleted from: an object that loses a key in the middle falls
 * back to a slow dictionary in V8, and every article did.
 */
function compact<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) {
    const v = (obj as Record<string, unknown>)[k];
    if (v === undefined || (v === '' && !REQUIRED_STRINGS.has(k))) continue;
    out[k] = v;
  }
  return out as T;
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function normalizeMedia(media: Media[], base: string | undefined): Media[] {
  const out: Media[] = [];
  for (const m of media) {
    const resolved = httpUrl(m.url, base);
    if (!resolved) continue;
    const url = stripTrackingParams(resolved);
    out.push(compact(withFields(m, { url, caption: m.caption ? plainText(m.caption) : undefined, credit: m.credit ? plainText(m.credit) : undefined })));
  }
  return uniqueBy(out, (m) => m.url);
}

function normalizeAuthors(names: string[]): string[] {
  return uniqueBy(
    names.map((n) => plainText(n)).filter(Boolean),
    (n) => n.toLocaleLowerCase(),
  );
}

/**
 * Normalizes one wire item into the canonical article (identity without repeat disambiguation: see
 * normalizeFeed). Returns a reason instead when the item cannot make an article (neither title nor text).
 */
export function normalizeItem(
  item: WireItem,
  ctx: NormalizeContext,
  feed: Pick<ParsedFeed, 'language' | 'link'> = {},
  occurrence = 1,
  feedDetectedLanguage: () => string | undefined = () => undefined,
): Article | { skipped: string } {
  return normalizeParsedItem(item, ctx, feed, occurrence, feedDetectedLanguage, parseHtml);
}

/**
 * normalizeItem with the parser of the item's HTML: normalizeFeedReport passes parseCheckedHtml, having checked
 * every body and summary against HTML_LIMITS itself (naming the item when one breaks them), and the body's tree
 * when it has it already (see FeedLanguage).
 */
function normalizeParsedItem(
  item: WireItem,
  ctx: NormalizeContext,
  feed: Pick<ParsedFeed, 'language' | 'link'>,
  occurrence: number,
  feedDetectedLanguage: () => string | undefined,
  parse: (html: string) => Document,
  bodyTree: Document = parse(bodyHtmlOf(item)),
): Article | { skipped: string } {
  const itemUrl = httpUrl(item.url);
  const base = itemUrl ?? httpUrl(feed.link) ?? httpUrl(ctx.fetchUrl);
  const body = cleanParsedBody(bodyTree, base, item.title);
  const title = plainText(item.title ?? '') || (body.paragraphs[0] ? cutAtWord(body.paragraphs[0], DERIVED_TITLE_MAX) : '');
  if (!title) return { skipped: 'item has neither title nor text' };
  const guidUrl = item.guid && /^https?:\/\//i.test(item.guid) ? httpUrl(item.guid) : undefined;
  // Wire copy (NITF, NewsML-G2) usually has no web page: the article then has no url (the published feeds link it
  // to its own page), never the feed's home page or the document's address, which are not the story's.
  const url = itemUrl ?? guidUrl;

  let summary: string | undefined;
  // Every format falls back to the summary for a body (an RSS item with a description alone): the same HTML
  // cleaned with the same base and title gives the same paragraphs, so the body's are the summary's.
  if (item.summaryHtml && item.contentHtml) {
    const paragraphs = item.summaryHtml === item.contentHtml ? body.paragraphs : cleanParsedParagraphs(parse(item.summaryHtml), base, item.title);
    summary = paragraphs.join(' ') || undefined;
  }
  summary = summary ?? body.paragraphs[0];

  const guid = deriveGuid(item);
  const media = normalizeMedia(item.media, base);
  const relatedLinks = uniqueBy<RelatedLink>(
    [...item.relatedLinks, ...body.relatedLinks].map((l) => compact({ title: plainText(l.title), url: httpUrl(l.url) })).filter((l) => l.title),
    (l) => `${l.title.toLowerCase()}\n${l.url ?? ''}`,
  );
  const publishedAt = isoOrUndefined(item.publishedAt) ?? isoOrUndefined(item.updatedAt);
  // An agency named as author (dc:creator "Reuters") credits the source, not a person.
  const credited = normalizeAuthors([...item.authors, ...body.attribution.authors]);
  const agencyAuthor = credited.find(isKnownAgency);
  const categories = normalizeCategories(item.categories);
  const bodyPolicy = sanitizedBodyPolicy(body.html);
  const article: Article = {
    id: articleId(ctx.partnerId, guid, occurrence),
    partnerId: ctx.partnerId,
    guid,
    version: item.version && item.version > 0 ? Math.floor(item.version) : 1,
    url,
    title,
    summary: summary ? cutAtWord(summary) : undefined,
    bodyHtml: body.html,
    bodyText: body.text,
    bodyPolicy,
    authors: credited.filter((a) => !isKnownAgency(a)),
    editor: plainText(item.editor ?? '') || body.attribution.editor,
    source: plainText(item.source ?? '') || body.attribution.source || body.lead.source || (agencyAuthor && agencyName(agencyAuthor)),
    publisher: plainText(item.publisher ?? '') || body.lead.publisher,
    dateline: plainText(item.dateline ?? '') || body.lead.dateline,
    language: resolveLanguage([item.language, feed.language, ctx.defaultLanguage], `${title}\n${body.text}`, feedDetectedLanguage),
    publishedAt,
    updatedAt: isoOrUndefined(item.updatedAt),
    categories,
    categoryLabels: normalizeCategoryLabels(categories, item.categoryLabels),
    media,
    relatedLinks,
    rights: plainText(item.rights ?? '') || undefined,
    contentHash: contentHash({ title, bodyHtml: body.html, media }, bodyPolicy !== undefined),
    status: statusOf(item),
    embargoedUntil: isoOrUndefined(item.embargoedUntil),
    fetchedAt: isoOrUndefined(ctx.fetchedAt),
    rawKey: ctx.rawKey,
  };
  return compact(article);
}

/**
 * A document's items read one at a time (formats/index.ts openFeed): normalization reads each item when it needs
 * it and lets the item's tree go, so that the whole tree, every WireItem and every article are never all held.
 */
export interface LazyFeed extends Pick<ParsedFeed, 'language' | 'link'> {
  items?: undefined;
  reading: { count: number; read(i: number): WireItem; release(i: number): void };
}

/**
 * Normalizes every item of a parsed feed and reports the items it left out. A guid repeated in one document
 * with the same content is dropped; with other content it gets an id of its own (`#2`, `#3` in document order).
 * Given a LazyFeed, each item is read once and let go as soon as it is normalized (the same report).
 */
export function normalizeFeedReport(feed: ParsedFeed | LazyFeed, ctx: NormalizeContext, options: NormalizeOptions = {}): NormalizeReport {
  const { items, all } = itemsToNormalize(feed, ctx, options);
  const started = ctx.timeBudget?.now();
  const articles: Article[] = [];
  const skipped: string[] = [];
  const itemIndexes: number[] = [];
  let alreadyStored = 0;
  const seen = new Map<string, string[]>();
  // Only with every item at hand: a LazyFeed is read lazily only when a stated language rules detection out.
  const detectable = all !== undefined && !primaryLanguage(feed.language) && !primaryLanguage(ctx.defaultLanguage);
  const feedLanguage = new FeedLanguage(detectable ? all : undefined, (index) => items[index] !== undefined);
  const feedDetectedLanguage = (): string | undefined => feedLanguage.language();
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (item === undefined) {
      alreadyStored++;
      continue;
    }
    // A lazily read item is let go once normalized: only the articles stay.
    if (!all) items[index] = undefined;
    if (ctx.timeBudget && started !== undefined && ctx.timeBudget.now() - started > ctx.timeBudget.ms) {
      throw new UnsafeHtmlError(`partner "${ctx.partnerId}": normalizing the document took over its ${ctx.timeBudget.ms} ms time budget (stopped before item ${index + 1})`, {
        partnerId: ctx.partnerId,
        item: itemLabel(item, index),
        limit: `${ctx.timeBudget.ms} ms`,
      });
    }
    const guid = deriveGuid(item);
    const hashes = seen.get(guid) ?? [];
    // itemsToNormalize checked the item's HTML against the limits.
    const result = normalizeParsedItem(item, ctx, feed, hashes.length + 1, feedDetectedLanguage, parseCheckedHtml, feedLanguage.bodyTree(index, item));
    if ('skipped' in result) {
      skipped.push(`${itemName(item, index)} skipped: ${result.skipped}`);
      continue;
    }
    if (hashes.includes(result.contentHash)) {
      skipped.push(`item ${index + 1} skipped: repeats guid "${guid}" with the same content`);
      continue;
    }
    hashes.push(result.contentHash);
    seen.set(guid, hashes);
    articles.push(result);
    itemIndexes.push(index);
  }
  return { articles, skipped, warnings: [...skipped], alreadyStored, itemIndexes };
}

/**
 * The items to normalize, by index (undefined for one already stored), each checked against the HTML limits
 * before any is normalized: language detection reads all the items' text at once. An item already stored passed
 * the same check with the same bytes. A LazyFeed's items are read here, their trees let go as they are read;
 * when no stated language rules out detection over the whole feed, every item is read, stored ones too.
 */
function itemsToNormalize(
  feed: ParsedFeed | LazyFeed,
  ctx: NormalizeContext,
  options: NormalizeOptions,
): { items: Array<WireItem | undefined>; all?: WireItem[] } {
  const isStored = options.isStored ?? (() => false);
  let all = feed.items;
  const { reading } = feed as LazyFeed;
  if (all === undefined && !primaryLanguage(feed.language) && !primaryLanguage(ctx.defaultLanguage)) {
    all = [];
    for (let i = 0; i < reading.count; i++) all.push(reading.read(i));
  }
  if (all !== undefined) {
    all.forEach((item, index) => {
      if (!isStored(index)) assertHtmlWithinLimits(item, index, ctx);
    });
    return { items: all.map((item, index) => (isStored(index) ? undefined : item)), all };
  }
  const items: Array<WireItem | undefined> = [];
  for (let index = 0; index < reading.count; index++) {
    if (isStored(index)) {
      items.push(undefined);
      continue;
    }
    const item = reading.read(index);
    reading.release(index);
    assertHtmlWithinLimits(item, index, ctx);
    items.push(item);
  }
  return { items };
}

/** Whether a warning is one of normalizeFeedReport's lines naming an item it left out. */
export function isSkippedItemWarning(warning: string): boolean {
  return /^item \d+( \([^)]*\))? skipped: /.test(warning);
}

/** Names a left-out item by its place in the document and, when it has them, its guid or link. */
function itemName(item: WireItem, index: number): string {
  const key = item.guid ? `guid "${item.guid}"` : item.url ? `link ${item.url}` : undefined;
  return key ? `item ${index + 1} (${key})` : `item ${index + 1}`;
}

function itemLabel(item: WireItem, index: number): string {
  return `item ${index + 1}${item.guid ? ` (${item.guid.slice(0, 200)})` : ''}`;
}

/** Refuses an item whose body or summary breaks an HTML limit (see HTML_LIMITS), naming the partner and the item. */
function assertHtmlWithinLimits(item: WireItem, index: number, ctx: NormalizeContext): void {
  for (const [field, html] of [['body', item.contentHtml], ['summary', item.summaryHtml]] as const) {
    if (html === undefined) continue;
    const breach = htmlLimitBreach(html);
    if (breach === undefined) continue;
    const label = itemLabel(item, index);
    throw new UnsafeHtmlError(`partner "${ctx.partnerId}": ${label} refused: its ${field} has ${breach}`, { partnerId: ctx.partnerId, item: label, limit: breach });
  }
}

/** Normalizes every item of a parsed feed into canonical articles (pure: no clock, no I/O). */
export function normalizeFeed(feed: ParsedFeed, ctx: NormalizeContext): Article[] {
  return normalizeFeedReport(feed, ctx).articles;
}
