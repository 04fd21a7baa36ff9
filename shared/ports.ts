import type { Article } from './model/article.js';
import type { Partner } from './model/partner.js';

/** Time, passed in so that use cases and tests agree on "now". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Validators stored from the last 200 and sent back for a conditional GET. */
export interface FetchValidators {
  etag?: string;
  lastModified?: string;
}

export type FetchResult =
  | { status: 'not-modified'; url: string; etag?: string; lastModified?: string }
  | {
      status: 'ok';
      /** The final URL after redirects: the base for relative URLs. */
      url: string;
      body: Uint8Array;
      contentType?: string;
      etag?: string;
      lastModified?: string;
      httpStatus: number;
      /** The feed URL answered with permanent redirects (301/308) to this address, shown without credentials. */
      movedPermanently?: { status: number; to: string };
    };

/** Fetches one partner feed, politely and safely. Throws FetchError. */
export interface FeedFetcher {
  fetch(partner: Partner, validators: FetchValidators): Promise<FetchResult>;
}

/** One raw payload as fetched, before parsing. */
export interface RawPayload {
  partnerId: string;
  url: string;
  fetchedAt: string;
  httpStatus: number;
  contentType?: string;
  etag?: string;
  /** Set when the body is kept still in this Content-Encoding, because it could not be decoded. */
  contentEncoding?: string;
  body: Uint8Array;
}

export interface RawObjectInfo {
  key: string;
  partnerId: string;
  url: string;
  fetchedAt: string;
  contentType?: string;
  /** The Content-Encoding the kept bytes are still in (they could not be decoded when fetched). */
  contentEncoding?: string;
}

/** The S3 archive of every payload fetched. */
export interface RawArchive {
  /** Stores the payload (content-addressed: the same bytes are stored once) and returns its key. */
  put(payload: RawPayload): Promise<{ key: string; created: boolean }>;
  get(key: string): Promise<{ body: Uint8Array; info: RawObjectInfo }>;
  /** Lists raw copies, oldest first, optionally for one partner and a fetch-date range. */
  list(filter: { partnerId?: string; since?: Date; until?: Date }): AsyncIterable<RawObjectInfo>;
  /** Records that a payload could not be parsed (kept next to it, never instead of it). */
  recordFailure(key: string, reason: string): Promise<void>;
}

export interface ArticleQuery {
  partnerId?: string;
  category?: string;
  language?: string;
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
  /** Include withdrawn and embargoed articles (never for public feeds). */
  includeHidden?: boolean;
}

export interface ArticlePage {
  articles: Article[];
  nextCursor?: string;
}

/** Outcome of writing one article. */
export type WriteOutcome = 'new' | 'updated' | 'unchanged';

/** Articles in DynamoDB. */
export interface ArticleStore {
  get(id: string): Promise<Article | undefined>;
  getMany(ids: string[]): Promise<Map<string, Article>>;
  /**
   * Writes articles conditionally: only when nothing is stored yet or the stored version is lower, so two racing
   * runs never lose an update. Throws one VersionConflictError listing every article that lost a race.
   */
  putMany(articles: Article[]): Promise<void>;
  latest(query: ArticleQuery): Promise<ArticlePage>;
  /**
   * The stamp of a scope's articles (publish/feed-stamp.ts), read consistently; undefined when the store keeps
   * none yet. A store without stamps leaves this out, and feeds are then validated from their content alone.
   */
  feedStamp?(scope: FeedStampScope): Promise<FeedStamp | undefined>;
}

/** Whose articles a stamp covers: all of them, or one partner's. */
export type FeedStampScope = { partnerId?: string };

/**
 * What changes whenever a scope's stored articles may change, so that a feed can be validated without reading
 * them. Every write of articles replaces `token` before it starts (and marks itself writing until `writingUntil`)
 * and again when it is done (`changedAt`).
 */
export interface FeedStamp {
  token: string;
  /** Epoch ms of the last replacement of `token`. */
  changedAt: number;
  /** Epoch ms until which a write in progress (or one that died) may still change articles; 0 when none. */
  writingUntil: number;
  /** Epoch ms at which a stored embargo lifts: visibility changes then without any write. */
  lifts: number[];
}

/** Per-partner fetch health and validators. */
export interface PartnerState {
  partnerId: string;
  etag?: string;
  lastModified?: string;
  consecutiveFailures: number;
  circuit: 'closed' | 'open' | 'half-open';
  /** ISO time before which the partner is not polled again. */
  nextPollAt?: string;
  lastSuccessAt?: string;
  lastError?: string;
  /** When the current run of failures began (the first failure after a success); absent while healthy. */
  failingSince?: string;
  /** RSS <ttl> in minutes, respected when it is longer than the partner's interval. */
  ttlMinutes?: number;
  /**
   * The raw key (a content hash) of the last payload whose articles were all stored. A body fetched again with
   * the same key changed nothing, so it is not parsed again. Set only after the articles are written: a run that
   * archived a payload and then failed leaves it unset, and the same bytes are ingested by the next run.
   */
  lastStoredRawKey?: string;
  /**
   * The connection (feed URL and auth, hashed: partner-health.ts connectionOf) this state was written for; read
   * for a partner whose connection is another, the state is cleared (stateFor).
   */
  connection?: string;
}

export interface PartnerStateStore {
  get(partnerId: string): Promise<PartnerState | undefined>;
  put(state: PartnerState): Promise<void>;
}

