/**
 * The CloudWatch names shared by the functions (which emit them in EMF through Powertools) and the CDK app (which
 * alarms and graphs them). Plain constants, no Powertools import, so the CDK app can use them without bundling it.
 *
 * Per-partner numbers are never a dimension: 1,000 partners would make 1,000 custom metrics per name (about
 * $0.30 each a month). The partner id goes into the EMF log line as a property instead, searchable in Logs Insights.
 */
export const METRICS_NAMESPACE = 'Wirefeed';

/** Powertools' `service` dimension of each function (POWERTOOLS_SERVICE_NAME). */
export const SERVICE_NAMES = {
  dispatch: 'wirefeed-dispatch',
  ingest: 'wirefeed-ingest',
  publish: 'wirefeed-publish',
} as const;

export const METRIC = {
  /** Dispatcher, each tick. */
  partnersDue: 'PartnersDue',
  partnersEnqueued: 'PartnersEnqueued',
  enqueueFailures: 'EnqueueFailures',
  unreadablePartnerStates: 'UnreadablePartnerStates',
  /** Longest time any enabled partner has gone without a successful fetch, in its polling intervals. */
  maxSilentIntervals: 'MaxSilentIntervals',
  /** Ingest worker, per partner run. */
  fetches: 'Fetches',
  notModified: 'NotModified',
  articlesNew: 'ArticlesNew',
  articlesUpdated: 'ArticlesUpdated',
  articlesUnchanged: 'ArticlesUnchanged',
  articlesFailed: 'ArticlesFailed',
  /** Items of a fetched document that made no article (each named in the run's warnings and log line). */
  itemsSkipped: 'ItemsSkipped',
  /** Fetched documents cut off before their root closed (complete items stored; none complete is a parse failure). */
  truncatedFetches: 'TruncatedFetches',
  parseFailures: 'ParseFailures',
  ingestFailures: 'IngestFailures',
  ingestDuration: 'IngestDuration',
} as const;
