import { describeError, StorageError } from '../errors.js';

/** How storage calls are retried: exponential backoff with full jitter, bounded in attempts and delay. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injectable so tests do not wait. */
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/**
 * The reading side's budget. A feed request waits on at most 3 attempts (each with the SDK's own retries, up to
 * ~1.5 s when throttled), well inside the publish function's 10 s, so a throttled table answers 503 with
 * Retry-After rather than a timeout.
 */
export const READ_RETRY: Partial<RetryPolicy> = { maxAttempts: 3, maxDelayMs: 400 };

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 50,
  maxDelayMs: 5_000,
  sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
  random: Math.random,
};

/** Builds a policy from partial settings (tests pass a sleep that records instead of waiting). */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...defaultRetryPolicy, ...overrides };
}

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TransactionInProgressException',
  'SlowDown',
  'InternalError',
  'RequestTimeout',
  'TimeoutError',
  'ECONNRESET',
]);

/** Throttling, 5xx and network errors are worth retrying; a failed condition or a bad request is not. */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: string; code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if (e.$retryable) return true;
  if (e.name !== undefined && RETRYABLE_NAMES.has(e.name)) return true;
  if (e.code !== undefined && RETRYABLE_NAMES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

/** Delay before retry number `attempt` (0 for the first retry): full jitter under a capped exponential. */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(policy.random() * ceiling);
}

/**
 * Runs `call` until it succeeds, retrying retryable errors with backoff; throws StorageError naming `what` when
 * the attempts run out, and rethrows other errors as they are.
 */
export async function withRetries<T>(what: string, call: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (attempt + 1 >= policy.maxAttempts) {
        throw new StorageError(`${what} failed after ${policy.maxAttempts} attempts: ${describeError(error)}`, { cause: error, busy: true });
      }
      await policy.sleep(backoffDelay(attempt, policy));
    }
  }
}
