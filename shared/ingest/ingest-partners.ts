import type { Partner } from '../model/partner.js';
import type { IngestionSummary } from '../ports.js';
import { isSkippedItemWarning } from '../normalize/index.js';
import { ingestPartner, isMovedWarning, type IngestDeps, type IngestOptions } from './ingest-partner.js';

/** Partners ingested at the same time by one process: enough to overlap slow partners, few enough to be polite. */
const DEFAULT_CONCURRENCY = 4;

/**
 * Ingests several partners, each isolated from the others: one slow or broken partner never delays or fails the
 * rest beyond its own share of the concurrency. Disabled partners are left out.
 */
export async function ingestPartners(
  partners: Partner[],
  deps: IngestDeps,
  options: IngestOptions & { concurrency?: number; onSummary?: (summary: IngestionSummary) => void } = {},
): Promise<IngestionSummary[]> {
  const queue = partners.filter((p) => p.enabled);
  const summaries: IngestionSummary[] = [];
  const worker = async () => {
    for (let partner = queue.shift(); partner; partner = queue.shift()) {
      const summary = await ingestPartner(partner, deps, options);
      summaries.push(summary);
      options.onSummary?.(summary);
    }
  };
  const workers = Array.from({ length: Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, queue.length) }, worker);
  await Promise.all(workers);
  return summaries;
}

/** Skipped items named in full on the summary line; the rest are counted (all are in the run record). */
const SKIPPED_NAMED_MAX = 3;

/** One log line for a person: partner, fetched, new, updated, unchanged, failed, skipped (each named). */
export function formatSummary(summary: IngestionSummary): string {
  const head = `ingest ${summary.partnerId}:`;
  if (summary.skipped) return `${head} not due yet (skipped)`;
  const fetched = summary.notModified
    ? 'not modified (304)'
    : summary.sameBody
      ? 'fetched the same body as last time'
      : summary.fetched
        ? 'fetched'
        : 'not fetched';
  const truncated = summary.truncated ? ' (truncated)' : '';
  const skipped = summary.skippedItems > 0 ? `, ${summary.skippedItems} skipped` : '';
  const counts = `${summary.new} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed} failed${skipped}`;
  const error = summary.error ? ` — ${summary.error}` : '';
  const warnings = summary.warnings.length ? ` (${summary.warnings.length} warning${summary.warnings.length > 1 ? 's' : ''})` : '';
  const names = summary.warnings.filter((w) => isSkippedItemWarning(w) || isMovedWarning(w));
  const more = names.length > SKIPPED_NAMED_MAX ? `; and ${names.length - SKIPPED_NAMED_MAX} more` : '';
  const named = names.length > 0 ? ` — ${names.slice(0, SKIPPED_NAMED_MAX).join('; ')}${more}` : '';
  return `${head} ${fetched}${truncated}, ${counts}${warnings}${error}${named}`;
}
