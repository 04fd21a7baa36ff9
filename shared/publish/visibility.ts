import type { Article } from '../model/article.js';
import type { ArticlePage, ArticleStore } from '../ports.js';
import { isPublic, matchesQuery } from '../model/article-rules.js';
import type { Selection } from './query.js';

/** At most this many store reads fill one page when filtering drops items (bounded latency, bounded cost). */
const MAX_READS = 4;

/**
 * One page of public articles, newest first:
 * 1. read the store from the cursor, asking only for what the page still lacks (so the store cursor stays exact),
 * 2. drop hidden articles (the store is not trusted with the clock) and anything outside the selection,
 * 3. keep the first (newest) article of each near-duplicate cluster unless every copy is asked for,
 * 4. repeat while the page is short and the store has more.
 */
export async function selectArticles(store: ArticleStore, selection: Selection, now: number): Promise<ArticlePage> {
  const articles: Article[] = [];
  const clusters = new Set<string>();
  const ids = new Set<string>();
  let cursor = selection.cursor;
  for (let read = 0; read < MAX_READS && articles.length < selection.limit; read++) {
    const page = await store.latest({
      partnerId: selection.partnerId,
      category: selection.category,
      language: selection.language,
      limit: selection.limit - articles.length,
      cursor,
      includeHidden: false,
    });
    for (const article of page.articles) {
      if (articles.length >= selection.limit) break;
      if (!isPublic(article, now) || !matchesQuery(article, selection) || ids.has(article.id)) continue;
      if (selection.duplicates === 'first' && article.clusterId !== undefined) {
        if (clusters.has(article.clusterId)) continue;
        clusters.add(article.clusterId);
      }
      ids.add(article.id);
      articles.push(article);
    }
    cursor = page.nextCursor;
    if (cursor === undefined) break;
  }
  return { articles, nextCursor: cursor };
}
