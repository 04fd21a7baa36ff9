import { BadRequestError, NotFoundError } from '../errors.js';
import type { Partner } from '../model/partner.js';
import { renderAtomBytes } from '../render/atom.js';
import type { FeedDocument } from '../render/feed-document.js';
import { renderJsonFeedBytes } from '../render/jsonfeed.js';
import { renderRssBytes } from '../render/rss.js';
import { CONTENT_TYPES, EXTENSIONS, partnerList, type PublishDeps } from './deps.js';
import { feedEtag, feedIdentity } from './feed-etag.js';
import { lastChangedAt, sameContentAs, stampPart, stampScopeOf, tagParts } from './feed-stamp.js';
import { ifNoneMatchCores, type HttpRequest, type Representation } from './http.js';
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
  // Only a partner's feed (its name, or a 404) and the HTML page (time zones) read the partner list.
  const partners = selection.partnerId !== undefined || format === 'html' ? await partnerList(deps) : undefined;
  let partner: Partner | undefined;
  if (selection.partnerId !== undefined && partners !== undefined) {
    partner = partners.find((p) => p.id === selection.partnerId);
    if (partner === undefined) {
      const message = `no such partner: ${selection.partnerId}`;
      throw pathScope.partnerId !== undefined ? new NotFoundError(message) : new BadRequestError(message);
    }
  }
  const now = deps.clock.now().getTime();
  const settings = feedSettings(deps, request, base, scopePath, selection, partner);
  // A client holding this feed's tag with the current stamp already has these bytes: answered before any article
  // is read (feed-stamp.ts). The HTML page also shows the partner's live status, which no stamp covers.
  const stampRecord = deps.store.feedStamp === undefined ? undefined : await deps.store.feedStamp(stampScopeOf(selection));
  let stamp: string | undefined;
  if (format !== 'html' && stampRecord !== undefined) {
    stamp = stampPart(stampRecord, now, feedIdentity(format, settings));
    const held = stamp === undefined ? undefined : ifNoneMatchCores(request.headers)?.find((core) => tagParts(core)?.stamp === stamp);
    if (held !== undefined) return notModifiedByStamp(format, held);
  }
  const page = await selectArticles(deps.store, selection, now);
  const doc: FeedDocument = {
    ...settings,
    articles: page.articles,
    nextUrl: page.nextCursor === undefined ? undefined : `${base}${request.rawPath}${withCursor(request.rawQueryString, page.nextCursor)}`,
  };
  // A partner's page also shows its live status, which changes with no write: its ETag alone validates it.
  const lastModified = format === 'html' && partner !== undefined ? 0 : lastChangedAt(stampRecord, page.articles, now);
  // Feeds are rendered only when the response needs the bytes: a matching conditional request is answered from
  // an ETag of what they are rendered from. The HTML page's ETag stays the hash of its bytes. RSS and Atom are
  // rendered straight to UTF-8 bytes, which compress or go out as they are: building the document's string first
  // cost as much as encoding it. So is JSON Feed.
  const etag = format === 'html' ? '' : feedEtag(format, doc, stamp);
  const sameContent = format === 'html' ? undefined : sameContentAs(etag);
  switch (format) {
    case 'rss':
      return { contentType: CONTENT_TYPES.rss, body: () => renderRssBytes(doc), etag, sameContent, lastModified };
    case 'atom':
      return { contentType: CONTENT_TYPES.atom, body: () => renderAtomBytes(doc), etag, sameContent, lastModified };
    case 'json':
      return { contentType: CONTENT_TYPES.json, body: () => renderJsonFeedBytes(doc), etag, sameContent, lastModified };
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

/** Everything a feed's bytes depend on but its articles and the next page's URL (both from the query). */
function feedSettings(
  deps: PublishDeps,
  request: HttpRequest,
  base: string,
  scopePath: string,
  selection: Selection,
  partner: Partner | undefined,
): Omit<FeedDocument, 'articles'> {
  const query = request.rawQueryString === '' ? '' : `?${request.rawQueryString}`;
  const firstQuery = withCursor(request.rawQueryString, undefined);
  const scopeText = describeScope(selection, partner);
  return {
    id: `tag:${deps.config.idAuthority},2024:feed:${feedKey(scopePath, selection)}`,
    title: `${deps.config.siteTitle}: ${scopeText}`,
    description: `Wire articles from ${deps.config.siteTitle} partners: ${scopeText}.`,
    selfUrl: `${base}${request.rawPath}${query}`,
    homeUrl: `${base}/`,
    pageUrl: `${base}${scopePath}.html${firstQuery}`,
    language: selection.language,
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
}

/**
 * The 304 for a client whose tag (`held`, a core) carries the current stamp: the same tag a 200 would carry now,
 * and no body, which serve() never asks for when the tag matches. No Last-Modified: the newest article was not
 * read, and a 304 need not repeat it (RFC 9110 §15.4.5).
 */
function notModifiedByStamp(format: Exclude<FeedFormat, 'html'>, held: string): Representation {
  return {
    contentType: CONTENT_TYPES[format],
    etag: `"${held}"`,
    lastModified: 0,
    body: () => {
      throw new Error('a feed answered from its stamp has no body: serve() renders only for a tag that does not match');
    },
  };
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
