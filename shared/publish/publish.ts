import type { Config } from '../config.js';
import { BadRequestError, NotFoundError, describeError } from '../errors.js';
import { articleSchema, type Article } from '../model/article.js';
import type { Partner } from '../model/partner.js';
import type { ArticleStore, Clock, PartnerDirectory } from '../ports.js';
import { renderAtom } from '../render/atom.js';
import { articleInstant, newestInstant, type FeedDocument } from '../render/feed-document.js';
import { renderJsonFeed } from '../render/jsonfeed.js';
import { renderRss } from '../render/rss.js';
import { renderFeedPage, renderIndexPage, type FeedLink } from './pages.js';
import { FEED_STYLESHEET } from './stylesheet.js';
import { serve, textResponse, type HttpRequest, type HttpResponse, type Representation } from './http.js';
import { parseSelection, withCursor, type Selection } from './query.js';
import { matchRoute, negotiateFormat, type FeedFormat, type FeedScope } from './routes.js';
import { isPublic, selectArticles } from './visibility.js';

/** Publishing settings, taken from Config once at the edge. */
export interface PublishConfig {
  /** Public URL of the API; when absent, derived from each request's Host (API Gateway sets it). */
  publicBaseUrl?: string;
  hubUrl?: string;
  cacheMaxAgeSeconds: number;
  /** Authority of tag: ids. It must never change once readers subscribe, so it is not derived per request. */
  idAuthority: string;
  siteTitle: string;
}

/** PublishConfig from the validated environment. */
export function publishConfigFrom(config: Config): PublishConfig {
  return {
    publicBaseUrl: config.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    hubUrl: config.WEBSUB_HUB_URL,
    cacheMaxAgeSeconds: config.CACHE_MAX_AGE_SECONDS,
    idAuthority: config.PUBLIC_BASE_URL ? new URL(config.PUBLIC_BASE_URL).hostname : 'wirefeed.local',
    siteTitle: 'wirefeed',
  };
}

export interface PublishDeps {
  store: ArticleStore;
  clock: Clock;
  /** Known partners: partner feeds of unknown partners are 404, and the index page lists each. */
  partners?: PartnerDirectory;
  config: PublishConfig;
  /** Where unexpected errors are reported (one line each); console.error by default. */
  log?: (line: string) => void;
}

export const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};
const JSON_TYPE = 'application/json; charset=utf-8';
// Pages we render carry no script; the policy makes sure injected markup could not run any either.
const HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src http: https:; base-uri 'none'; form-action 'none'";
const EXTENSIONS: Record<FeedFormat, string> = { rss: '.rss', atom: '.atom', json: '.json', html: '.html' };
const FORMAT_NAMES: Record<Exclude<FeedFormat, 'html'>, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

/** The publish use case: one function from request to response, for API Gateway and the local server alike. */
export function createPublisher(deps: PublishDeps): (request: HttpRequest) => Promise<HttpResponse> {
  const log = deps.log ?? ((line: string) => console.error(line));
  return async (request) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return textResponse(405, 'method not allowed', { allow: 'GET, HEAD' });
      }
      return await route(deps, request);
    } catch (error) {
      if (error instanceof BadRequestError) return textResponse(400, describeError(error));
      if (error instanceof NotFoundError) return textResponse(404, describeError(error));
      log(`publish ${request.method} ${request.rawPath}: ${describeError(error)}`);
      return textResponse(500, 'internal error');
    }
  };
}

async function route(deps: PublishDeps, request: HttpRequest): Promise<HttpResponse> {
  const route = matchRoute(request.rawPath);
  const base = baseUrl(deps.config, request);
  const maxAge = deps.config.cacheMaxAgeSeconds;
  switch (route.kind) {
    case 'index':
      return serve(request, await indexPage(deps, base), maxAge);
    case 'stylesheet':
      // The stylesheet only changes with a deploy; its ETag still lets browsers revalidate cheaply.
      return serve(request, { contentType: 'text/xsl; charset=utf-8', body: FEED_STYLESHEET, lastModified: 0 }, maxAge);
    case 'article':
      return serve(request, await articleJson(deps, route.id), maxAge);
    case 'articles':
      return serve(request, await articleList(deps, request, base), maxAge);
    case 'feed': {
      const format = route.format ?? negotiateFormat(request.headers.accept);
      if (format === undefined) {
        return textResponse(406, 'not acceptable: this feed is offered as application/rss+xml, application/atom+xml, application/feed+json or text/html');
      }
      const rep = await feed(deps, request, base, route.scope, route.scopePath, format);
      if (route.format === undefined) {
        rep.vary = ['Accept'];
        rep.headers = { ...rep.headers, 'content-location': `${base}${route.scopePath}${EXTENSIONS[format]}` };
      } else if (format === 'rss' || format === 'atom') {
        rep.vary = ['Accept'];
        // Browsers show application/rss+xml and atom+xml as plain text and never apply the stylesheet; a browser
        // navigating to a feed URL (Accept prefers text/html) gets the same bytes as text/xml, which it styles.
        // Feed readers ask for feed types first and keep the registered type.
        if (negotiateFormat(request.headers.accept) === 'html') rep.contentType = 'text/xml; charset=utf-8';
      }
      return serve(request, rep, maxAge);
    }
  }
}

