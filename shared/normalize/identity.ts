import { hash } from 'node:crypto';
import type { Article, ArticleStatus, Media } from '../model/article.js';
import type { WireItem } from '../model/wire-item.js';
import { jsonString, jsonStringOfLegalText } from '../model/json-string.js';

// The one-shot hash (Node 20.12+): building a Hash object per call was half the cost of hashing a small key.
const sha256 = (s: string): string => hash('sha256', s, 'hex');

/**
 * The item's guid: the partner's own, else its link, else a hash of title and date (a partner that gives neither
 * guid nor link still gets the same id for the same story on every fetch).
 */
export function deriveGuid(item: Pick<WireItem, 'guid' | 'url' | 'title' | 'publishedAt' | 'updatedAt'>): string {
  if (item.guid) return item.guid;
  if (item.url) return item.url;
  return `urn:wirefeed:${sha256(`${item.title ?? ''}\n${item.publishedAt ?? item.updatedAt ?? ''}`).slice(0, 32)}`;
}

/** The stable article id: a hash of partner id and guid. `occurrence` > 1 disambiguates repeats in one document. */
export function articleId(partnerId: string, guid: string, occurrence = 1): string {
  const key = occurrence > 1 ? `${partnerId}\n${guid}\n#${occurrence}` : `${partnerId}\n${guid}`;
  return sha256(key).slice(0, 32);
}

/**
 * A hash of what a reader sees: title, body and media. Metadata (dates, categories, ids) does not count.
 * bodyIsLegal: the body got the policy mark (sanitizedBodyPolicy: nothing stripIllegal would drop), so it holds
 * no character jsonString must hand to JSON.stringify, and its scan for one is spared. Same hash either way.
 */
export function contentHash(article: { title: string; bodyHtml: string; media: Media[] }, bodyIsLegal = false): string {
  const media = article.media.map((m) => [m.url, m.caption ?? '', m.credit ?? '']);
  // The text of JSON.stringify([title, bodyHtml, media]), the body's string written by jsonString.
  const body = bodyIsLegal ? jsonStringOfLegalText(article.bodyHtml) : jsonString(article.bodyHtml);
  return sha256(`[${jsonString(article.title)},${body},${JSON.stringify(media)}]`);
}

/** The article status from the wire status and embargo: an embargo with no known end is embargoed, with no end. */
export function statusOf(item: Pick<WireItem, 'status' | 'embargoedUntil' | 'embargoEndUnknown'>): ArticleStatus {
  if (item.status === 'withheld' || item.status === 'canceled') return 'withdrawn';
  if (item.embargoedUntil || item.embargoEndUnknown) return 'embargoed';
  return 'usable';
}

const toIso = (now: string): string => new Date(now).toISOString();

/**
 * Decides what to store for an incoming article given the stored one: new ones are stored as they are; a
 * changed one (content, status or embargo, or a higher wire version) keeps the stored id and cluster, gets the
 * next version (or the wire's, when higher) and a new updatedAt; anything else is unchanged and not written.
 * A late copy of an older wire version (NewsML-G2 version, NITF revision below the stored one) is unchanged.
 */
export function mergeWithStored(
  incoming: Article,
  stored: Article | undefined,
  now: string,
): { article: Article; outcome: 'new' | 'updated' | 'unchanged' } {
  if (!stored) return { article: incoming, outcome: 'new' };
  if (incoming.version > 1 && incoming.version < stored.version) return { article: stored, outcome: 'unchanged' };
  const changed =
    incoming.contentHash !== stored.contentHash ||
    incoming.status !== stored.status ||
    incoming.embargoedUntil !== stored.embargoedUntil ||
    incoming.version > stored.version;
  if (!changed) return { article: stored, outcome: 'unchanged' };
  const updatedAt =
    incoming.updatedAt && incoming.updatedAt > (stored.updatedAt ?? stored.publishedAt ?? '') ? incoming.updatedAt : toIso(now);
  const article: Article = {
    ...incoming,
    id: stored.id,
    version: Math.max(stored.version + 1, incoming.version),
    updatedAt,
    publishedAt: incoming.publishedAt ?? stored.publishedAt,
  };
  if (stored.clusterId && !incoming.clusterId) article.clusterId = stored.clusterId;
  if (article.publishedAt === undefined) delete article.publishedAt;
  return { article, outcome: 'updated' };
}
