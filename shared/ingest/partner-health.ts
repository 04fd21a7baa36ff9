import { hash } from 'node:crypto';
import { describeError } from '../errors.js';
import { canonicalJson } from '../model/objects.js';
import type { Partner } from '../model/partner.js';
import type { PartnerState } from '../ports.js';

/**
 * When to poll a partner next, and whether its circuit is open: a pure policy over PartnerState. No clock and no
 * randomness inside: `now` and `random` are passed in, so the scheduler, the ingest use case and tests agree.
 *
 * - After a success: failures reset, circuit closed, next poll after the partner's interval or its RSS <ttl>,
 *   whichever is longer.
 * - After a failure: exponential backoff from the partner's interval, with jitter so that partners failing
 *   together (a shared CDN outage) do not come back in lock-step; a Retry-After is a floor.
 * - After N consecutive failures the circuit opens: the partner rests for a cool-down, then one trial fetch is
 *   made (half-open). Success closes the circuit; failure re-opens it with a doubled cool-down. Nobody has to
 *   reset anything by hand.
 */

export interface HealthPolicy {
  /** Consecutive failures that open the circuit (Config.CIRCUIT_FAILURE_THRESHOLD). */
  failureThreshold: number;
  /** Longest wait between retries while the circuit is closed. */
  maxBackoffMs: number;
  /** First rest once the circuit opens; doubled each time a trial fails. */
  coolDownMs: number;
  maxCoolDownMs: number;
  /** How long a half-open trial holds the partner before another may start (a crashed run frees it). */
  trialLeaseMs: number;
  /** An RSS <ttl> longer than this is not believed (a typo must not silence a partner for weeks). */
  maxTtlMinutes: number;
  /** A Retry-After longer than this is not believed either. */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_HEALTH_POLICY: HealthPolicy = {
  failureThreshold: 5,
  maxBackoffMs: 60 * 60_000,
  coolDownMs: 30 * 60_000,
  maxCoolDownMs: 6 * 60 * 60_000,
  trialLeaseMs: 10 * 60_000,
  maxTtlMinutes: 24 * 60,
  maxRetryAfterSeconds: 24 * 60 * 60,
};

/** What a successful fetch (200 or 304) tells the policy. A validator key that is present replaces the stored one. */
export interface SuccessOutcome {
  now: Date;
  etag?: string;
  lastModified?: string;
  /** The feed's RSS <ttl> in minutes; absent after a 304 (the stored one is kept). */
  ttlMinutes?: number;
  policy?: Partial<HealthPolicy>;
}

export interface FailureOutcome {
  now: Date;
  /** The error, or its one-line description. */
  error: unknown;
  retryAfterSeconds?: number;
  /** Overrides policy.failureThreshold (Config.CIRCUIT_FAILURE_THRESHOLD). */
  threshold?: number;
  /** In [0, 1): Math.random unless a test fixes it. */
  random?: () => number;
  policy?: Partial<HealthPolicy>;
}

/** The state of a partner never fetched. */
export function initialPartnerState(partnerId: string): PartnerState {
  return { partnerId, consecutiveFailures: 0, circuit: 'closed' };
}

/** The state with validators, failures, circuit and wait cleared; the history (last success) kept. */
export function clearedState(state: PartnerState): PartnerState {
  const next: PartnerState = { ...initialPartnerState(state.partnerId) };
  if (state.lastSuccessAt) next.lastSuccessAt = state.lastSuccessAt;
  if (state.ttlMinutes !== undefined) next.ttlMinutes = state.ttlMinutes;
  return next;
}

/**
 * What a partner's validators and health are about: its feed URL and auth (secret names only), hashed so that
 * a state does not carry the URL. A change of either is another feed (partner-admin clears the state).
 */
export function connectionOf(partner: Pick<Partner, 'feedUrl' | 'auth'>): string {
  return hash('sha256', canonicalJson([partner.feedUrl, partner.auth ?? null]), 'hex').slice(0, 16);
}

/**
 * The stored state as it applies to the partner's settings now, marked with their connection. A state written
 * for another connection is cleared: an edit of the feed URL or auth clears the state, but a run that read the
 * old settings before the edit and writes after it would bring back the old feed's validators, failures and
 * backoff (an old ETag could make the new feed answer 304). A state with no mark (written before marks, or just
 * cleared by an edit) is taken as it is.
 */
export function stateFor(partner: Pick<Partner, 'feedUrl' | 'auth'>, stored: PartnerState): PartnerState {
  const connection = connectionOf(partner);
  if (stored.connection === undefined || stored.connection === connection) return { ...stored, connection };
  return { ...clearedState(stored), connection };
}

function policyOf(overrides: Partial<HealthPolicy> | undefined): HealthPolicy {
  return { ...DEFAULT_HEALTH_POLICY, ...overrides };
}

const at = (now: Date, delayMs: number) => new Date(now.getTime() + delayMs).toISOString();

/** The most a healthy partner's poll may come early: a tenth of its interval, at most this. */
const MAX_SCHEDULE_SLACK_MS = 30_000;

/**
 * Whether the partner should be fetched now: enabled, and its next poll time (or cool-down, or trial lease) has
 * passed. A healthy partner's next poll counts from when its last run started, but the scheduler's ticks reach
 * it a little before that instant (a run starts after the tick, dispatch and the queue), so without some slack a
 * partner polled every N seconds would be skipped by one tick each time: a tenth of the interval, at most 30 s,
 * is allowed. Backoff, cool-downs and trial leases are kept to the millisecond.
 */
export function isDue(
  partner: Pick<Partner, 'enabled' | 'pollIntervalSeconds'>,
  state: PartnerState | undefined,
  now: Date,
): boolean {
  if (!partner.enabled) return false;
  if (!state?.nextPollAt) return true;
  const healthy = state.circuit === 'closed' && state.consecutiveFailures === 0;
  const slack = healthy ? Math.min(partner.pollIntervalSeconds * 100, MAX_SCHEDULE_SLACK_MS) : 0;
  return now.getTime() + slack >= Date.parse(state.nextPollAt);
}

/**
 * Marks an open circuit's trial fetch as started (half-open), holding the partner for a lease so that a second
 * scheduler tick does not start another trial meanwhile. Other states are returned unchanged.
 */
export function startTrial(state: PartnerState, now: Date, policy?: Partial<HealthPolicy>): PartnerState {
  if (state.circuit !== 'open') return state;
  return { ...state, circuit: 'half-open', nextPollAt: at(now, policyOf(policy).trialLeaseMs) };
}

/** The state after a successful fetch: circuit closed, next poll after max(interval, RSS ttl). */
export function recordSuccess(
  partner: Pick<Partner, 'id' | 'pollIntervalSeconds'>,
  state: PartnerState | undefined,
  outcome: SuccessOutcome,
): PartnerState {
  const policy = policyOf(outcome.policy);
  const previous = state ?? initialPartnerState(partner.id);
  const ttlMinutes = 'ttlMinutes' in outcome ? outcome.ttlMinutes : previous.ttlMinutes;
  const ttlMs = Math.min(ttlMinutes ?? 0, policy.maxTtlMinutes) * 60_000;
  const next: PartnerState = {
    ...previous,
    partnerId: partner.id,
    consecutiveFailures: 0,
    circuit: 'closed',
    lastSuccessAt: outcome.now.toISOString(),
    nextPollAt: at(outcome.now, Math.max(partner.pollIntervalSeconds * 1000, ttlMs)),
    etag: 'etag' in outcome ? outcome.etag : previous.etag,
    lastModified: 'lastModified' in outcome ? outcome.lastModified : previous.lastModified,
    ttlMinutes,
  };
  delete next.lastError;
  delete next.failingSince;
  // Keep stored items free of undefined attributes (DynamoDB marshalling rejects them unless told otherwise).
  for (const key of ['etag', 'lastModified', 'ttlMinutes'] as const) if (next[key] === undefined) delete next[key];
  return next;
}

/** The state after a failed fetch (or a failed parse or store): backoff with jitter, and the circuit opened at N failures. */
export function recordFailure(
  partner: Pick<Partner, 'id' | 'pollIntervalSeconds'>,
  state: PartnerState | undefined,
  failure: FailureOutcome,
): PartnerState {
  const policy = policyOf(failure.policy);
  const threshold = failure.threshold ?? policy.failureThreshold;
  const random = failure.random ?? Math.random;
  const previous = state ?? initialPartnerState(partner.id);
  const failures = previous.consecutiveFailures + 1;
  const intervalMs = partner.pollIntervalSeconds * 1000;

  // A failed trial (half-open, or an open circuit fetched anyway) re-opens at once, whatever the count says.
  const opens = failures >= threshold || previous.circuit !== 'closed';
  const base = opens
    ? Math.min(policy.maxCoolDownMs, policy.coolDownMs * 2 ** Math.max(0, failures - threshold))
    : Math.min(policy.maxBackoffMs, intervalMs * 2 ** (failures - 1));
  // "Equal jitter": between half and all of the delay, so a retry is spread out yet never immediate.
  const jittered = base * (0.5 + 0.5 * random());
  const retryAfterMs = Math.min(failure.retryAfterSeconds ?? 0, policy.maxRetryAfterSeconds) * 1000;
  // Failing never makes wirefeed poll a partner more often than its normal interval.
  const delayMs = Math.ceil(Math.max(jittered, intervalMs, retryAfterMs));

  const message = typeof failure.error === 'string' ? failure.error : describeError(failure.error);
  return {
    ...previous,
    partnerId: partner.id,
    consecutiveFailures: failures,
    circuit: opens ? 'open' : 'closed',
    nextPollAt: at(failure.now, delayMs),
    lastError: message.length > 500 ? `${message.slice(0, 499)}…` : message,
    failingSince: previous.consecutiveFailures > 0 && previous.failingSince ? previous.failingSince : failure.now.toISOString(),
  };
}
