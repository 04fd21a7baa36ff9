import { randomUUID } from 'node:crypto';
import type { Article } from '../model/article.js';
import type { Partner } from '../model/partner.js';
import type {
  ArticleStore,
  Clock,
  ClusterIndex,
  FeedFetcher,
  FetchResult,
  IngestionSummary,
  ItemHashStore,
  PartnerState,
  PartnerStateStore,
  RawArchive,
} from '../ports.js';
import { ArticlesRefusedError, describeError, FetchError, TruncatedFeedError, VersionConflictError, type RefusedArticle, type UndecodedBody } from '../errors.js';
import type { ParsedFeed } from '../model/wire-item.js';
import { openFeed } from '../formats/index.js';
import { mergeWithStored, normalizeFeedReport } from '../normalize/index.js';
import { incrementalPlan, itemKey } from '../normalize/item-hash.js';
import { assignClusters } from './assign-clusters.js';
import { initialPartnerState, isDue, recordFailure, recordSuccess, startTrial, stateFor } from './partner-health.js';

/** The ports and settings one ingestion needs; built once at the edge (Lambda module scope, local stack). */
export interface IngestDeps {
  fetcher: FeedFetcher;
  archive: RawArchive;
  articles: ArticleStore;
  partnerStates: PartnerStateStore;
  /** Near-duplicate lookup; without it every article is its own cluster. */
  clusters?: ClusterIndex;
  /** Raw hashes of each partner's last items: unchanged items skip normalization; without it all are normalized. */
  itemHashes?: ItemHashStore;
  clock: Clock;
  /** Refuse documents over this many bytes before parsing. */
  maxFeedBytes: number;
  /** Consecutive failures that open a partner's circuit. */
  circuitFailureThreshold: number;
  /** Time allowed to normalize one document, measured on `clock` (Config.NORMALIZE_TIME_BUDGET_MS); unbounded when absent. */
  normalizeTimeBudgetMs?: number;
  /** Records each run (optional: the local CLI may not keep a history). */
  recordRun?: (summary: IngestionSummary) => Promise<void>;
  /** For backoff jitter; injectable so tests are deterministic. */
  random?: () => number;
}

export interface IngestOptions {
  /** Ingest even when the partner is not due yet (CLI `wirefeed ingest`, replays of a schedule). */
  force?: boolean;
}

/** How many times a lost version race is retried by re-reading the stored articles. */
const MAX_CONFLICT_RETRIES = 3;

/**
 * Ingests one partner:
 *  1. skip unless due (interval, backoff, open circuit);
 *  2. conditional GET with the stored validators (a 304 ends here: no parse, no S3, no article write);
 *  3. archive the raw payload in S3 before parsing (a failed archive write stops the run: nothing is written
 *     that could not be replayed, and the validators are not advanced, so the next run fetches it again);
 *  4. parse and normalize (a payload that cannot be parsed stays archived, its failure recorded next to it; a
 *     truncated one stores its complete items, or fails like an unparseable one when none is complete);
 *  5. merge with the stored versions and write only new and changed articles, conditional on version;
 *  6. only then store the new validators and health, so a crash anywhere before leaves the next run to retry.
 */