/** What one ingestion of one partner did: logged, and stored as an ingestion run. */
export interface IngestionSummary {
  partnerId: string;
  runId: string;
  startedAt: string;
  /** The partner was not due (interval, backoff or open circuit): nothing was fetched. */
  skipped?: boolean;
  fetched: boolean;
  /** The partner sent the same bytes as the last stored payload (it ignores conditional GET): nothing parsed. */
  sameBody?: boolean;
  notModified: boolean;
  new: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Items of the fetched document that made no article (neither title nor text, a repeat); each named in warnings. */
  skippedItems: number;
  /**
   * The document ended before its root element closed: the items complete before the cut were stored, the open one
   * dropped (a warning says where it ended). A truncated document with no complete item is a failed run instead.
   */
  truncated?: true;
  rawKey?: string;
  error?: string;
  /** The class of the error that failed the run (UnsafeHtmlError, FetchError, …): what kind of refusal it was. */
  errorType?: string;
  warnings: string[];
  /** How long the run took, fetch to state write. */
  durationMs?: number;
}

/** The history of ingestion runs, newest first per partner; old runs expire by TTL. */
export interface IngestionRunStore {
  record(summary: IngestionSummary): Promise<void>;
  /** The partner's most recent runs, newest first. */
  listRecent(partnerId: string, limit: number): Promise<IngestionSummary[]>;
}

/** An article found by near-duplicate lookup: it shares at least one band key with the query. */
export interface ClusterCandidate {
  id: string;
  partnerId: string;
  /** The sort time it was indexed under (updated, else published, else fetched). */
  sortTime: string;
  /** How many of the query's band keys it shares: more is closer. */
  matchedBands: number;
  /** The opaque fingerprint stored with it (normalize's encodeFingerprint), so the caller can decide unread. */
  fingerprint?: string;
}

/**
 * Near-duplicate lookup by locality-sensitive hashing. Band keys are the partition keys from normalize's
 * simBandKeys (`SIMBAND#{band}#{value}`); two articles sharing any are candidates, decided by the caller.
 */
export interface ClusterIndex {
  putClusterBands(
    entries: { id: string; partnerId: string; sortTime: string; bandKeys: string[]; fingerprint?: string }[],
  ): Promise<void>;
  /** Candidates indexed at or after `since`, most bands shared first, then newest first. */
  findClusterCandidates(bandKeys: string[], since: string, limit?: number): Promise<ClusterCandidate[]>;
}

/**
 * The raw hash of each item of a partner's last stored document, mapped to the item's key (its guid, hashed; see
 * normalize's incrementalPlan): an item whose hash is found in the next poll is already stored as it would be
 * normalized, and is neither read nor normalized. Both are 16 hex digits. (Maps stored before the source hashes
 * went the other way, key to hash: they match nothing, and the first poll normalizes every item once.)
 */
export interface ItemHashStore {
  /** The partner's map; empty when none was stored. */
  get(partnerId: string): Promise<Map<string, string>>;
  /** Replaces the partner's map (written only after the document's articles are stored). */
  put(partnerId: string, hashes: Map<string, string>): Promise<void>;
}

/** Partners as configured. */
export interface PartnerDirectory {
  list(): Promise<Partner[]>;
}

/** Secrets referenced by name from the partner config. */
export interface SecretResolver {
  resolve(name: string): Promise<string>;
}

/** A stored partner and its revision: an opaque token that every put replaces. */
export interface PartnerRevision {
  partner: Partner;
  revision: string;
}

/** Partners as stored in the table: the editor's source of truth, validated by the partner schema on every write. */
export interface PartnerStore extends PartnerDirectory {
  get(partnerId: string): Promise<Partner | undefined>;
  /** The partner with its revision, for an edit that must not undo another edit made after this read. */
  read(partnerId: string): Promise<PartnerRevision | undefined>;
  /**
   * Creates or replaces one partner (validated before it is written). With `ifRevision`, only while the stored
   * partner still has that revision (null: while there is none); else nothing is written and an
   * EditConflictError names the partner.
   */
  put(partner: Partner, options?: { ifRevision?: string | null }): Promise<void>;
  /** Deletes the partner and its fetch state; its articles stay. Returns false when there was none. */
  remove(partnerId: string): Promise<boolean>;
}

/** A partner's articles, counted or deleted as a whole (the editor's list and `remove --purge`). */
export interface PartnerArticles {
  count(partnerId: string): Promise<number>;
  /** Deletes every stored article of the partner; returns how many. */
  purge(partnerId: string): Promise<number>;
}

/** The message the dispatcher puts on the ingest queue (validated by `ingestRequestSchema` in ingest/dispatch.ts). */
export interface IngestRequestMessage {
  partnerId: string;
  /** When the partner became due (its stored next poll time), or the dispatch time for a partner never polled. */
  dueAt: string;
  dispatchedAt: string;
}

/** One request to enqueue, with the key that makes a repeat within the queue's deduplication window a no-op. */
export interface QueuedIngestRequest {
  request: IngestRequestMessage;
  deduplicationId: string;
}

/** The ingest queue as the dispatcher sees it: sends requests, reports the partners it could not enqueue. */
export interface IngestQueue {
  enqueue(requests: QueuedIngestRequest[]): Promise<{ failedPartnerIds: string[] }>;
}
