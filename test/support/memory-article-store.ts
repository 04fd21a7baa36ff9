import type { Article } from '../../shared/model/article.js';
import { categoryKey } from '../../shared/model/article-rules.js';
import { BadRequestError } from '../../shared/errors.js';
import type { ArticlePage, ArticleQuery, ArticleStore } from '../../shared/ports.js';

function sortKey(a: Article): string {
  return `${a.updatedAt ?? a.publishedAt ?? a.fetchedAt ?? '0000'}#${a.id}`;
}

/**
 * ArticleStore in memory, with the DynamoDB adapter's semantics: newest first by (date, id), an opaque cursor,
 * withdrawn articles left out unless asked for (embargo times are the caller's business: the store has no clock).
 */
export class MemoryArticleStore implements ArticleStore {
  readonly articles = new Map<string, Article>();
  /** Every query received, for tests that check what the use case asked. */
  readonly queries: ArticleQuery[] = [];

  constructor(articles: Article[] = []) {
    for (const a of articles) this.articles.set(a.id, a);
  }

  async get(id: string): Promise<Article | undefined> {
    return this.articles.get(id);
  }

  async getMany(ids: string[]): Promise<Map<string, Article>> {
    const out = new Map<string, Article>();
    for (const id of ids) {
      const a = this.articles.get(id);
      if (a) out.set(id, a);
    }
    return out;
  }

  async putMany(articles: Article[]): Promise<void> {
    for (const a of articles) this.articles.set(a.id, a);
  }

  async latest(query: ArticleQuery): Promise<ArticlePage> {
    this.queries.push(query);
    const after = query.cursor === undefined ? undefined : Buffer.from(query.cursor, 'base64url').toString('utf8');
    // Like the DynamoDB adapter: a cursor that is not one of ours is the caller's mistake.
    if (after !== undefined && !/^\d{4}-\d{2}-\d{2}T[^#]*#./.test(after)) throw new BadRequestError('invalid page cursor');
    const matching = [...this.articles.values()]
      .filter((a) => query.includeHidden || a.status !== 'withdrawn')
      .filter((a) => query.partnerId === undefined || a.partnerId === query.partnerId)
      .filter((a) => query.language === undefined || a.language?.toLowerCase() === query.language.toLowerCase())
      .filter((a) => query.category === undefined || a.categories.some((c) => categoryKey(c) === categoryKey(query.category!)))
      .map((a) => ({ a, key: sortKey(a) }))
      .sort((x, y) => (x.key < y.key ? 1 : x.key > y.key ? -1 : 0))
      .filter((x) => after === undefined || x.key < after);
    const page = matching.slice(0, query.limit);
    const more = matching.length > query.limit;
    return {
      articles: page.map((x) => x.a),
      nextCursor: more ? Buffer.from(page[page.length - 1]!.key, 'utf8').toString('base64url') : undefined,
    };
  }
}
