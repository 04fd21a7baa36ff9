import { describe, expect, it } from 'vitest';
import { FetchError } from '../../shared/errors.js';
import {
  DEFAULT_HEALTH_POLICY,
  initialPartnerState,
  isDue,
  recordFailure,
  recordSuccess,
  startTrial,
  stateFor,
} from '../../shared/ingest/partner-health.js';
import type { PartnerState } from '../../shared/ports.js';

const partner = { id: 'kontan', pollIntervalSeconds: 300, enabled: true };
const T0 = new Date('2026-11-24T12:00:00.000Z');
const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);
const minutes = (n: number) => n * 60_000;
const delayOf = (state: PartnerState, now: Date) => Date.parse(state.nextPollAt!) - now.getTime();

/** Fails the partner `times` times in a row, each time at the moment it is next due. */
function failRepeatedly(times: number, random = () => 0.5, start: PartnerState = initialPartnerState('kontan')) {
  let state = start;
  let now = T0;
  let lastFailureAt = T0;
  const delays: number[] = [];
  for (let i = 0; i < times; i++) {
    state = recordFailure(partner, state, { now, error: 'partner "kontan": HTTP 500', random });
    delays.push(delayOf(state, now));
    lastFailureAt = now;
    now = new Date(state.nextPollAt!);
  }
  return { state, now, lastFailureAt, delays };
}