function baseUrl(config: PublishConfig, request: HttpRequest): string {
  if (config.publicBaseUrl !== undefined) return config.publicBaseUrl;
  const host = request.headers.host;
  if (host === undefined || !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) {
    throw new BadRequestError('missing or invalid Host header');
  }
  const proto = request.headers['x-forwarded-proto'] === 'http' ? 'http' : 'https';
  return `${proto}://${host}`;
}

async function partnerList(deps: PublishDeps): Promise<Partner[] | undefined> {
  return deps.partners === undefined ? undefined : await deps.partners.list();
}

function describeScope(scope: FeedScope, partner: Partner | undefined): string {
  const parts: string[] = [];
  if (scope.partnerId !== undefined) parts.push(partner?.name ?? scope.partnerId);
  if (scope.category !== undefined) parts.push(`category ${scope.category}`);
  if (scope.language !== undefined) parts.push(`language ${scope.language}`);
  return parts.length === 0 ? 'all articles' : parts.join(', ');
}

async function feed(
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
  switch (format) {
    case 'rss':
      return { contentType: CONTENT_TYPES.rss, body: renderRss(doc), lastModified };
    case 'atom':
      return { contentType: CONTENT_TYPES.atom, body: renderAtom(doc), lastModified };
    case 'json':
      return { contentType: CONTENT_TYPES.json, body: renderJsonFeed(doc), lastModified };
    case 'html':
      return {
        contentType: CONTENT_TYPES.html,
        body: renderFeedPage(doc),
        lastModified,
        headers: { 'content-security-policy': HTML_POLICY },
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

const ARTICLE_KEYS = Object.keys(articleSchema.shape) as Array<keyof Article>;

/** The canonical article JSON with keys in schema order, so that equal articles give equal bytes. */
export function canonicalArticle(article: Article): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ARTICLE_KEYS) if (article[key] !== undefined) out[key] = article[key];
  return out;
}

async function articleJson(deps: PublishDeps, id: string): Promise<Representation> {
  const article = await deps.store.get(id);
  if (article === undefined || !isPublic(article, deps.clock.now().getTime())) {
    // Withdrawn and embargoed articles are indistinguishable from absent ones: an embargo must not leak.
    throw new NotFoundError(`no such article: ${id.slice(0, 100)}`);
  }
  return { contentType: JSON_TYPE, body: `${JSON.stringify(canonicalArticle(article))}\n`, lastModified: articleInstant(article) };
}

async function articleList(deps: PublishDeps, request: HttpRequest, base: string): Promise<Representation> {
  const selection = parseSelection(request.rawQueryString, {});
  const page = await selectArticles(deps.store, selection, deps.clock.now().getTime());
  const body: Record<string, unknown> = { articles: page.articles.map(canonicalArticle) };
  if (page.nextCursor !== undefined) body.next_url = `${base}/articles${withCursor(request.rawQueryString, page.nextCursor)}`;
  return { contentType: JSON_TYPE, body: `${JSON.stringify(body)}\n`, lastModified: newestInstant(page.articles) };
}

/** How many recent articles the index page looks at to list languages and categories. */
const INDEX_SAMPLE = 200;
const INDEX_MAX_CATEGORIES = 30;

async function indexPage(deps: PublishDeps, base: string): Promise<Representation> {
  const partners = (await partnerList(deps)) ?? [];
  const now = deps.clock.now().getTime();
  const recent = (await deps.store.latest({ limit: INDEX_SAMPLE, includeHidden: false })).articles.filter((a) => isPublic(a, now));
  const languages = new Set<string>();
  for (const p of partners) if (p.defaultLanguage !== undefined) languages.add(p.defaultLanguage.toLowerCase());
  const categoryCounts = new Map<string, number>();
  for (const a of recent) {
    if (a.language !== undefined && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(a.language)) languages.add(a.language.toLowerCase());
    for (const c of a.categories) categoryCounts.set(c, (categoryCounts.get(c) ?? 0) + 1);
  }
  const categories = [...categoryCounts.entries()]
    .filter(([c]) => c.length <= 100)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, INDEX_MAX_CATEGORIES)
    .map(([c]) => c)
    .sort();
  const link = (group: string, title: string, scopePath: string): FeedLink => ({
    group,
    title,
    formats: (['rss', 'atom', 'json'] as const).map((f) => ({
      name: FORMAT_NAMES[f],
      type: CONTENT_TYPES[f].split(';')[0]!,
      url: `${base}${scopePath}${EXTENSIONS[f]}`,
    })),
    pageUrl: `${base}${scopePath}.html`,
  });
  const feeds: FeedLink[] = [link('Everything', 'All articles', '/feeds/all')];
  for (const p of [...partners].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (p.enabled) feeds.push(link('Partners', p.name, `/feeds/partners/${p.id}`));
  }
  for (const l of [...languages].sort()) feeds.push(link('Languages', l, `/feeds/languages/${l}`));
  for (const c of categories) feeds.push(link('Categories', c, `/feeds/categories/${encodeURIComponent(c)}`));
  return {
    contentType: CONTENT_TYPES.html,
    body: renderIndexPage({ title: deps.config.siteTitle, homeUrl: `${base}/`, feeds }),
    lastModified: newestInstant(recent),
    headers: { 'content-security-policy': HTML_POLICY },
  };
}
