import type { Partner } from '../model/partner.js';
import type { PartnerState, PartnerStateStore, PartnerStore } from '../ports.js';

/**
 * A partner's health as editors read it, from its settings and stored fetch state. `publicStatus` is the subset
 * safe to publish: the partner's own feed address without its query, and the last error with every other address,
 * AWS resource and secret name taken out.
 */
export type PartnerHealth = 'ok' | 'failing' | 'disabled' | 'new';

export interface PartnerStatus {
  id: string;
  name: string;
  enabled: boolean;
  pollIntervalSeconds: number;
  health: PartnerHealth;
  consecutiveFailures: number;
  circuit: PartnerState['circuit'];
  lastSuccessAt?: string;
  lastError?: string;
  failingSince?: string;
  nextPollAt?: string;
}

/** The editor's view of one partner. */
export function partnerStatus(partner: Partner, state: PartnerState | undefined): PartnerStatus {
  const failures = state?.consecutiveFailures ?? 0;
  const health: PartnerHealth = !partner.enabled ? 'disabled' : failures > 0 ? 'failing' : state?.lastSuccessAt ? 'ok' : 'new';
  const status: PartnerStatus = {
    id: partner.id,
    name: partner.name,
    enabled: partner.enabled,
    pollIntervalSeconds: partner.pollIntervalSeconds,
    health,
    consecutiveFailures: failures,
    circuit: state?.circuit ?? 'closed',
  };
  if (state?.lastSuccessAt) status.lastSuccessAt = state.lastSuccessAt;
  if (failures > 0 && state?.lastError) status.lastError = state.lastError;
  if (failures > 0) {
    const since = state?.failingSince ?? state?.lastSuccessAt;
    if (since) status.failingSince = since;
  }
  if (partner.enabled && state?.nextPollAt) status.nextPollAt = state.nextPollAt;
  return status;
}

export interface PublicPartnerStatus extends PartnerStatus {
  /** The partner's feed address, without query string or credentials. */
  feed: string;
}

/** The published view: safe for `/partners` and feed pages. */
export function publicStatus(partner: Partner, state: PartnerState | undefined): PublicPartnerStatus {
  const status = partnerStatus(partner, state);
  const out: PublicPartnerStatus = { ...status, feed: publicFeedAddress(partner.feedUrl) };
  if (status.lastError !== undefined) out.lastError = redactError(status.lastError, partner);
  return out;
}

function publicFeedAddress(feedUrl: string): string {
  const url = new URL(feedUrl);
  return `${url.protocol}//${url.host}${url.pathname}`;
}

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)]+/gi;
const ARN_PATTERN = /\barn:aws[a-z-]*:[^\s"'<>)]+/gi;
const IPV4_PATTERN = /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g;
/** Bracketed, full (eight groups) or "::"-compressed IPv6 addresses; clock times like 12:30:45 are left alone. */
const IPV6_PATTERN =
  /\[[0-9a-f:.%]+\]|(?<![\w:])(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}(?![\w:])|(?<![\w:])(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?(?![\w:])/gi;
/** Host names of AWS endpoints and private naming schemes, as they appear in SDK and resolver errors. */
const INTERNAL_HOST_PATTERN = /\b[a-z0-9.-]+\.(?:amazonaws\.com|internal|local|localdomain|lan|corp|intranet)\b/gi;
/** The word after a resolver or socket error code names the host or address that failed. */
const SOCKET_ERROR_PATTERN = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ETIMEDOUT|ENETUNREACH)\s+\S+/g;
const SECRET_VARIABLE_PATTERN = /\bWIREFEED_SECRET_[A-Z0-9_]+\b/g;

/**
 * An error message with nothing in it but the partner's own address: other URLs, IP addresses, AWS ARNs and
 * endpoints, host names after socket errors and secret names become placeholders. The partner's own URL loses its
 * query string, where a `query` auth puts the key.
 */
export function redactError(message: string, partner: Pick<Partner, 'feedUrl' | 'auth'>): string {
  const own = new URL(partner.feedUrl);
  let text = message;
  if (partner.auth) text = text.split(partner.auth.secret).join('[secret]');
  text = text
    .replace(SECRET_VARIABLE_PATTERN, '[secret]')
    .replace(ARN_PATTERN, '[aws resource]')
    .replace(URL_PATTERN, (match) => {
      // Sentence punctuation after a URL ("…/rss.xml: HTTP 500") is not part of it.
      const raw = match.replace(/[.,:;!?]+$/, '');
      const tail = match.slice(raw.length);
      try {
        const url = new URL(raw);
        return (url.host === own.host ? `${url.protocol}//${url.host}${url.pathname}` : '[other address]') + tail;
      } catch {
        return `[other address]${tail}`;
      }
    })
    .replace(SOCKET_ERROR_PATTERN, (_all, code: string) => `${code} [address]`)
    .replace(INTERNAL_HOST_PATTERN, (host) => (host.toLowerCase() === own.hostname.toLowerCase() ? host : '[internal host]'))
    .replace(IPV4_PATTERN, (ip) => (ip === own.host || ip === own.hostname ? ip : '[address]'))
    .replace(IPV6_PATTERN, (ip) => (ip === own.hostname ? ip : '[address]'));
  return text;
}

/** Stands in for a partner that is gone: nothing in its error is treated as its own address. */
const NO_PARTNER = { feedUrl: 'https://partner.invalid/' };

/**
 * The partner states as the publisher may read them: each `lastError` already redacted against its partner, so
 * no page, feed or route built on the publish deps can show more than `redactError` lets through.
 */
export function publicStateReader(
  states: Pick<PartnerStateStore, 'get'>,
  partners: Pick<PartnerStore, 'get'>,
): Pick<PartnerStateStore, 'get'> {
  return {
    async get(partnerId) {
      const state = await states.get(partnerId);
      if (state?.lastError === undefined) return state;
      const partner = await partners.get(partnerId);
      return { ...state, lastError: redactError(state.lastError, partner ?? NO_PARTNER) };
    },
  };
}
