import { describe, expect, it } from 'vitest';
import {
  addPartner,
  exportPartners,
  importPartners,
  removePartner,
  resetPartner,
  setPartnerEnabled,
  updatePartner,
  type PartnerAdminDeps,
} from '../../shared/partner-admin/manage.js';
import { partnerSchema, type PartnerInput } from '../../shared/model/partner.js';
import type { PartnerState } from '../../shared/ports.js';
import { EditConflictError } from '../../shared/errors.js';
import { zonedTime } from '../../shared/publish/zoned-time.js';
import { MemoryPartnerArticles, MemoryPartnerStore, MemoryStates } from '../support/memory-partner-store.js';

const NOW = new Date('2026-12-01T12:00:00Z');

function setup(partners: PartnerInput[] = []) {
  const states = new MemoryStates();
  const store = new MemoryPartnerStore(states);
  for (const p of partners) store.partners.set(p.id, partnerSchema.parse(p));
  const articles = new MemoryPartnerArticles(new Map([['kontan', 3]]));
  const deps: PartnerAdminDeps = { partners: store, states, articles, clock: { now: () => NOW } };
  return { deps, store, states, articles };
}

const kontan: PartnerInput = { id: 'kontan', name: 'KONTAN', feedUrl: 'https://kontan.example/rss.xml' };
const failingState: PartnerState = {
  partnerId: 'kontan',
  etag: '"v1"',
  lastModified: 'Tue, 01 Dec 2026 10:00:00 GMT',
  consecutiveFailures: 6,
  circuit: 'open',
  nextPollAt: '2026-12-01T18:00:00.000Z',
  lastSuccessAt: '2026-11-30T09:00:00.000Z',
  lastError: 'partner "kontan": HTTP 500',
  failingSince: '2026-11-30T09:05:00.000Z',
  lastStoredRawKey: 'raw/kontan/x.xml.gz',
};

describe('importPartners', () => {
  it('adds new partners, changes differing ones and leaves equal ones, and says which', async () => {
    const { deps, store } = setup([kontan, { id: 'meridian', name: 'Meridian', feedUrl: 'https://m.example/rss' }]);
    const file = [
      partnerSchema.parse(kontan),
      partnerSchema.parse({ id: 'meridian', name: 'The Meridian Herald', feedUrl: 'https://m.example/rss' }),
      partnerSchema.parse({ id: 'antara', name: 'Antara', feedUrl: 'https://antara.example/rss' }),
    ];
    expect(await importPartners(file, deps)).toEqual({ added: ['antara'], changed: ['meridian'], unchanged: ['kontan'] });
    expect((await store.get('meridian'))?.name).toBe('The Meridian Herald');
    expect(await importPartners(file, deps)).toEqual({ added: [], changed: [], unchanged: ['kontan', 'meridian', 'antara'] });
  });

  it('with prune, removes the stored partners the file does not list (with their fetch state), except those kept', async () => {
    const meridian = { id: 'meridian', name: 'Meridian', feedUrl: 'https://m.example/rss' };
    const local = { id: 'local-wire', name: 'Local', feedUrl: 'https://l.example/rss' };
    const { deps, store, states, articles } = setup([kontan, meridian, local]);
    states.states.set('meridian', { ...failingState, partnerId: 'meridian' });
    articles.counts.set('meridian', 4);
    const file = [partnerSchema.parse(kontan)];
    expect(await importPartners(file, deps, { prune: true, keep: ['local-wire'], dryRun: true })).toEqual({ added: [], changed: [], unchanged: ['kontan'], removed: ['meridian'] });
    expect(store.partners.size).toBe(3);
    expect(await importPartners(file, deps, { prune: true, keep: ['local-wire'] })).toEqual({ added: [], changed: [], unchanged: ['kontan'], removed: ['meridian'] });
    expect([...store.partners.keys()].sort()).toEqual(['kontan', 'local-wire']);
    expect(states.states.has('meridian')).toBe(false);
    expect(articles.counts.get('meridian')).toBe(4);
  });

  it('writes nothing in a dry run', async () => {
    const { deps, store } = setup();
    expect(await importPartners([partnerSchema.parse(kontan)], deps, { dryRun: true })).toEqual({ added: ['kontan'], changed: [], unchanged: [] });
    expect(store.partners.size).toBe(0);
  });
});

