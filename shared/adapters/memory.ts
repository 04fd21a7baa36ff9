import { randomUUID } from 'node:crypto';
import type { Article } from '../model/article.js';
import type {
  ArticlePage,
  ArticleQuery,
  ArticleStore,
  ClusterCandidate,
  ClusterIndex,
  Clock,
  FeedStamp,
  FeedStampScope,
  IngestionRunStore,
  IngestionSummary,
  PartnerState,
  PartnerStateStore,
  RawArchive,
  RawObjectInfo,
  RawPayload,
} from '../ports.js';
import { systemClock } from '../ports.js';
import { StorageError, VersionConflictError } from '../errors.js';
import {
  articleSortKey,
  decodeCursor,
  embargoLifts,
  encodeCursor,
  newestFirst,
  stampScopesOf,
} from './dynamo/article-items.js';
import { isPublic, matchesQuery } from '../model/article-rules.js';
import { dayOf, extensionFor, rawKey, sha256Hex } from './s3/raw-keys.js';

/**
 * In-memory forms of the storage ports, with the same rules as the DynamoDB and S3 adapters (version
 * conditions, visibility, cursors, content addressing), for fast unit tests of the use cases.
 */

const clone = <T>(value: T): T => structuredClone(value);

/**
 * Articles in a Map, with the DynamoDB store's semantics: putMany checks versions, latest pages newest first by
 * (sort time, id) behind an opaque cursor and leaves out what is not public at the clock's time unless asked.
 */
export class MemoryArticleStore implements ArticleStore, ClusterIndex {
  readonly articles = new Map<string, Article>();
  private readonly bands = new Map<string, Map<string, { partnerId: string; sortTime: string; fingerprint?: string }>>();
  /** How many article writes were made: lets tests prove that unchanged articles are not rewritten. */
  writes = 0;
  /** Every query received, for tests that check what the use case asked. */
  readonly queries: ArticleQuery[] = [];
  /** Feed stamps by scope key; a write here is atomic, so none is ever left writing. */
  private readonly stamps = new Map<string, FeedStamp>();

  /** `articles` seed the store as they are (no version check, not counted as writes). */
  constructor(private readonly options: { clock?: Clock; articles?: Article[] } = {}) {
    for (const article of options.articles ?? []) this.articles.set(article.id, clone(article));
  }

  async get(id: string): Promise<Article | undefined> {
    const article = this.articles.get(id);
    return article && clone(article);
  }

  async getMany(ids: string[]): Promise<Map<string, Article>> {
    const found = new Map<string, Article>();
    for (const id of ids) {
      const article = this.articles.get(id);
      if (article) found.set(id, clone(article));
    }
    return found;
  }

  async putMany(articles: Article[]): Promise<void> {
    const lost: string[] = [];
    for (const article of articles) {
      // As in DynamoDB: versions only grow, so the second of two writers of the same version loses.
      const storedVersion = this.articles.get(article.id)?.version ?? 0;
      if (storedVersion >= article.version) {
        lost.push(article.id);
        continue;
      }
      this.articles.set(article.id, clone(article));
      this.writes++;
    }
    this.replaceStamps(articles);
    if (lost.length > 0) {
      throw new VersionConflictError(`another run stored a newer version of ${lost.length} article(s): ${lost.slice(0, 3).join(', ')}`, {
        ids: lost,
      });
    }
  }

  async feedStamp(scope: FeedStampScope): Promise<FeedStamp | undefined> {
    const stamp = this.stamps.get(scope.partnerId ?? '');
    return stamp && clone(stamp);
  }

  /** As the DynamoDB store does around every write of articles (dynamo/feed-stamps.ts), in one step. */
  private replaceStamps(articles: Article[]): void {
    if (articles.length === 0) return;
    const now = (this.options.clock ?? systemClock).now();
    const lifts = embargoLifts(articles, now);
    for (const scope of stampScopesOf(articles)) {
      const key = scope.partnerId ?? '';
      const previous = this.stamps.get(key);
      this.stamps.set(key, {
        token: randomUUID(),
        changedAt: now.getTime(),
        writingUntil: 0,
        lifts: [...new Set([...(previous?.lifts ?? []), ...lifts])],
      });
    }
  }

  async latest(query: ArticleQuery): Promise<ArticlePage> {
    this.queries.push(clone(query));
    const limit = Math.max(1, Math.floor(query.limit));
    const before = decodeCursor(query.cursor);
    const now = (this.options.clock ?? systemClock).now();
    const entries = [...this.articles.values()]
      .map((article) => ({ sortKey: articleSortKey(article), article }))
      .filter((e) => before === undefined || e.sortKey < before)
      .filter((e) => (query.includeHidden || isPublic(e.article, now)) && matchesQuery(e.article, query))
      .sort((a, b) => newestFirst(a.sortKey, b.sortKey));
    const page = entries.slice(0, limit);
    return {
      articles: page.map((e) => clone(e.article)),
      nextCursor: entries.length > limit ? encodeCursor(page[page.length - 1]!.sortKey) : undefined,
    };
  }

