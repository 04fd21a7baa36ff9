import { BadRequestError, NotFoundError } from '../errors.js';
import type { Partner } from '../model/partner.js';
import { renderAtomBytes } from '../render/atom.js';
import { newestInstant, type FeedDocument } from '../render/feed-document.js';
import { renderJsonFeed } from '../render/jsonfeed.js';
import { renderRssBytes } from '../render/rss.js';
import { CONTENT_TYPES, EXTENSIONS, partnerList, type PublishDeps } from './deps.js';
import { feedEtag } from './feed-etag.js';
import type { HttpRequest, Representation } from './http.js';
import { HTML_HEADERS } from './layout.js';
import { renderFeedPage } from './pages.js';
import { partnerStatuses } from './partner-status.js';
import { parseSelection, withCursor, type Selection } from './query.js';
import type { FeedFormat, FeedScope } from './routes.js';
import { selectArticles } from './visibility.js';

function describeScope(scope: FeedScope, partner: Partner | undefined): string {
  const parts: string[] = [];
  if (scope.partnerId !== undefined) parts.push(partner?.name ?? scope.partnerId);
  if (scope.category !== undefined) parts.push(`category ${scope.category}`);
  if (scope.language !== undefined) parts.push(`language ${scope.language}`);
  return parts.length === 0 ? 'all articles' : parts.join(', ');
}

/** One feed in one format: the selection from path and query, a page of public articles, rendered. */
export async function feed(
  deps: PublishDeps,
  request: HttpRequest,
  base: string,
  pathScope: FeedScope,
  scopePath: string,
  format: FeedFormat,
): Promise<Representation> {
  const selection = parseSelection(request.rawQueryString, pathScope);
  const partners = await partnerList(deps);
  let partner: Partner | undefined;
  if (selection.partnerId !== undefined && partners !== undefined) {
    partner = partners.find((p) => p.id === selection.partnerId);
    if (partner === undefined) {
      const message = `no such partner: ${selection.partnerId}`;
      throw pathScope.partnerId !== undefined ? new NotFoundError(message) : new BadRequestError(message);
    }
  }
  const page = await selectArticles(deps.store, selection, deps.clock.now().getTime());
  const query = request.rawQueryString === '' ? '' : `?${request.rawQueryString}`;
  const firstQuery = withCursor(request.rawQueryString, undefined);
  const scopeText = describeScope(selection, partner);
  const doc: FeedDocument = {
    id: `tag:${deps.config.idAuthority},2024:feed:${feedKey(scopePath, selection)}`,
    title: `${deps.config.siteTitle}: ${scopeText}`,
    description: `Wire articles from ${deps.config.siteTitle} partners: ${scopeText}.`,
    selfUrl: `${base}${request.rawPath}${query}`,
    homeUrl: `${base}/`,
    pageUrl: `${base}${scopePath}.html${firstQuery}`,
    language: selection.language,
    articles: page.articles,
    nextUrl: page.nextCursor === undefined ? undefined : `${base}${request.rawPath}${withCursor(request.rawQueryString, page.nextCursor)}`,
    firstUrl: selection.cursor === undefined ? undefined : `${base}${request.rawPath}${firstQuery}`,
    hubUrl: deps.config.hubUrl,
    stylesheetUrl: `${base}/feeds/style.xsl`,
    idPrefix: `tag:${deps.config.idAuthority},2024:`,
    articleBaseUrl: `${base}/articles/`,
    partnerFeedBaseUrl: `${base}/feeds/partners/`,
    alternates: (['rss', 'atom', 'json'] as const).map((f) => ({
      type: CONTENT_TYPES[f].split(';')[0]!,
      url: `${base}${scopePath}${EXTENSIONS[f]}${firstQuery}`,
    })),
  };
  const lastModified = newestInstant(page.articles);
  // Feeds are rendered only when the response needs the bytes: a matching conditional request is answered from
  // an ETag of what they are rendered from. The HTML page also shows the partner's live status, so its ETag
  // stays the hash of its bytes. RSS and Atom are rendered straight to UTF-8 bytes, which compress or go out as
  // they are: building the document's string first cost as much as encoding it.
  switch (format) {
    case 'rss':
      return { contentType: CONTENT_TYPES.rss, body: () => renderRssBytes(doc), etag: feedEtag(format, doc), lastModified };
    case 'atom':
      return { contentType: CONTENT_TYPES.atom, body: () => renderAtomBytes(doc), etag: feedEtag(format, doc), lastModified };
    case 'json':
      return { contentType: CONTENT_TYPES.json, body: () => renderJsonFeed(doc), etag: feedEtag(format, doc), lastModified };
    case 'html':
      return {
        contentType: CONTENT_TYPES.html,
        body: renderFeedPage(doc, {
          timeZones: new Map((partners ?? []).flatMap((p) => (p.timeZone === undefined ? [] : [[p.id, p.timeZone] as const]))),
          status: partner === undefined ? undefined : (await partnerStatuses(deps, [partner])).get(partner.id),
          statusTimeZone: partner?.timeZone,
        }),
        lastModified,
        headers: { ...HTML_HEADERS },
      };
  }
}

/** The feed's identity: its scope and filters, not its page, format or host. */
function feedKey(scopePath: string, selection: Selection): string {
  const filters: string[] = [];
  if (selection.partnerId !== undefined && !scopePath.startsWith('/feeds/partners/')) filters.push(`partner=${selection.partnerId}`);
  if (selection.category !== undefined && !scopePath.startsWith('/feeds/categories/')) filters.push(`category=${selection.category}`);
  if (selection.language !== undefined && !scopePath.startsWith('/feeds/languages/')) filters.push(`lang=${selection.language}`);
  if (selection.duplicates === 'all') filters.push('duplicates=all');
  const key = filters.length === 0 ? scopePath : `${scopePath}?${filters.join('&')}`;
  return key.replace(/[^0-9A-Za-z;/?:@&=+$.\-_!~*'(),]/g, (c) => encodeURIComponent(c));
}