describe('partner health', () => {
  describe('isDue', () => {
    it('is due when the partner was never fetched', () => {
      expect(isDue(partner, undefined, T0)).toBe(true);
    });

    it('is not due before the next poll time and due from it on', () => {
      const state = { ...initialPartnerState('kontan'), nextPollAt: plus(T0, 60_000).toISOString() };
      expect(isDue(partner, state, T0)).toBe(false);
      expect(isDue(partner, state, plus(T0, 60_000))).toBe(true);
    });

    it('lets a healthy partner be polled a tenth of its interval early (at most 30 s), so ticks never skip it', () => {
      const next = plus(T0, 600_000);
      const state = { ...initialPartnerState('kontan'), nextPollAt: next.toISOString() };
      const every60s = { ...partner, pollIntervalSeconds: 60 };
      expect(isDue(every60s, state, plus(next, -6_000))).toBe(true);
      expect(isDue(every60s, state, plus(next, -6_001))).toBe(false);
      const hourly = { ...partner, pollIntervalSeconds: 3600 };
      expect(isDue(hourly, state, plus(next, -30_000))).toBe(true);
      expect(isDue(hourly, state, plus(next, -30_001))).toBe(false);
    });

    it('is never due for a disabled partner', () => {
      expect(isDue({ ...partner, enabled: false }, undefined, T0)).toBe(false);
    });
  });

  describe('after a success', () => {
    it('resets failures, closes the circuit and polls again after the partner interval', () => {
      const broken: PartnerState = { ...failRepeatedly(7).state };
      const state = recordSuccess(partner, broken, { now: T0, etag: '"v2"', lastModified: 'Tue, 24 Nov 2026 11:00:00 GMT' });
      expect(state).toMatchObject({ consecutiveFailures: 0, circuit: 'closed', etag: '"v2"', lastSuccessAt: T0.toISOString() });
      expect(state.lastError).toBeUndefined();
      expect(delayOf(state, T0)).toBe(300_000);
    });

    it('waits for the RSS ttl when it is longer than the interval', () => {
      const state = recordSuccess(partner, undefined, { now: T0, ttlMinutes: 60 });
      expect(delayOf(state, T0)).toBe(minutes(60));
      expect(state.ttlMinutes).toBe(60);
    });

    it('keeps the interval when the RSS ttl is shorter', () => {
      expect(delayOf(recordSuccess(partner, undefined, { now: T0, ttlMinutes: 1 }), T0)).toBe(300_000);
    });

    it('does not believe an RSS ttl of weeks', () => {
      const state = recordSuccess(partner, undefined, { now: T0, ttlMinutes: 60 * 24 * 30 });
      expect(delayOf(state, T0)).toBe(minutes(DEFAULT_HEALTH_POLICY.maxTtlMinutes));
    });

    it('keeps the stored validators and ttl after a 304, which reports none', () => {
      const stored = { ...initialPartnerState('kontan'), etag: '"v1"', lastModified: 'x', ttlMinutes: 30 };
      const state = recordSuccess(partner, stored, { now: T0 });
      expect(state).toMatchObject({ etag: '"v1"', lastModified: 'x', ttlMinutes: 30 });
      expect(delayOf(state, T0)).toBe(minutes(30));
    });

    it('drops a validator the partner stopped sending on a 200', () => {
      const stored = { ...initialPartnerState('kontan'), etag: '"v1"', lastModified: 'x' };
      const state = recordSuccess(partner, stored, { now: T0, etag: undefined, lastModified: 'y' });
      expect(state).not.toHaveProperty('etag');
      expect(state.lastModified).toBe('y');
    });
  });

  describe('after failures', () => {
    it('backs off exponentially from the interval, capped at one hour', () => {
      const { delays } = failRepeatedly(4, () => 1);
      expect(delays).toEqual([300_000, 600_000, 1_200_000, 2_400_000]);
      const capped = recordFailure({ ...partner, pollIntervalSeconds: 1800 }, { ...initialPartnerState('kontan'), consecutiveFailures: 2 }, {
        now: T0,
        error: 'x',
        random: () => 1,
        threshold: 10,
      });
      expect(delayOf(capped, T0)).toBe(minutes(60));
    });

    it('spreads retries with jitter between half and all of the backoff', () => {
      const low = failRepeatedly(3, () => 0).delays[2];
      const high = failRepeatedly(3, () => 0.999999).delays[2];
      expect(low).toBe(600_000);
      expect(high).toBeGreaterThan(1_199_000);
      expect(high).toBeLessThanOrEqual(1_200_000);
    });

    it('never polls a failing partner sooner than its normal interval', () => {
      const { delays } = failRepeatedly(1, () => 0);
      expect(delays[0]).toBe(300_000);
    });

    it('honours Retry-After as a floor', () => {
      const error = new FetchError('partner "kontan": HTTP 429', 'status', 429, 7200);
      const state = recordFailure(partner, undefined, { now: T0, error, retryAfterSeconds: 7200, random: () => 0.5 });
      expect(delayOf(state, T0)).toBe(7_200_000);
      expect(state.lastError).toBe('partner "kontan": HTTP 429');
    });

    it('does not let a Retry-After of a year silence a partner', () => {
      const state = recordFailure(partner, undefined, { now: T0, error: 'x', retryAfterSeconds: 365 * 86_400 });
      expect(delayOf(state, T0)).toBe(DEFAULT_HEALTH_POLICY.maxRetryAfterSeconds * 1000);
    });

    it('keeps the circuit closed below the threshold and opens it at the fifth consecutive failure', () => {
      expect(failRepeatedly(4).state.circuit).toBe('closed');
      const { state } = failRepeatedly(5);
      expect(state).toMatchObject({ circuit: 'open', consecutiveFailures: 5 });
    });

    it('uses the configured threshold', () => {
      const state = recordFailure(partner, { ...initialPartnerState('kontan'), consecutiveFailures: 1 }, {
        now: T0,
        error: 'x',
        threshold: 2,
      });
      expect(state.circuit).toBe('open');
    });
  });

  describe('circuit', () => {
    it('rests an open circuit for the cool-down, then lets it be tried again by itself', () => {
      const { state, lastFailureAt } = failRepeatedly(5, () => 1);
      expect(state.circuit).toBe('open');
      expect(isDue(partner, state, plus(lastFailureAt, DEFAULT_HEALTH_POLICY.coolDownMs - 1))).toBe(false);
      expect(isDue(partner, state, plus(lastFailureAt, DEFAULT_HEALTH_POLICY.coolDownMs))).toBe(true);
    });

    it('holds one trial at a time: half-open blocks other runs for the lease, and frees itself if the run dies', () => {
      const { state: open, now } = failRepeatedly(5);
      const trial = startTrial(open, now);
      expect(trial.circuit).toBe('half-open');
      expect(isDue(partner, trial, now)).toBe(false);
      expect(isDue(partner, trial, plus(now, DEFAULT_HEALTH_POLICY.trialLeaseMs))).toBe(true);
    });

    it('leaves a closed circuit alone when asked to start a trial', () => {
      const closed = initialPartnerState('kontan');
      expect(startTrial(closed, T0)).toBe(closed);
    });

    it('closes the circuit when the trial succeeds', () => {
      const { state: open, now } = failRepeatedly(5);
      const closed = recordSuccess(partner, startTrial(open, now), { now });
      expect(closed).toMatchObject({ circuit: 'closed', consecutiveFailures: 0 });
      expect(delayOf(closed, now)).toBe(300_000);
    });

    it('re-opens with a doubled cool-down when the trial fails, up to the cap', () => {
      const { state: open, now } = failRepeatedly(5, () => 1);
      const again = recordFailure(partner, startTrial(open, now), { now, error: 'still down', random: () => 1 });
      expect(again.circuit).toBe('open');
      expect(delayOf(again, now)).toBe(2 * DEFAULT_HEALTH_POLICY.coolDownMs);
      const { delays } = failRepeatedly(20, () => 1);
      expect(Math.max(...delays)).toBe(DEFAULT_HEALTH_POLICY.maxCoolDownMs);
    });

    it('goes from healthy to open to closed without anyone resetting it', () => {
      let state: PartnerState | undefined;
      let now = T0;
      const seen: string[] = [];
      for (const outcome of ['fail', 'fail', 'fail', 'fail', 'fail', 'fail', 'ok'] as const) {
        while (!isDue(partner, state, now)) now = plus(now, minutes(1));
        if (state) state = startTrial(state, now);
        state = outcome === 'ok' ? recordSuccess(partner, state, { now }) : recordFailure(partner, state, { now, error: 'x', random: () => 0.5 });
        seen.push(state.circuit);
      }
      expect(seen).toEqual(['closed', 'closed', 'closed', 'closed', 'open', 'open', 'closed']);
    });
  });
});