export async function ingestPartner(partner: Partner, deps: IngestDeps, options: IngestOptions = {}): Promise<IngestionSummary> {
  const startedAt = deps.clock.now();
  const summary: IngestionSummary = {
    partnerId: partner.id,
    runId: randomUUID(),
    startedAt: startedAt.toISOString(),
    fetched: false,
    notModified: false,
    new: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    skippedItems: 0,
    warnings: [],
  };
  let state = stateFor(partner, (await deps.partnerStates.get(partner.id)) ?? initialPartnerState(partner.id));
  if (!options.force && !isDue(partner, state, startedAt)) {
    summary.skipped = true;
    return summary;
  }
  if (state.circuit === 'open') {
    // An open circuit whose cool-down is over gets one trial fetch; the lease stops a racing run from trying too.
    state = startTrial(state, startedAt);
    await deps.partnerStates.put(state);
  }

  try {
    const result = await deps.fetcher.fetch(partner, { etag: state.etag, lastModified: state.lastModified });
    if (result.status === 'not-modified' && !state.etag && !state.lastModified) {
      // Whatever fetcher said so: with nothing stored to compare, "not modified" would record a poll that read nothing.
      throw new FetchError(`partner "${partner.id}": HTTP 304 to an unconditional request from ${result.url}`, 'status', 304);
    }
    if (result.status === 'not-modified') {
      summary.notModified = true;
      // A 304 may carry new validators (RFC 9111 §4.3.4: they update the stored response); one it leaves out stays.
      const validators = { ...(result.etag !== undefined && { etag: result.etag }), ...(result.lastModified !== undefined && { lastModified: result.lastModified }) };
      await deps.partnerStates.put(recordSuccess(partner, state, { now: startedAt, ...validators }));
      return await finish(summary, deps);
    }
    summary.fetched = true;
    if (result.movedPermanently) summary.warnings.push(movedWarning(partner, result.movedPermanently));
    return await ingestPayload(partner, result, state, summary, deps);
  } catch (error) {
    summary.failed = 1;
    if (error instanceof TruncatedFeedError) summary.truncated = true;
    summary.error = `partner "${partner.id}": ${stripPartnerPrefix(describeError(error), partner.id)}`;
    if (error instanceof FetchError && error.received) await archiveUndecoded(partner, error.received, summary, deps);
    if (error instanceof Error) summary.errorType = error.name;
    const failure = {
      now: deps.clock.now(),
      error: summary.error,
      retryAfterSeconds: error instanceof FetchError ? error.retryAfterSeconds : undefined,
      threshold: deps.circuitFailureThreshold,
      random: deps.random,
    };
    const failed = recordFailure(partner, state, failure);
    // After a failure the stored articles may hold part of another payload: no body counts as already stored.
    delete failed.lastStoredRawKey;
    await deps.partnerStates.put(failed);
    return await finish(summary, deps);
  }
}

const MOVED_PREFIX = 'feed moved permanently';

/** What the editor should do about a feed that moved: wirefeed follows, but the partner's settings should say so. */
export function movedWarning(partner: Pick<Partner, 'id'>, moved: { status: number; to: string }): string {
  // A shown URL with a credential masked out is no value to paste.
  const url = /…|\*\*\*/.test(moved.to) ? '<new URL>' : moved.to;
  return `${MOVED_PREFIX} (HTTP ${moved.status}) to ${moved.to}: update it with wirefeed partners update ${partner.id} --feed-url ${url}`;
}

/** Whether a run warning is movedWarning's: the run's log line names it, as it does skipped items. */
export function isMovedWarning(warning: string): boolean {
  return warning.startsWith(MOVED_PREFIX);
}

/**
 * A body that arrived whole but could not be decoded is kept as received, its failure beside it: nothing fetched
 * is lost, and the run's error still says what went wrong (a failed archive write adds a warning, not a second error).
 */
async function archiveUndecoded(partner: Partner, received: UndecodedBody, summary: IngestionSummary, deps: IngestDeps): Promise<void> {
  try {
    const raw = await deps.archive.put({ partnerId: partner.id, fetchedAt: deps.clock.now().toISOString(), ...received });
    summary.rawKey = raw.key;
    await deps.archive.recordFailure(raw.key, summary.error ?? 'could not be decoded');
  } catch (error) {
    summary.warnings.push(`could not archive the undecoded body: ${describeError(error)}`);
  }
}

