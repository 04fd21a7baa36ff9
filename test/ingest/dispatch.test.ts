import { describe, expect, it } from 'vitest';
import { dispatchDuePartners, ingestRequestSchema, silentIntervals, type IngestQueue, type QueuedIngestRequest } from '../../shared/ingest/dispatch.js';
import { isDue, stateFor } from '../../shared/ingest/partner-health.js';
import { partnerSchema, type Partner } from '../../shared/model/partner.js';
import type { PartnerState, PartnerStateStore } from '../../shared/ports.js';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const clock = { now: () => NOW };

function partner(id: string, extra: Partial<Partner> = {}): Partner {
  return partnerSchema.parse({ id, name: id, feedUrl: `https://${id}.example.com/feed.xml`, ...extra });
}

function stateStore(states: PartnerState[], failing: string[] = []): PartnerStateStore & { reads: string[] } {
  const byId = new Map(states.map((s) => [s.partnerId, s]));
  const reads: string[] = [];
  return {
    reads,
    async get(id) {
      reads.push(id);
      if (failing.includes(id)) throw new Error('ProvisionedThroughputExceededException');
      return byId.get(id);
    },
    async put() {
      throw new Error('the dispatcher never writes partner state');
    },
  };
}

function recordingQueue(refuse: string[] = []): IngestQueue & { sent: QueuedIngestRequest[] } {
  const sent: QueuedIngestRequest[] = [];
  return {
    sent,
    async enqueue(requests) {
      sent.push(...requests);
      return { failedPartnerIds: requests.map((r) => r.request.partnerId).filter((id) => refuse.includes(id)) };
    },
  };
}

const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000).toISOString();

