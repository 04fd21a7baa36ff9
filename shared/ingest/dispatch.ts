import * as z from 'zod/mini';
import '../model/zod.js';
import type { Partner } from '../model/partner.js';
import type { Clock, IngestQueue, IngestRequestMessage, PartnerDirectory, PartnerState, PartnerStateStore } from '../ports.js';
import { stateFor } from './partner-health.js';

/**
 * The dispatcher use case, run by the schedule every minute:
 *  1. list the configured partners;
 *  2. read each enabled partner's fetch state (bounded concurrency, so 1,000 partners stay well under a second);
 *  3. ask the health policy (`isDue`) which partners are due now;
 *  4. enqueue one ingest request per due partner, deduplicated per (partner, due time) so that a slow queue and
 *     the next tick never make two requests for the same poll;
 *  5. measure how long each partner has been silent (no successful fetch), in its own polling intervals.
 */

/** The message the dispatcher puts on the ingest queue; the ingest worker reads `partnerId` only. */
export const ingestRequestSchema = z.object({
  partnerId: z.string().check(z.minLength(1)),
  /** When the partner became due (its stored next poll time), or the dispatch time for a partner never polled. */
  dueAt: z.string(),
  dispatchedAt: z.string(),
});

export type IngestRequest = z.infer<typeof ingestRequestSchema>;

// The port's message and this schema describe the same thing: keep them in step.
const sameShape: IngestRequestMessage = {} as IngestRequest;
void sameShape;

export type { IngestQueue, QueuedIngestRequest } from '../ports.js';
import type { QueuedIngestRequest } from '../ports.js';

/** The due-decision policy (shared/ingest/partner-health.ts `isDue`), passed in. */
export type DuePolicy = (
  partner: Pick<Partner, 'enabled' | 'pollIntervalSeconds'>,
  state: PartnerState | undefined,
  now: Date,
) => boolean;

export interface DispatchDeps {
  partners: PartnerDirectory;
  states: PartnerStateStore;
  queue: IngestQueue;
  clock: Clock;
  isDue: DuePolicy;
  /** Parallel state reads; DynamoDB copes with far more, this only bounds the function's sockets. */
  concurrency?: number;
}

export interface DispatchResult {
  dispatchedAt: string;
  /** Enabled partners looked at. */
  considered: number;
  due: string[];
  enqueued: number;
  /** Due partners the queue refused: they are due again on the next tick. */
  failed: string[];
  /** Partners whose state could not be read this tick (skipped, tried again next tick). */
  unreadable: string[];
  /** The longest silence among enabled partners, in polling intervals (0 when every partner is fresh). */
  maxSilentIntervals: number;
  /** The partner with that silence, when there is one. */
  mostSilentPartnerId?: string;
}

/**
 * How long a partner has gone without a successful fetch, counted in its own polling intervals. A partner that has
 * never succeeded counts its consecutive failures instead (the first attempts are one interval apart at least); a
 * partner never fetched yet counts 0.
 */
export function silentIntervals(partner: Pick<Partner, 'pollIntervalSeconds'>, state: PartnerState | undefined, now: Date): number {
  if (!state) return 0;
  const byFailures = state.consecutiveFailures;
  if (!state.lastSuccessAt) return byFailures;
  const elapsedMs = now.getTime() - Date.parse(state.lastSuccessAt);
  const byTime = Number.isFinite(elapsedMs) ? Math.max(0, Math.floor(elapsedMs / (partner.pollIntervalSeconds * 1000))) : 0;
  return Math.max(byTime, byFailures);
}

async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Enqueues every partner that is due now; see the steps above. */
export async function dispatchDuePartners(deps: DispatchDeps): Promise<DispatchResult> {
  const now = deps.clock.now();
  const dispatchedAt = now.toISOString();
  const enabled = (await deps.partners.list()).filter((p) => p.enabled);

  const looked = await mapBounded(enabled, deps.concurrency ?? 16, async (partner) => {
    try {
      const stored = await deps.states.get(partner.id);
      return { partner, state: stored && stateFor(partner, stored), ok: true as const };
    } catch {
      return { partner, state: undefined, ok: false as const };
    }
  });

  const unreadable: string[] = [];
  const queued: QueuedIngestRequest[] = [];
  let maxSilentIntervals = 0;
  let mostSilentPartnerId: string | undefined;
  for (const { partner, state, ok } of looked) {
    // An unreadable state is not "never polled": enqueueing it would poll a partner that may be backing off.
    if (!ok) {
      unreadable.push(partner.id);
      continue;
    }
    const silence = silentIntervals(partner, state, now);
    if (silence > maxSilentIntervals) {
      maxSilentIntervals = silence;
      mostSilentPartnerId = partner.id;
    }
    if (!deps.isDue(partner, state, now)) continue;
    const dueAt = state?.nextPollAt ?? dispatchedAt;
    queued.push({
      request: { partnerId: partner.id, dueAt, dispatchedAt },
      // The same poll keeps the same key until the worker moves nextPollAt on; a partner never polled keys on
      // "first" so that ticks before its first run finishes do not stack up requests.
      deduplicationId: `${partner.id}@${state?.nextPollAt ?? 'first'}`,
    });
  }

  const { failedPartnerIds } = queued.length > 0 ? await deps.queue.enqueue(queued) : { failedPartnerIds: [] };
  return {
    dispatchedAt,
    considered: enabled.length,
    due: queued.map((q) => q.request.partnerId),
    enqueued: queued.length - failedPartnerIds.length,
    failed: failedPartnerIds,
    unreadable,
    maxSilentIntervals,
    ...(mostSilentPartnerId ? { mostSilentPartnerId } : {}),
  };
}
