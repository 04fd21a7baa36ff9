import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { IngestionSummary } from '../../shared/ports.js';
import { METRIC, METRICS_NAMESPACE } from './metric-names.js';

/**
 * Powertools instances, created once per container and shared by the handlers. The service name comes from
 * POWERTOOLS_SERVICE_NAME (set per function by the CDK app), which Powertools reads itself.
 */
export const logger = new Logger();
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE });
export const tracer = new Tracer();

export { MetricUnit };

/**
 * Logs one partner run as one structured line (every summary field: counts, skipped items, truncation, the
 * warnings naming them) and emits its metrics. A run that ended in an error is a warning.
 */
export function reportIngestion(summary: IngestionSummary, options: { logger?: Logger; target?: Metrics } = {}): void {
  const { partnerId, runId, ...rest } = summary;
  const line = { partnerId, runId, ...rest };
  const log = options.logger ?? logger;
  if (summary.error) log.warn('ingestion failed', line);
  else log.info('ingested', line);
  recordIngestionMetrics(summary, summary.durationMs ?? 0, { target: options.target });
}

/**
 * Emits one partner run's numbers in EMF (fetches, 304s, new/updated/unchanged articles, skipped items, truncated
 * documents, parse failures, duration). The partner and run ids travel as EMF properties, not dimensions (see metric-names.ts). A run counts
 * as a parse failure when it fetched and archived a payload yet ended in an error.
 */
export function recordIngestionMetrics(
  summary: IngestionSummary,
  durationMs: number,
  options: { target?: Metrics } = {},
): void {
  const parseFailed = summary.fetched && summary.rawKey !== undefined && summary.error !== undefined;
  // Flushed at once, so each run is one EMF line carrying its own partner and run ids.
  const target = options.target ?? metrics;
  target.addMetadata('partnerId', summary.partnerId);
  target.addMetadata('runId', summary.runId);
  target.addMetric(METRIC.fetches, MetricUnit.Count, summary.fetched ? 1 : 0);
  target.addMetric(METRIC.notModified, MetricUnit.Count, summary.notModified ? 1 : 0);
  target.addMetric(METRIC.articlesNew, MetricUnit.Count, summary.new);
  target.addMetric(METRIC.articlesUpdated, MetricUnit.Count, summary.updated);
  target.addMetric(METRIC.articlesUnchanged, MetricUnit.Count, summary.unchanged);
  target.addMetric(METRIC.articlesFailed, MetricUnit.Count, summary.failed);
  target.addMetric(METRIC.itemsSkipped, MetricUnit.Count, summary.skippedItems);
  target.addMetric(METRIC.truncatedFetches, MetricUnit.Count, summary.truncated ? 1 : 0);
  target.addMetric(METRIC.parseFailures, MetricUnit.Count, parseFailed ? 1 : 0);
  target.addMetric(METRIC.ingestFailures, MetricUnit.Count, summary.error ? 1 : 0);
  target.addMetric(METRIC.ingestDuration, MetricUnit.Milliseconds, durationMs);
  target.publishStoredMetrics();
}
