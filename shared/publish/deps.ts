import type { Config } from '../config.js';
import type { Partner } from '../model/partner.js';
import type { ArticleStore, Clock, PartnerDirectory, PartnerStateStore } from '../ports.js';
import type { FeedFormat } from './routes.js';

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
  /**
   * Partners' fetch health, read only: the index and partner feed pages, `/partners` and `/health` show it; without
   * it pages show no status. The composition root passes it through publicStateReader (errors redacted).
   */
  partnerStates?: Pick<PartnerStateStore, 'get'>;
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
export const JSON_TYPE = 'application/json; charset=utf-8';
export const EXTENSIONS: Record<FeedFormat, string> = { rss: '.rss', atom: '.atom', json: '.json', html: '.html' };
export const FORMAT_NAMES: Record<Exclude<FeedFormat, 'html'>, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

/** The configured partners, or undefined when none are configured (then every partner id is served). */
export async function partnerList(deps: PublishDeps): Promise<Partner[] | undefined> {
  return deps.partners === undefined ? undefined : await deps.partners.list();
}
