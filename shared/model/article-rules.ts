import type { Article } from './article.js';

/**
 * The article rules every layer shares, each in one place: who may see an article, the time it is listed by,
 * whether it belongs to a query, and the language it is grouped under. The stores, the publish use case and
 * the ingest use case import these; none keeps its own copy.
 */

/** Articles with no date at all sort oldest, never newest. */
const NO_DATE = '0000-00-00T00:00:00.000Z';

/**
 * Whether readers may see an article at `now`: never when withdrawn; when embargoed, only once its embargo time
 * has passed — an embargo with no end (or an unreadable one) keeps it hidden, since showing a story too early
 * cannot be undone.
 */
export function isPublic(article: Pick<Article, 'status' | 'embargoedUntil'>, now: Date | number | string): boolean {
  if (article.status === 'withdrawn') return false;
  const nowMs = typeof now === 'number' ? now : typeof now === 'string' ? Date.parse(now) : now.getTime();
  if (article.embargoedUntil !== undefined) {
    const until = Date.parse(article.embargoedUntil);
    return !Number.isNaN(until) && until <= nowMs;
  }
  return article.status !== 'embargoed';
}

/**
 * The time an article is listed by ("latest" order, every newest-first index, cursors): last updated, else
 * published, else fetched. A corrected story comes back to the top of "latest", as on a wire.
 */
export function sortTimeOf(article: Pick<Article, 'updatedAt' | 'publishedAt' | 'fetchedAt'>): string {
  return article.updatedAt ?? article.publishedAt ?? article.fetchedAt ?? NO_DATE;
}

/**
 * The time a story broke, for the near-duplicate window: published, else updated, else fetched. Not the listing
 * time: a correction filed a day later is still the same story as its original.
 */
export function storyTimeOf(article: Pick<Article, 'updatedAt' | 'publishedAt' | 'fetchedAt'>): string | undefined {
  return article.publishedAt ?? article.updatedAt ?? article.fetchedAt;
}

/** The primary language subtag an article is grouped under ("id" for "id-ID"), so "id" finds every region. */
export function primaryLanguage(language: string): string {
  return language.toLowerCase().split('-')[0]!;
}

/**
 * The one identity of a category: categories that differ only in case or surrounding (or repeated) whitespace
 * are one category everywhere — in an article, in the category index items and in the index page's list.
 */
export function categoryKey(category: string): string {
  return category.replace(/[\s\u00a0]+/g, ' ').trim().toLowerCase();
}

/** How to show an article's category: its display label when the wire gave one (an Atom label), else itself. */
export function categoryLabel(article: Pick<Article, 'categoryLabels'>, category: string): string {
  return article.categoryLabels?.[category] ?? category;
}

/** What a reader may select articles by. */
export interface ArticleSelection {
  partnerId?: string;
  language?: string;
  category?: string;
}

/** Whether an article belongs to a selection's partner, language ("id" matches "id-ID") and category (any case). */
export function matchesQuery(article: Article, query: ArticleSelection): boolean {
  if (query.partnerId !== undefined && article.partnerId !== query.partnerId) return false;
  if (query.language !== undefined) {
    const wanted = query.language.toLowerCase();
    const lang = article.language?.toLowerCase();
    if (lang === undefined || (lang !== wanted && !lang.startsWith(`${wanted}-`))) return false;
  }
  if (query.category !== undefined) {
    const wanted = categoryKey(query.category);
    if (!article.categories.some((c) => categoryKey(c) === wanted)) return false;
  }
  return true;
}
