import type { Partner } from '../model/partner.js';
import { publicStatus, type PublicPartnerStatus } from '../partner-admin/status.js';
import { esc } from '../render/xml.js';
import { CONTENT_TYPES, JSON_TYPE, partnerList, type PublishDeps } from './deps.js';
import { HTML_HEADERS, PAGE_END, pageStart } from './layout.js';
import type { HttpResponse, Representation } from './http.js';

/**
 * Partner health where editors look: `/partners` (JSON), `/partners.html` and `/health` for load balancers (the
 * banner on a failing partner's feed page is publish/partner-status.ts). Only the public view is shown
 * (partner-admin/status.ts publicStatus).
 */

/** Every configured partner's public status, ordered by id. */
export async function partnerStatuses(deps: PublishDeps): Promise<PublicPartnerStatus[]> {
  const partners = [...((await partnerList(deps)) ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1));
  return Promise.all(partners.map(async (p) => publicStatus(p, await deps.partnerStates?.get(p.id))));
}

/** One partner's public status (the feed page banner). */
export async function statusOf(deps: PublishDeps, partner: Partner): Promise<PublicPartnerStatus> {
  return publicStatus(partner, await deps.partnerStates?.get(partner.id));
}

/** `/partners` and `/partners.html`. */
export async function partnersPage(deps: PublishDeps, base: string, format: 'json' | 'html'): Promise<Representation> {
  const statuses = await partnerStatuses(deps);
  const generatedAt = deps.clock.now().toISOString();
  // Statuses change with no write (a failure after a success, the next poll): no Last-Modified could follow them.
  const lastModified = 0;
  if (format === 'json') {
    return { contentType: JSON_TYPE, body: `${JSON.stringify({ generatedAt, partners: statuses }, null, 2)}\n`, lastModified };
  }
  return {
    contentType: CONTENT_TYPES.html,
    body: renderPartnersPage(statuses, base, generatedAt),
    lastModified,
    headers: HTML_HEADERS,
  };
}

const HEALTH_LABEL: Record<PublicPartnerStatus['health'], string> = {
  ok: 'OK',
  failing: 'Failing',
  disabled: 'Disabled',
  new: 'Not polled yet',
};

const when = (iso: string | undefined) => (iso ? `<time datetime="${esc(iso)}">${esc(iso.slice(0, 16).replace('T', ' '))} UTC</time>` : '—');

/** The partners page: one row per partner with its health. */
export function renderPartnersPage(statuses: PublicPartnerStatus[], base: string, generatedAt: string): string {
  const rows = statuses.map(
    (s) =>
      `<tr id="${esc(s.id)}"><td><a href="${esc(`${base}/feeds/partners/${s.id}.html`)}">${esc(s.name)}</a><br><small>${esc(s.id)}</small></td>` +
      `<td class="status-${s.health}">${HEALTH_LABEL[s.health]}${s.consecutiveFailures > 0 ? ` (${s.consecutiveFailures} failures, circuit ${s.circuit})` : ''}` +
      `${s.lastError ? `<div class="meta">${esc(s.lastError)}</div>` : ''}</td>` +
      `<td>${when(s.lastSuccessAt)}</td><td>${s.failingSince ? when(s.failingSince) : '—'}</td><td>${when(s.nextPollAt)}</td></tr>`,
  );
  const head = [`<link rel="alternate" type="application/json" href="${esc(`${base}/partners`)}">`];
  return [
    pageStart({ lang: 'en', title: 'Partners', homeUrl: `${base}/`, head }),
    `<p><a href="${esc(`${base}/`)}">All feeds</a></p><h1>Partners</h1>`,
    `<p class="meta">Status as of ${when(generatedAt)}.</p>`,
    '<table><thead><tr><th>Partner</th><th>Status</th><th>Last success</th><th>Failing since</th><th>Next try</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table>',
    PAGE_END,
  ].join('');
}

/**
 * `/health`: 200 when the function can read the partner list (so it can serve feeds), 503 when it cannot.
 * Partners failing do not make the service unhealthy; their count is reported for uptime checks that want it.
 */
export async function health(deps: PublishDeps): Promise<HttpResponse> {
  const headers = { 'content-type': JSON_TYPE, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  try {
    const statuses = await partnerStatuses(deps);
    const failing = statuses.filter((s) => s.health === 'failing').length;
    const body = { status: 'ok', checkedAt: deps.clock.now().toISOString(), partners: statuses.length, failing };
    return { statusCode: 200, headers, body: `${JSON.stringify(body)}\n` };
  } catch (error) {
    (deps.log ?? console.error)(`publish /health: ${(error as Error).message}`);
    return { statusCode: 503, headers, body: `${JSON.stringify({ status: 'unavailable' })}\n` };
  }
}
