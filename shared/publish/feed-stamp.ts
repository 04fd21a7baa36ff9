import { createHash } from 'node:crypto';
import type { Article } from '../model/article.js';
import { parseInstant } from '../model/instant.js';
import type { FeedStamp, FeedStampScope } from '../ports.js';
import { articleInstant } from '../render/feed-document.js';

/**
 * A feed's ETag has two parts, `"f{content}{stamp}"`, 32 base64url characters as before the stamp existed:
 *  - `content` (19 characters) hashes what the bytes are rendered from (feed-etag.ts): the query's articles and
 *    the document;
 *  - `stamp` (12) hashes the request's identity with the store's stamp of the feed's scope (ports.ts FeedStamp),
 *    or is twelve zeros when the stamp cannot vouch for the feed at that moment.
 * A conditional request whose tag carries the current stamp part is answered 304 before any article is read:
 * no write touched the scope since the tag was issued, and no embargo lifted. One whose content part matches is
 * answered 304 after the query, as before the stamp existed, with the current tag.
 */

/**
 * How long after the last write a stamp starts to vouch for a feed. Feeds are read from DynamoDB's global
 * secondary indexes, which are eventually consistent (usually well under a second behind the table): a query
 * made right after a write may not show it yet, and a tag naming the new stamp must never label older content.
 */
export const STAMP_SETTLE_MS = 30_000;

const CONTENT_CHARS = 19;
const STAMP_CHARS = 12;
const NO_STAMP = '0'.repeat(STAMP_CHARS);

/** The stamp a feed is validated by: its partner's when the selection names one, else the one over all articles. */
export function stampScopeOf(selection: { partnerId?: string }): FeedStampScope {
  return selection.partnerId === undefined ? {} : { partnerId: selection.partnerId };
}

/**
 * The stamp part of a feed's tag for `identity` (everything the feed's bytes depend on besides its articles), or
 * undefined when the stamp cannot vouch now: none stored, a write in progress (or one that died less than its
 * window ago), or a write too recent for the indexes to be trusted with it.
 */
export function stampPart(stamp: FeedStamp | undefined, now: number, identity: string, settleMs = STAMP_SETTLE_MS): string | undefined {
  if (stamp === undefined || stamp.writingUntil > now || now - stamp.changedAt < settleMs) return undefined;
  // The newest embargo lifted by now: an embargoed article becomes public at that instant, with no write.
  let lifted = 0;
  for (const at of stamp.lifts) if (at <= now && at > lifted) lifted = at;
  const hash = createHash('sha256').update(identity).update('\u0000').update(stamp.token).update('\u0000').update(String(lifted));
  return hash.digest('base64url').slice(0, STAMP_CHARS);
}

/** The full tag from the content hash (base64url) and the stamp part. */
export function feedTag(contentHash: string, stamp: string | undefined): string {
  return `"f${contentHash.slice(0, CONTENT_CHARS)}${stamp ?? NO_STAMP}"`;
}

/** The content and stamp parts of a tag's core (quotes, W/ and coding suffix already removed), if it is one of ours. */
export function tagParts(core: string): { content: string; stamp?: string } | undefined {
  if (core.length !== 1 + CONTENT_CHARS + STAMP_CHARS || core[0] !== 'f') return undefined;
  const stamp = core.slice(CONTENT_CHARS + 1);
  return { content: core.slice(1, CONTENT_CHARS + 1), stamp: stamp === NO_STAMP ? undefined : stamp };
}

/** True for a tag core whose content part is that of `tag` (a full quoted tag from feedTag). */
export function sameContentAs(tag: string): (core: string) => boolean {
  const content = tagParts(tag.slice(1, -1))?.content;
  return (core) => content !== undefined && tagParts(core)?.content === content;
}

/**
 * Last-Modified for a representation drawn from `articles` of a stamp's scope: when what it shows last changed,
 * not the newest date an article carries. A partner's late or backdated copy, a correction, a withdrawal and a
 * lifted embargo all change a feed without a newer article date, and a client that revalidates with
 * If-Modified-Since alone would be told 304 and keep the old feed. So: the stamp's last write, the newest embargo
 * lifted by now, and each article's fetch (the version shown), capped at `now` (RFC 9110 §8.8.2.1: never later
 * than the response's Date). 0 (no Last-Modified: the ETag still validates) while the stamp cannot vouch: a write
 * in progress, or one too recent for the indexes (a Last-Modified naming it could label older content).
 */
export function lastChangedAt(stamp: FeedStamp | undefined, articles: Article[], now: number, settleMs = STAMP_SETTLE_MS): number {
  if (stamp !== undefined && (stamp.writingUntil > now || now - stamp.changedAt < settleMs)) return 0;
  let changed = stamp?.changedAt ?? 0;
  if (stamp !== undefined) for (const at of stamp.lifts) if (at <= now && at > changed) changed = at;
  for (const article of articles) {
    const fetched = parseInstant(article.fetchedAt) ?? articleInstant(article);
    if (fetched > changed) changed = fetched;
    const lifted = parseInstant(article.embargoedUntil);
    if (lifted !== undefined && lifted <= now && lifted > changed) changed = lifted;
  }
  return Math.min(changed, now);
}
