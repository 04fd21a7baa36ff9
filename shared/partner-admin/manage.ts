import type { Partner } from '../model/partner.js';
import type { Clock, PartnerArticles, PartnerRevision, PartnerState, PartnerStateStore, PartnerStore } from '../ports.js';
import { ConfigError, NotFoundError } from '../errors.js';
import { checkPartner } from '../partners.js';
import { clearedState, connectionOf, initialPartnerState } from '../ingest/partner-health.js';
import { canonicalJson } from '../model/objects.js';
import { didYouMean } from '../suggest.js';

/**
 * The editor's use cases on partners: import and export the seed file, add, change, enable, disable, remove and
 * reset one partner. Each takes its ports; nothing here knows DynamoDB. A change is in the table at once, so the
 * dispatcher's next tick (a minute in AWS) sees it without a deploy.
 */
export interface PartnerAdminDeps {
  partners: PartnerStore;
  states: PartnerStateStore;
  clock: Clock;
  /** Needed only to purge a removed partner's articles. */
  articles?: PartnerArticles;
}

export interface ImportReport {
  added: string[];
  changed: string[];
  unchanged: string[];
  /** With `prune` only: stored partners the file does not list, removed (their articles kept). */
  removed?: string[];
}

/** Settings whose change makes the stored validators and failures meaningless: they belong to another feed. */
function connectionChanged(before: Partner, after: Partner): boolean {
  return connectionOf(before) !== connectionOf(after);
}

/** Whether two partners have the same settings (after defaults). */
export function samePartner(a: Partner, b: Partner): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The partner with this id, or a NotFoundError that suggests the nearest id. */
export async function requirePartner(partnerId: string, deps: Pick<PartnerAdminDeps, 'partners'>): Promise<Partner> {
  return (await requirePartnerRevision(partnerId, deps)).partner;
}

/** The partner with this id and its revision, or a NotFoundError that suggests the nearest id. */
async function requirePartnerRevision(partnerId: string, deps: Pick<PartnerAdminDeps, 'partners'>): Promise<PartnerRevision> {
  const read = await deps.partners.read(partnerId);
  if (read) return read;
  const ids = (await deps.partners.list()).map((p) => p.id);
  throw new NotFoundError(`no partner "${partnerId}"${didYouMean(partnerId, ids)}`);
}

/**
 * Writes a changed partner (only while the stored one has `ifRevision`, when given: PartnerStore.put) and keeps
 * its fetch state true to it:
 *  - a new feed URL or auth clears the validators, the failures and the circuit (the old feed's ETag must not
 *    make the new one answer 304, and its failures are not the new feed's), and the partner is due at once;
 *  - enabling clears the wait, so the partner is polled on the next tick;
 *  - disabling needs nothing more: the dispatcher and the ingest worker skip disabled partners.
 */
export async function savePartner(before: Partner | undefined, after: Partner, deps: PartnerAdminDeps, ifRevision?: string | null): Promise<void> {
  const partner = checkPartner(after);
  await deps.partners.put(partner, ifRevision === undefined ? {} : { ifRevision });
  if (!before) return;
  const state = await deps.states.get(partner.id);
  if (!state) return;
  if (connectionChanged(before, partner)) {
    await deps.states.put(clearedState(state));
  } else if (!before.enabled && partner.enabled && state.nextPollAt !== undefined) {
    const next = { ...state };
    delete next.nextPollAt;
    await deps.states.put(next);
  }
}

/**
 * Imports a partners file: adds new partners, changes differing ones, leaves equal ones. Partners not in the file
 * stay, unless `prune`: then each is removed with its fetch state (its articles kept, as `partners remove` does),
 * except the ids in `keep` (partners the file lists but the caller left out of `partners`).
 */
export async function importPartners(
  partners: Partner[],
  deps: PartnerAdminDeps,
  options: { dryRun?: boolean; prune?: boolean; keep?: string[] } = {},
): Promise<ImportReport> {
  const report: ImportReport = { added: [], changed: [], unchanged: [], ...(options.prune ? { removed: [] } : {}) };
  const stored = new Map((await deps.partners.list()).map((p) => [p.id, p]));
  for (const partner of partners) {
    const before = stored.get(partner.id);
    if (before && samePartner(before, partner)) {
      report.unchanged.push(partner.id);
      continue;
    }
    (before ? report.changed : report.added).push(partner.id);
    // The file is what the partners should be: a change replaces whatever is stored, an addition only adds.
    if (!options.dryRun) await savePartner(before, partner, deps, before ? undefined : null);
  }
  if (report.removed) {
    const listed = new Set([...partners.map((p) => p.id), ...(options.keep ?? [])]);
    for (const id of [...stored.keys()].sort()) {
      if (listed.has(id)) continue;
      report.removed.push(id);
      if (!options.dryRun) await deps.partners.remove(id);
    }
  }
  return report;
}

/** Adds a partner that does not exist yet. */
export async function addPartner(input: unknown, deps: PartnerAdminDeps): Promise<Partner> {
  const partner = checkPartner(input);
  if (await deps.partners.get(partner.id)) {
    throw new ConfigError(`partner "${partner.id}" exists already (change it with: wirefeed partners update ${partner.id} …)`);
  }
  await deps.partners.put(partner, { ifRevision: null });
  return partner;
}

/** Applies field changes to a stored partner; `undefined` removes an optional field (e.g. auth). */
export async function updatePartner(partnerId: string, changes: Record<string, unknown>, deps: PartnerAdminDeps): Promise<Partner> {
  // Written only if nobody else changed the partner since this read: their edit is never silently undone.
  const { partner: before, revision } = await requirePartnerRevision(partnerId, deps);
  if ('id' in changes && changes.id !== partnerId) {
    throw new ConfigError(`partner "${partnerId}": the id cannot change (add a new partner and remove this one)`);
  }
  const merged: Record<string, unknown> = { ...before, ...changes };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  const after = checkPartner(merged);
  await savePartner(before, after, deps, revision);
  return after;
}

/** Enables or disables a partner. */
export async function setPartnerEnabled(partnerId: string, enabled: boolean, deps: PartnerAdminDeps): Promise<Partner> {
  return updatePartner(partnerId, { enabled }, deps);
}

/** Removes a partner and its fetch state; its articles are kept unless `purge`. */
export async function removePartner(
  partnerId: string,
  deps: PartnerAdminDeps,
  options: { purge?: boolean } = {},
): Promise<{ purged: number }> {
  await requirePartner(partnerId, deps);
  if (options.purge && !deps.articles) throw new ConfigError('purging articles needs the article store');
  await deps.partners.remove(partnerId);
  return { purged: options.purge ? await deps.articles!.purge(partnerId) : 0 };
}

/** Clears a partner's failures, circuit and validators, so its next tick fetches it unconditionally. */
export async function resetPartner(partnerId: string, deps: PartnerAdminDeps): Promise<PartnerState> {
  await requirePartner(partnerId, deps);
  const state = clearedState((await deps.states.get(partnerId)) ?? initialPartnerState(partnerId));
  await deps.states.put(state);
  return state;
}

/** Every partner, ordered by id, as a partners file (the export format, which import reads back). */
export async function exportPartners(deps: Pick<PartnerAdminDeps, 'partners'>): Promise<{ partners: Partner[] }> {
  const partners = [...(await deps.partners.list())].sort((a, b) => (a.id < b.id ? -1 : 1));
  return { partners };
}