describe('stateFor', () => {
  const feed = { feedUrl: 'https://kontan.example/rss.xml' };
  const failing: PartnerState = {
    partnerId: 'kontan',
    etag: '"old"',
    lastModified: 'Tue, 24 Nov 2026 10:00:00 GMT',
    consecutiveFailures: 6,
    circuit: 'open',
    nextPollAt: '2026-11-24T18:00:00.000Z',
    lastSuccessAt: '2026-11-23T09:00:00.000Z',
    lastError: 'partner "kontan": HTTP 500',
    failingSince: '2026-11-23T09:05:00.000Z',
    ttlMinutes: 30,
  };

  it('marks a state with no connection yet (written before marks, or cleared by an edit) and keeps it as it is', () => {
    const marked = stateFor(feed, failing);
    expect(marked).toEqual({ ...failing, connection: marked.connection });
    expect(marked.connection).toMatch(/^[0-9a-f]{16}$/);
    expect(stateFor(feed, marked)).toEqual(marked);
  });

  it('clears a state written for another feed URL or auth, keeping only its history', () => {
    const old = stateFor(feed, failing);
    for (const moved of [{ feedUrl: 'https://kontan.example/rss/world.xml' }, { ...feed, auth: { type: 'header' as const, header: 'X-Key', secret: 'wirefeed/k' } }]) {
      const now = stateFor(moved, old);
      expect(now).toEqual({ partnerId: 'kontan', consecutiveFailures: 0, circuit: 'closed', lastSuccessAt: failing.lastSuccessAt, ttlMinutes: 30, connection: now.connection });
      expect(now.connection).not.toBe(old.connection);
    }
  });

  it('does not tell auth objects apart by key order', () => {
    const a = stateFor({ ...feed, auth: { type: 'header', header: 'X-Key', secret: 'wirefeed/k' } }, failing);
    const b = stateFor({ ...feed, auth: { secret: 'wirefeed/k', header: 'X-Key', type: 'header' } }, failing);
    expect(b.connection).toBe(a.connection);
  });
});