describe('dispatchDuePartners', () => {
  it('enqueues partners never polled and partners whose next poll time has passed, and no others', async () => {
    const partners = [partner('fresh'), partner('due'), partner('waiting'), partner('exactly-now')];
    const states = stateStore([
      { partnerId: 'due', consecutiveFailures: 0, circuit: 'closed', nextPollAt: minutes(-2), lastSuccessAt: minutes(-7) },
      { partnerId: 'waiting', consecutiveFailures: 0, circuit: 'closed', nextPollAt: minutes(3), lastSuccessAt: minutes(-2) },
      { partnerId: 'exactly-now', consecutiveFailures: 0, circuit: 'closed', nextPollAt: minutes(0), lastSuccessAt: minutes(-5) },
    ]);
    const queue = recordingQueue();
    const result = await dispatchDuePartners({ partners: { list: async () => partners }, states, queue, clock, isDue });
    expect(result.due).toEqual(['fresh', 'due', 'exactly-now']);
    expect(result.enqueued).toBe(3);
    expect(queue.sent.map((q) => q.request.partnerId)).toEqual(['fresh', 'due', 'exactly-now']);
  });

  it('enqueues at once a partner whose stored backoff was written for its old feed URL (a run racing the edit)', async () => {
    const before = partner('moved');
    const after = partner('moved', { feedUrl: 'https://moved.example.com/world.xml' });
    const backingOff = stateFor(before, { partnerId: 'moved', consecutiveFailures: 3, circuit: 'closed', nextPollAt: minutes(40) });
    const deps = (p: Partner) => ({ partners: { list: async () => [p] }, states: stateStore([backingOff]), queue: recordingQueue(), clock, isDue });
    expect((await dispatchDuePartners(deps(before))).due).toEqual([]);
    expect((await dispatchDuePartners(deps(after))).due).toEqual(['moved']);
  });

  it('never reads the state of, nor enqueues, a disabled partner', async () => {
    const states = stateStore([]);
    const queue = recordingQueue();
    const result = await dispatchDuePartners({
      partners: { list: async () => [partner('on'), partner('off', { enabled: false })] },
      states,
      queue,
      clock,
      isDue,
    });
    expect(states.reads).toEqual(['on']);
    expect(result.considered).toBe(1);
    expect(queue.sent.map((q) => q.request.partnerId)).toEqual(['on']);
  });

  it('keys each request on the partner and its due time, so a repeat tick before the worker runs is deduplicated', async () => {
    const states = stateStore([{ partnerId: 'due', consecutiveFailures: 0, circuit: 'closed', nextPollAt: minutes(-1) }]);
    const queue = recordingQueue();
    const deps = { partners: { list: async () => [partner('due'), partner('new')] }, states, queue, clock, isDue };
    await dispatchDuePartners(deps);
    await dispatchDuePartners({ ...deps, clock: { now: () => new Date(NOW.getTime() + 60_000) } });
    const keys = queue.sent.map((q) => q.deduplicationId);
    expect(keys).toEqual([`due@${minutes(-1)}`, 'new@first', `due@${minutes(-1)}`, 'new@first']);
  });

  it('sends messages the ingest worker can read', async () => {
    const queue = recordingQueue();
    await dispatchDuePartners({ partners: { list: async () => [partner('kontan')] }, states: stateStore([]), queue, clock, isDue });
    const body = JSON.parse(JSON.stringify(queue.sent[0]!.request));
    expect(ingestRequestSchema.parse(body)).toEqual({ partnerId: 'kontan', dueAt: NOW.toISOString(), dispatchedAt: NOW.toISOString() });
  });

  it('skips a partner whose state cannot be read rather than polling a partner that may be backing off', async () => {
    const queue = recordingQueue();
    const result = await dispatchDuePartners({
      partners: { list: async () => [partner('ok'), partner('broken')] },
      states: stateStore([], ['broken']),
      queue,
      clock,
      isDue,
    });
    expect(result.unreadable).toEqual(['broken']);
    expect(result.due).toEqual(['ok']);
  });

  it('reports the partners the queue refused, and counts only the rest as enqueued', async () => {
    const queue = recordingQueue(['b']);
    const result = await dispatchDuePartners({
      partners: { list: async () => [partner('a'), partner('b'), partner('c')] },
      states: stateStore([]),
      queue,
      clock,
      isDue,
    });
    expect(result.failed).toEqual(['b']);
    expect(result.enqueued).toBe(2);
  });

  it('does not call the queue at all when nobody is due', async () => {
    const queue: IngestQueue = {
      enqueue: async () => {
        throw new Error('queue called with nothing to send');
      },
    };
    const states = stateStore([{ partnerId: 'a', consecutiveFailures: 0, circuit: 'closed', nextPollAt: minutes(4) }]);
    const result = await dispatchDuePartners({ partners: { list: async () => [partner('a')] }, states, queue, clock, isDue });
    expect(result.enqueued).toBe(0);
  });

  it('names the most silent partner and how many of its intervals have passed without a success', async () => {
    const states = stateStore([
      { partnerId: 'quiet', consecutiveFailures: 3, circuit: 'closed', nextPollAt: minutes(10), lastSuccessAt: minutes(-61) },
      { partnerId: 'fine', consecutiveFailures: 0, circuit: 'closed', nextPollAt: minutes(4), lastSuccessAt: minutes(-1) },
    ]);
    const result = await dispatchDuePartners({
      partners: { list: async () => [partner('fine'), partner('quiet', { pollIntervalSeconds: 600 })] },
      states,
      queue: recordingQueue(),
      clock,
      isDue,
    });
    expect(result.maxSilentIntervals).toBe(6);
    expect(result.mostSilentPartnerId).toBe('quiet');
  });

  it('reads many partner states with bounded parallelism', async () => {
    let inFlight = 0;
    let peak = 0;
    const states: PartnerStateStore = {
      async get() {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await Promise.resolve();
        await Promise.resolve();
        inFlight--;
        return undefined;
      },
      async put() {},
    };
    const partners = Array.from({ length: 100 }, (_, i) => partner(`p${i}`));
    const result = await dispatchDuePartners({ partners: { list: async () => partners }, states, queue: recordingQueue(), clock, isDue, concurrency: 8 });
    expect(result.due).toHaveLength(100);
    expect(peak).toBe(8);
  });
});

describe('silentIntervals', () => {
  const p = { pollIntervalSeconds: 300 };
  it('is zero for a partner never fetched', () => {
    expect(silentIntervals(p, undefined, NOW)).toBe(0);
  });
  it('counts whole intervals since the last success', () => {
    expect(silentIntervals(p, { partnerId: 'x', consecutiveFailures: 0, circuit: 'closed', lastSuccessAt: minutes(-16) }, NOW)).toBe(3);
  });
  it('counts consecutive failures for a partner that never succeeded', () => {
    expect(silentIntervals(p, { partnerId: 'x', consecutiveFailures: 4, circuit: 'open' }, NOW)).toBe(4);
  });
});
