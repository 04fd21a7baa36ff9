import { BadRequestError, NotFoundError, StorageError, describeError } from '../errors.js';
import { articleJson, articleList } from './articles.js';
import { EXTENSIONS, type PublishConfig, type PublishDeps } from './deps.js';
import { feed } from './feeds.js';
import { serve, textResponse, type HttpRequest, type HttpResponse } from './http.js';
import { articlePage } from './article-page.js';
import { indexPage } from './index-page.js';
import { health, partnersPage } from './partners-page.js';
import { FAVICON_SVG } from './layout.js';
import { FEED_STYLESHEET } from './stylesheet.js';
import { matchRoute, negotiateFormat } from './routes.js';

export { CONTENT_TYPES, publishConfigFrom, type PublishConfig, type PublishDeps } from './deps.js';
export { canonicalArticle } from './articles.js';

/** Seconds a reader is asked to wait when the table stays throttled through a request's retries. */
const BUSY_RETRY_AFTER_SECONDS = 5;

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
      // A throttled table is a wait, not a fault: feed readers and CloudFront honour Retry-After on a 503.
      if (error instanceof StorageError && error.busy) {
        return textResponse(503, 'busy: try again in a few seconds', { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) });
      }
      return textResponse(500, 'internal error');
    }
  };
}

async function route(deps: PublishDeps, request: HttpRequest): Promise<HttpResponse> {
  const match = matchRoute(request.rawPath);
  const base = baseUrl(deps.config, request);
  const maxAge = deps.config.cacheMaxAgeSeconds;
  const now = deps.clock.now().getTime();
  switch (match.kind) {
    case 'index':
      return serve(request, await indexPage(deps, base), maxAge, now);
    case 'stylesheet':
      // The stylesheet only changes with a deploy; its ETag still lets browsers revalidate cheaply.
      return serve(request, { contentType: 'text/xsl; charset=utf-8', body: FEED_STYLESHEET, lastModified: 0 }, maxAge, now);
    case 'favicon':
      return serve(request, { contentType: 'image/svg+xml; charset=utf-8', body: FAVICON_SVG, lastModified: 0 }, maxAge, now);
    case 'article':
      return serve(request, await articleJson(deps, match.id), maxAge, now);
    case 'article-page':
      return serve(request, await articlePage(deps, match.id, base), maxAge, now);
    case 'articles':
      return serve(request, await articleList(deps, request, base), maxAge, now);
    case 'partners':
      return serve(request, await partnersPage(deps, base, match.format), maxAge, now);
    case 'health':
      return health(deps);
    case 'feed': {
      const negotiated = negotiateFormat(request.headers.accept);
      let format = match.format ?? negotiated;
      if (format === undefined) {
        return textResponse(406, 'not acceptable: this feed is offered as application/rss+xml, application/atom+xml, application/feed+json or text/html');
      }
      // A person who clicked an RSS or Atom link gets the feed's page (see isBrowserNavigation); readers never do.
      const navigation = (format === 'rss' || format === 'atom') && match.format !== undefined && isBrowserNavigation(request.headers, negotiated);
      if (navigation) format = 'html';
      const rep = await feed(deps, request, base, match.scope, match.scopePath, format);
      if (match.format === undefined) {
        rep.vary = ['Accept'];
        rep.headers = { ...rep.headers, 'content-location': `${base}${match.scopePath}${EXTENSIONS[format]}` };
      } else if (match.format === 'rss' || match.format === 'atom') {
        rep.vary = ['Accept', 'Sec-Fetch-Dest'];
        if (navigation) {
          rep.headers = { ...rep.headers, 'content-location': `${base}${match.scopePath}${EXTENSIONS.html}` };
        } else if (negotiated === 'html') {
          // A browser that sends no Sec-Fetch-Dest (older Safari) and prefers HTML: the same bytes as text/xml,
          // which it styles with the XSL (application/rss+xml shows as plain text). Readers keep the registered type.
          rep.contentType = 'text/xml; charset=utf-8';
        }
      }
      return serve(request, rep, maxAge, now);
    }
  }
}

/**
 * A top-level browser navigation: `Sec-Fetch-Dest: document` (only browsers send it, and script cannot set it)
 * with HTML as the preferred type. Feed readers send neither (newsboat: `Accept: *\/*`; feedparser: feed types
 * first), and a browser's fetch() or a feed-reader extension sends `Sec-Fetch-Dest: empty`, so they get XML.
 */
export function isBrowserNavigation(headers: HttpRequest['headers'], negotiated: ReturnType<typeof negotiateFormat>): boolean {
  return headers['sec-fetch-dest']?.trim().toLowerCase() === 'document' && negotiated === 'html';
}

/**
 * The base of every link. Deployed stacks always set PUBLIC_BASE_URL (infra/stateless-stack.ts: the custom
 * domain, the CloudFront domain or the API's own execute-api address), so Host is only read locally; there it must
 * be a well-formed host with a port that exists, or the request is refused (a Host is reflected into every link).
 */
function baseUrl(config: PublishConfig, request: HttpRequest): string {
  if (config.publicBaseUrl !== undefined) return config.publicBaseUrl;
  const host = request.headers.host;
  const proto = request.headers['x-forwarded-proto'] === 'http' ? 'http' : 'https';
  if (host === undefined || !VALID_HOST.test(host) || !URL.canParse(`${proto}://${host}`)) {
    throw new BadRequestError('missing or invalid Host header');
  }
  // The URL parser rejects a port past 65535 and normalizes case and default ports.
  return `${proto}://${new URL(`${proto}://${host}`).host}`;
}

/** A DNS name (labels of 1 to 63 letters, digits and inner hyphens, 253 characters at most) or a bracketed IPv6 literal, with an optional port. */
const VALID_HOST =
  /^(?:(?=[A-Za-z0-9.-]{1,253}(?::|$))(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;