describe('updatePartner', () => {
  it('clears validators, failures and circuit when the feed URL changes, so the new URL is fetched unconditionally now', async () => {
    const { deps, states } = setup([kontan]);
    await states.put(failingState);
    await updatePartner('kontan', { feedUrl: 'https://kontan.example/new.xml' }, deps);
    expect(await states.get('kontan')).toEqual({
      partnerId: 'kontan',
      consecutiveFailures: 0,
      circuit: 'closed',
      lastSuccessAt: '2026-11-30T09:00:00.000Z',
    });
  });

  it('clears them too when the auth changes', async () => {
    const { deps, states } = setup([kontan]);
    await states.put(failingState);
    await updatePartner('kontan', { auth: { type: 'header', header: 'X-Api-Key', secret: 'kontan/key' } }, deps);
    expect((await states.get('kontan'))?.etag).toBeUndefined();
  });

  it('keeps the fetch state when only the name changes', async () => {
    const { deps, states } = setup([kontan]);
    await states.put(failingState);
    await updatePartner('kontan', { name: 'KONTAN.CO.ID' }, deps);
    expect(await states.get('kontan')).toEqual(failingState);
  });

  it('stores a time zone typed in lower case as its canonical name, so its pages show WIB', async () => {
    const { deps, store } = setup([kontan]);
    await updatePartner('kontan', { timeZone: 'asia/jakarta' }, deps);
    expect(store.partners.get('kontan')?.timeZone).toBe('Asia/Jakarta');
    expect(zonedTime(Date.parse('2026-12-01T02:30:00Z'), store.partners.get('kontan')?.timeZone).local).toMatch(/09:30 WIB$/);
  });

  it('refuses an invalid value with one line naming the partner and the field', async () => {
    const { deps } = setup([kontan]);
    await expect(updatePartner('kontan', { pollIntervalSeconds: 5 }, deps)).rejects.toThrow(/^partner "kontan" field "pollIntervalSeconds": /);
  });

  it('names the nearest partner id when the id is misspelt', async () => {
    const { deps } = setup([kontan]);
    await expect(updatePartner('kontn', { name: 'x' }, deps)).rejects.toThrow('no partner "kontn" (did you mean "kontan"?)');
  });
});

describe('concurrent edits', () => {
  it('refuses an update when another edit changed the partner after it was read, keeping that edit', async () => {
    const { deps, store } = setup([kontan]);
    const read = store.read.bind(store);
    let interleaved = false;
    // Another editor's update lands between this command's read and its write.
    store.read = async (id) => {
      const first = await read(id);
      if (!interleaved) {
        interleaved = true;
        await updatePartner('kontan', { name: 'KONTAN Online' }, deps);
      }
      return first;
    };
    await expect(updatePartner('kontan', { pollIntervalSeconds: 600 }, deps)).rejects.toThrow(
      new EditConflictError('partner "kontan" was changed or removed by another edit since it was read: nothing written (look at it with: wirefeed partners show kontan, then run the command again)'),
    );
    expect(await store.get('kontan')).toMatchObject({ name: 'KONTAN Online', pollIntervalSeconds: 300 });
    await updatePartner('kontan', { pollIntervalSeconds: 600 }, deps);
    expect(await store.get('kontan')).toMatchObject({ name: 'KONTAN Online', pollIntervalSeconds: 600 });
  });

  it('lets only one of two adds of the same id through', async () => {
    const { deps, store } = setup();
    const results = await Promise.allSettled([addPartner(kontan, deps), addPartner({ ...kontan, name: 'Kontan (2)' }, deps)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(
      new EditConflictError('partner "kontan" was added by another edit meanwhile: nothing written (look at it with: wirefeed partners show kontan, then run the command again)'),
    );
    expect((await store.get('kontan'))?.name).toBe('KONTAN');
  });
});

describe('enable, disable, remove, reset', () => {
  it('enabling a partner makes it due at once', async () => {
    const { deps, states } = setup([{ ...kontan, enabled: false }]);
    await states.put({ partnerId: 'kontan', consecutiveFailures: 0, circuit: 'closed', nextPollAt: '2026-12-01T13:00:00.000Z' });
    await setPartnerEnabled('kontan', true, deps);
    expect((await states.get('kontan'))?.nextPollAt).toBeUndefined();
  });

  it('reset clears failures, circuit and validators and keeps the last success', async () => {
    const { deps, states } = setup([kontan]);
    await states.put(failingState);
    expect(await resetPartner('kontan', deps)).toEqual({
      partnerId: 'kontan',
      consecutiveFailures: 0,
      circuit: 'closed',
      lastSuccessAt: failingState.lastSuccessAt,
    });
  });

  it('remove keeps the articles unless asked to purge them', async () => {
    const { deps, store, articles } = setup([kontan, { ...kontan, id: 'other' }]);
    expect(await removePartner('kontan', deps)).toEqual({ purged: 0 });
    expect(await store.get('kontan')).toBeUndefined();
    expect(await articles.count('kontan')).toBe(3);
    articles.counts.set('other', 2);
    expect(await removePartner('other', deps, { purge: true })).toEqual({ purged: 2 });
  });

  it('add refuses a partner that exists, and export lists partners by id in the file format', async () => {
    const { deps } = setup([kontan]);
    await expect(addPartner(kontan, deps)).rejects.toThrow(/partner "kontan" exists already/);
    await addPartner({ id: 'antara', name: 'Antara', feedUrl: 'https://antara.example/rss' }, deps);
    const exported = await exportPartners(deps);
    expect(exported.partners.map((p) => p.id)).toEqual(['antara', 'kontan']);
    expect(partnerSchema.parse(exported.partners[0])).toEqual(exported.partners[0]);
  });
});
