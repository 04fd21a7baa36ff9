import type { Partner } from '../model/partner.js';
import type { PartnerState } from '../ports.js';
import { esc } from '../render/xml.js';
import type { PublishDeps } from './deps.js';
import { timeHtml } from './page-parts.js';

/** A partner's fetch health as pages show it: only what is safe to publish (no validators, no raw keys). */
export interface PartnerStatus {
  state: 'ok' | 'failing' | 'unknown';
  consecutiveFailures: number;
  circuit?: PartnerState['circuit'];
  lastSuccessAt?: number;
  nextPollAt?: number;
  /** When the current run of failures began. */
  failingSince?: number;
  /** The last fetch error, cut short: it names the partner's own URL at most. */
  lastError?: string;
}

const MAX_ERROR_CHARS = 200;

/** The partners' statuses from the state store, when the publisher was given one (none otherwise). */
export async function partnerStatuses(deps: PublishDeps, partners: Partner[]): Promise<Map<string, PartnerStatus>> {
  const out = new Map<string, PartnerStatus>();
  if (deps.partnerStates === undefined) return out;
  const states = await Promise.all(partners.map((p) => deps.partnerStates!.get(p.id)));
  partners.forEach((p, i) => out.set(p.id, statusOf(states[i])));
  return out;
}

/** One stored state as a status. */
export function statusOf(state: PartnerState | undefined): PartnerStatus {
  if (state === undefined) return { state: 'unknown', consecutiveFailures: 0 };
  const instant = (iso: string | undefined) => (iso === undefined || Number.isNaN(Date.parse(iso)) ? undefined : Date.parse(iso));
  const error = state.lastError;
  return {
    state: state.consecutiveFailures > 0 ? 'failing' : state.lastSuccessAt === undefined ? 'unknown' : 'ok',
    consecutiveFailures: state.consecutiveFailures,
    circuit: state.circuit,
    lastSuccessAt: instant(state.lastSuccessAt),
    nextPollAt: instant(state.nextPollAt),
    failingSince: instant(state.failingSince),
    lastError: error === undefined ? undefined : error.length > MAX_ERROR_CHARS ? `${error.slice(0, MAX_ERROR_CHARS - 1)}…` : error,
  };
}

/** The status as one line of HTML (index page) or, when failing, a banner (the partner's feed page). */
export function statusHtml(status: PartnerStatus, timeZone: string | undefined, banner = false): string {
  if (status.state === 'unknown') return '<span class="status-unknown">Not fetched yet</span>';
  if (status.state === 'ok') {
    return `<span class="status-ok">Fetching normally</span>${status.lastSuccessAt === undefined ? '' : `, last success ${timeHtml(status.lastSuccessAt, timeZone)}`}`;
  }
  const parts = [`<strong class="status-failing">Failing</strong>: ${status.consecutiveFailures} failed fetch${status.consecutiveFailures === 1 ? '' : 'es'} in a row`];
  if (status.circuit === 'open') parts.push('paused after repeated failures');
  if (status.lastError !== undefined) parts.push(`last error: ${esc(status.lastError)}`);
  if (status.failingSince !== undefined) parts.push(`failing since ${timeHtml(status.failingSince, timeZone)}`);
  if (status.lastSuccessAt !== undefined) parts.push(`last success ${timeHtml(status.lastSuccessAt, timeZone)}`);
  if (status.nextPollAt !== undefined) parts.push(`next try ${timeHtml(status.nextPollAt, timeZone)}`);
  const line = parts.join('; ');
  return banner ? `<p class="banner" role="status">${line}</p>` : line;
}
