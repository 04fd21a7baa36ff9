import { BadRequestError, NotFoundError } from '../errors.js';
import { articleSchema, type Article } from '../model/article.js';
import { JSON_TYPE, partnerList, type PublishDeps } from './deps.js';
import { lastChangedAt, stampScopeOf } from './feed-stamp.js';
import type { HttpRequest, Representation } from './http.js';
import { parseSelection, withCursor } from './query.js';
import { isPublic } from '../model/article-rules.js';
import { selectArticles } from './visibility.js';

// bodyPolicy is how the stored body was made (render/html.ts trusts it), not part of the article readers get.
const ARTICLE_KEYS = (Object.keys(articleSchema.shape) as Array<keyof Article>).filter((key) => key !== 'bodyPolicy');

/** The canonical article JSON with keys in schema order (no bodyPolicy), so that equal articles give equal bytes. */
export function canonicalArticle(article: Article): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ARTICLE_KEYS) if (article[key] !== undefined) out[key] = article[key];
  return out;
}

/** `/articles/{id}`: the canonical JSON of one public article. */
export async function articleJson(deps: PublishDeps, id: string): Promise<Representation> {
  const article = await deps.store.get(id);
  if (article === undefined || !isPublic(article, deps.clock.now().getTime())) {
    // Withdrawn and embargoed articles are indistinguishable from absent ones: an embargo must not leak.
    throw new NotFoundError(`no such article: ${id.slice(0, 100)}`);
  }
  return { contentType: JSON_TYPE, body: `${JSON.stringify(canonicalArticle(article))}\n`, lastModified: await articleLastModified(deps, article) };
}

/** `/articles?…`: a page of public articles with a next_url. */
export async function articleList(deps: PublishDeps, request: HttpRequest, base: string): Promise<Representation> {
  const selection = parseSelection(request.rawQueryString, {});
  // As for feeds: a partner nobody knows is a mistake to say, not an empty list (a typo would look like silence).
  if (selection.partnerId !== undefined) {
    const partners = await partnerList(deps);
    if (partners !== undefined && !partners.some((p) => p.id === selection.partnerId)) throw new BadRequestError(`no such partner: ${selection.partnerId}`);
  }
  const now = deps.clock.now().getTime();
  const stamp = await deps.store.feedStamp?.(stampScopeOf(selection));
  const page = await selectArticles(deps.store, selection, now);
  const body: Record<string, unknown> = { articles: page.articles.map(canonicalArticle) };
  if (page.nextCursor !== undefined) body.next_url = `${base}/articles${withCursor(request.rawQueryString, page.nextCursor)}`;
  return { contentType: JSON_TYPE, body: `${JSON.stringify(body)}\n`, lastModified: lastChangedAt(stamp, page.articles, now) };
}

/** An article's Last-Modified: its partner's stamp covers a version rewritten by replay with its old fetch time. */
export async function articleLastModified(deps: PublishDeps, article: Article): Promise<number> {
  const stamp = await deps.store.feedStamp?.(stampScopeOf(article));
  return lastChangedAt(stamp, [article], deps.clock.now().getTime());
}