  async putClusterBands(
    entries: { id: string; partnerId: string; sortTime: string; bandKeys: string[]; fingerprint?: string }[],
  ): Promise<void> {
    for (const entry of entries) {
      for (const bandKey of entry.bandKeys) {
        let members = this.bands.get(bandKey);
        if (!members) this.bands.set(bandKey, (members = new Map()));
        members.set(entry.id, { partnerId: entry.partnerId, sortTime: entry.sortTime, fingerprint: entry.fingerprint });
      }
    }
  }

  async findClusterCandidates(bandKeys: string[], since: string, limit = 50): Promise<ClusterCandidate[]> {
    const found = new Map<string, ClusterCandidate>();
    for (const bandKey of new Set(bandKeys)) {
      for (const [id, member] of this.bands.get(bandKey) ?? []) {
        if (member.sortTime < since) continue;
        const seen = found.get(id);
        if (seen) seen.matchedBands++;
        else {
          const candidate: ClusterCandidate = { id, partnerId: member.partnerId, sortTime: member.sortTime, matchedBands: 1 };
          if (member.fingerprint !== undefined) candidate.fingerprint = member.fingerprint;
          found.set(id, candidate);
        }
      }
    }
    return [...found.values()]
      .sort((a, b) => b.matchedBands - a.matchedBands || newestFirst(a.sortTime, b.sortTime) || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
  }
}

export class MemoryPartnerStateStore implements PartnerStateStore {
  readonly states = new Map<string, PartnerState>();

  async get(partnerId: string): Promise<PartnerState | undefined> {
    const state = this.states.get(partnerId);
    return state && clone(state);
  }

  async put(state: PartnerState): Promise<void> {
    this.states.set(state.partnerId, clone(state));
  }
}

export class MemoryIngestionRunStore implements IngestionRunStore {
  readonly runs: IngestionSummary[] = [];

  async record(summary: IngestionSummary): Promise<void> {
    this.runs.push(clone(summary));
  }

  async listRecent(partnerId: string, limit: number): Promise<IngestionSummary[]> {
    return this.runs
      .filter((r) => r.partnerId === partnerId)
      .sort((a, b) => newestFirst(`${a.startedAt}#${a.runId}`, `${b.startedAt}#${b.runId}`))
      .slice(0, Math.max(1, limit))
      .map(clone);
  }
}

/** The raw archive in memory, with the S3 archive's keys; `failNextPut` lets tests make the archive fail. */
export class MemoryRawArchive implements RawArchive {
  readonly objects = new Map<string, { body: Uint8Array; info: RawObjectInfo }>();
  readonly failures = new Map<string, string>();
  private readonly byHash = new Map<string, string>();
  /** Set to an error to make the next put() throw it (then it is cleared). */
  failNextPut: Error | undefined;

  async put(payload: RawPayload): Promise<{ key: string; created: boolean }> {
    if (this.failNextPut) {
      const error = this.failNextPut;
      this.failNextPut = undefined;
      throw new StorageError(`could not archive the raw payload of partner "${payload.partnerId}": ${error.message}`, { cause: error });
    }
    const sha = sha256Hex(payload.body);
    const pointer = `${payload.partnerId}/${sha}`;
    const existing = this.byHash.get(pointer);
    if (existing && this.objects.has(existing)) return { key: existing, created: false };
    const key = rawKey(payload.partnerId, payload.fetchedAt, sha, extensionFor(payload.contentType, payload.body, payload.contentEncoding));
    const info: RawObjectInfo = { key, partnerId: payload.partnerId, url: payload.url, fetchedAt: payload.fetchedAt };
    if (payload.contentType) info.contentType = payload.contentType;
    if (payload.contentEncoding) info.contentEncoding = payload.contentEncoding;
    this.objects.set(key, { body: new Uint8Array(payload.body), info });
    this.byHash.set(pointer, key);
    return { key, created: true };
  }

  async get(key: string): Promise<{ body: Uint8Array; info: RawObjectInfo }> {
    const object = this.objects.get(key);
    if (!object) throw new StorageError(`could not read raw payload ${key}: not found`);
    return { body: new Uint8Array(object.body), info: { ...object.info } };
  }

  async *list(filter: { partnerId?: string; since?: Date; until?: Date }): AsyncIterable<RawObjectInfo> {
    const since = filter.since?.getTime();
    const until = filter.until?.getTime();
    const infos = [...this.objects.values()]
      .map((o) => o.info)
      .filter((i) => filter.partnerId === undefined || i.partnerId === filter.partnerId)
      .filter((i) => (since === undefined || Date.parse(i.fetchedAt) >= since) && (until === undefined || Date.parse(i.fetchedAt) <= until))
      // Same order as the S3 archive: by day, then by fetch time within the day.
      .sort((a, b) => {
        const dayA = dayOf(new Date(a.fetchedAt));
        const dayB = dayOf(new Date(b.fetchedAt));
        if (dayA !== dayB) return dayA < dayB ? -1 : 1;
        return a.fetchedAt < b.fetchedAt ? -1 : a.fetchedAt > b.fetchedAt ? 1 : a.key < b.key ? -1 : 1;
      });
    for (const info of infos) yield { ...info };
  }

  async recordFailure(key: string, reason: string): Promise<void> {
    this.failures.set(key, reason);
  }
}
