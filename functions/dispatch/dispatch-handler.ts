import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { dispatchDuePartners, type DispatchDeps, type DispatchResult } from '../../shared/ingest/dispatch.js';
import { METRIC } from '../commons/metric-names.js';

/**
 * Builds the scheduled dispatcher: runs the dispatch use case, then reports the tick as one log line and EMF
 * metrics. A refused enqueue is not an error (the partner is due again next minute) but is counted and alarmed on;
 * a tick that cannot list partners throws, so the function's Errors metric shows it.
 */
export function createDispatchHandler(deps: Promise<DispatchDeps>, observability: { logger: Logger; metrics: Metrics }) {
  const { logger, metrics } = observability;
  return async (): Promise<DispatchResult> => {
    const result = await dispatchDuePartners(await deps);
    metrics.addMetric(METRIC.partnersDue, MetricUnit.Count, result.due.length);
    metrics.addMetric(METRIC.partnersEnqueued, MetricUnit.Count, result.enqueued);
    metrics.addMetric(METRIC.enqueueFailures, MetricUnit.Count, result.failed.length);
    metrics.addMetric(METRIC.unreadablePartnerStates, MetricUnit.Count, result.unreadable.length);
    metrics.addMetric(METRIC.maxSilentIntervals, MetricUnit.Count, result.maxSilentIntervals);
    metrics.publishStoredMetrics();
    const line = {
      considered: result.considered,
      due: result.due.length,
      enqueued: result.enqueued,
      maxSilentIntervals: result.maxSilentIntervals,
      mostSilentPartnerId: result.mostSilentPartnerId,
    };
    if (result.failed.length > 0 || result.unreadable.length > 0) {
      logger.warn('dispatch incomplete', { ...line, failed: result.failed, unreadable: result.unreadable });
    } else {
      logger.info('dispatched', line);
    }
    return result;
  };
}