/** Steps 3–6 for a fetched payload: archive it, read and normalize it, store the articles, then the new state. */
async function ingestPayload(
  partner: Partner,
  result: Extract<FetchResult, { status: 'ok' }>,
  state: PartnerState,
  summary: IngestionSummary,
  deps: IngestDeps,
): Promise<IngestionSummary> {
  const startedAt = new Date(summary.startedAt);
  const fetchedAt = deps.clock.now().toISOString();
  const raw = await deps.archive.put({
    partnerId: partner.id,
    url: result.url,
    fetchedAt,
    httpStatus: result.httpStatus,
    contentType: result.contentType,
    etag: result.etag,
    body: result.body,
  });
  summary.rawKey = raw.key;
  const validators = { now: startedAt, etag: result.etag, lastModified: result.lastModified };
  if (raw.key === state.lastStoredRawKey) {
    // A partner that ignores validators re-sent the bytes already stored: parsing them and reading every
    // article back would only find them unchanged (the cost of a 304 instead of ~100 read units).
    summary.sameBody = true;
    await deps.partnerStates.put(recordSuccess(partner, state, validators));
    return await finish(summary, deps);
  }
  // The hashes of the items last stored: an item hashing the same is stored as it would be normalized now.
  const storedHashes = deps.itemHashes ? await deps.itemHashes.get(partner.id) : undefined;
  let parsed: ReturnType<typeof readArticles>;
  try {
    const budget = deps.normalizeTimeBudgetMs;
    const timeBudget = budget === undefined ? undefined : { ms: budget, now: () => deps.clock.now().getTime() };
    parsed = readArticles(partner, result, deps.maxFeedBytes, { fetchedAt, rawKey: raw.key }, { storedHashes, timeBudget });
  } catch (error) {
    await deps.archive.recordFailure(raw.key, describeError(error));
    throw error;
  }
  // Skipped items are reported, not dropped silently: the summary counts them and its warnings name each one.
  summary.warnings.push(...parsed.warnings);
  summary.skippedItems = parsed.skipped.length;
  if (parsed.feed.truncated) summary.truncated = true;
  const counts = await storeArticles(parsed.articles, deps);
  // An article the store cannot hold is left out like a skipped item, named, and kept in the raw copy.
  summary.skippedItems += counts.refused.length;
  summary.warnings.push(...counts.refused.map((r) => `${r.reason}: not stored (the raw copy ${raw.key} keeps it)`));
  // A refused article's item hash would vouch for it as stored: dropped, so the next poll tries (and names) it again.
  const refusedKeys = new Set(counts.refused.map((r) => itemKey(partner.id, r.guid)));
  for (const [hash, key] of parsed.itemHashes) if (refusedKeys.has(key)) parsed.itemHashes.delete(hash);
  summary.new = counts.new;
  summary.updated = counts.updated;
  summary.unchanged = counts.unchanged + parsed.alreadyStored;
  if (deps.itemHashes) {
    try {
      await deps.itemHashes.put(partner.id, parsed.itemHashes);
    } catch (error) {
      // Only a cache: the articles are stored, and the next poll normalizes what the old hashes do not vouch for.
      summary.warnings.push(`could not store the item hashes: ${describeError(error)}`);
    }
  }
  // A cut-off document lost its open item: the old validators stay, so the next poll fetches the whole document
  // instead of getting a 304 that would leave that item out until the feed changes.
  const outcome = parsed.feed.truncated ? { now: startedAt } : { ...validators, ttlMinutes: parsed.feed.ttlMinutes };
  await deps.partnerStates.put({
    // The next poll counts from when this run started, so a schedule ticking at the partner's interval
    // finds it due again instead of skipping it by the few seconds this run took.
    ...recordSuccess(partner, state, outcome),
    lastStoredRawKey: raw.key,
  });
  return await finish(summary, deps);
}

/**
 * Step 4 (and a replay's): reads the document and normalizes its items, the fetch time and raw key given to
 * normalization, within the time budget when one is given (IngestDeps.normalizeTimeBudgetMs). Items are read one
 * at a time and let go once normalized. With the hashes of the items last stored (ingestion only; a replay passes
 * none and normalizes everything with today's code), an item whose source hashes as stored is not read at all
 * (see incrementalPlan); the hashes returned are those of every item that made an article or was already stored,
 * for the next poll.
 */
export function readArticles(
  partner: Pick<Partner, 'id' | 'format' | 'defaultLanguage'>,
  result: { body: Uint8Array; url: string; contentType?: string },
  maxBytes: number,
  fetch: { fetchedAt: string; rawKey: string },
  options: { storedHashes?: Map<string, string>; timeBudget?: { ms: number; now: () => number } } = {},
): { feed: Omit<ParsedFeed, 'items'>; articles: Article[]; skipped: string[]; warnings: string[]; alreadyStored: number; itemHashes: Map<string, string> } {
  const { storedHashes, timeBudget } = options;
  const reading = openFeed(result.body, { url: result.url, contentType: result.contentType, format: partner.format, maxBytes });
  const { language, link } = reading.feed();
  const ctx = { partnerId: partner.id, defaultLanguage: partner.defaultLanguage, fetchUrl: result.url, fetchedAt: fetch.fetchedAt, rawKey: fetch.rawKey };
  const plan = storedHashes ? incrementalPlan(reading, { language, link }, ctx, storedHashes) : undefined;
  // The items the plan read are handed over, so that none is read twice.
  const read = (i: number) => {
    const item = plan?.read.get(i);
    if (item === undefined) return reading.read(i);
    plan!.read.delete(i);
    return item;
  };
  const report = normalizeFeedReport(
    { language, link, reading: { count: reading.count, read, release: (i) => reading.release(i) } },
    { ...ctx, timeBudget },
    { isStored: plan?.isStored },
  );
  const itemHashes = plan ? plan.hashesOf(storedOrKept(reading.count, report.itemIndexes, plan.isStored)) : new Map<string, string>();
  const feed = reading.feed();
  return { feed, articles: report.articles, skipped: report.skipped, warnings: [...feed.warnings, ...report.warnings], alreadyStored: report.alreadyStored, itemHashes };
}

/** The indexes of the items that made an article or were already stored, in document order. */
function storedOrKept(count: number, kept: number[], isStored: (i: number) => boolean): number[] {
  const made = new Set(kept);
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (made.has(i) || isStored(i)) out.push(i);
  return out;
}

/**
 * Articles read, merged, clustered and written together. A first fetch of thousands of items goes through in
 * slices of this many, so that the stored copies, index items and requests of only one slice are held at a time.
 */
export const STORE_SLICE = 250;

/** Writes new and changed articles (or only counts them, in a dry run), a slice at a time; see storeSlice. */
export async function storeArticles(
  incoming: Article[],
  deps: Pick<IngestDeps, 'articles' | 'clock' | 'clusters'>,
  options: { dryRun?: boolean } = {},
): Promise<StoreCounts> {
  const counts: StoreCounts = { new: 0, updated: 0, unchanged: 0, refused: [] };
  // Slices in feed order: a copy later in the feed still finds an earlier slice's story in the band index.
  for (let i = 0; i < incoming.length; i += STORE_SLICE) {
    const slice = await storeSlice(incoming.slice(i, i + STORE_SLICE), deps, options);
    counts.new += slice.new;
    counts.updated += slice.updated;
    counts.unchanged += slice.unchanged;
    counts.refused.push(...slice.refused);
  }
  return counts;
}

/** What a store of articles did; `refused` lists the articles the store could not hold, each with a one-line reason. */
export interface StoreCounts {
  new: number;
  updated: number;
  unchanged: number;
  refused: RefusedArticle[];
}

/** Writes new and changed articles of one slice; retries with fresh stored versions when another run won a race. */
async function storeSlice(
  incoming: Article[],
  deps: Pick<IngestDeps, 'articles' | 'clock' | 'clusters'>,
  options: { dryRun?: boolean },
): Promise<StoreCounts> {
  for (let attempt = 0; ; attempt++) {
    const stored = await deps.articles.getMany(incoming.map((a) => a.id));
    const counts: StoreCounts = { new: 0, updated: 0, unchanged: 0, refused: [] };
    const outcomes = new Map<string, 'new' | 'updated'>();
    const changed: Article[] = [];
    const now = deps.clock.now().toISOString();
    for (const article of incoming) {
      const merged = mergeWithStored(article, stored.get(article.id), now);
      counts[merged.outcome]++;
      if (merged.outcome !== 'unchanged') {
        changed.push(merged.article);
        outcomes.set(article.id, merged.outcome);
      }
    }
    try {
      if (changed.length > 0 && !options.dryRun) {
        const clustered = deps.clusters ? await assignClusters(changed, { clusters: deps.clusters, articles: deps.articles }) : changed;
        await deps.articles.putMany(clustered);
      }
      return counts;
    } catch (error) {
      if (error instanceof ArticlesRefusedError) {
        // The rest of the slice is stored; the refused ones count as neither new nor updated.
        for (const refused of error.refused) {
          const outcome = outcomes.get(refused.id);
          if (outcome) counts[outcome]--;
          counts.refused.push(refused);
        }
        return counts;
      }
      if (!(error instanceof VersionConflictError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
    }
  }
}

async function finish(summary: IngestionSummary, deps: IngestDeps): Promise<IngestionSummary> {
  summary.durationMs = deps.clock.now().getTime() - Date.parse(summary.startedAt);
  if (deps.recordRun) {
    try {
      await deps.recordRun(summary);
    } catch (error) {
      summary.warnings.push(`could not record the ingestion run: ${describeError(error)}`);
    }
  }
  return summary;
}


/** Errors from the fetcher already name the partner; avoid saying it twice. */
function stripPartnerPrefix(message: string, partnerId: string): string {
  const prefix = `partner "${partnerId}": `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
