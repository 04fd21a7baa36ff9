import { randomUUID } from 'node:crypto';
import {
  GetItemCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  type AttributeValue,
  type DynamoDBClient,
  type TransactWriteItem,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Article } from '../../model/article.js';
import type { ArticlePage, ArticleQuery, ArticleStore, ClusterCandidate, ClusterIndex, Clock, FeedStamp, FeedStampScope } from '../../ports.js';
import { systemClock } from '../../ports.js';
import { ArticlesRefusedError, StorageError, VersionConflictError, type RefusedArticle } from '../../errors.js';
import { COMPRESS_ABOVE_BYTES, ITEM_LIMIT_BYTES, itemBytes, packBodies } from './item-size.js';
import { LATEST_SHARDS, TABLE, indexSortKey, keys, latestShardOf } from './table.js';
import {
  articleSortKey,
  categoryKeysOf,
  decodeCursor,
  embargoLifts,
  encodeCursor,
  expiresAt,
  newestFirst,
  pickArticle,
  stampScopesOf,
} from './article-items.js';
import { DynamoFeedStamps } from './feed-stamps.js';
import { categoryKey, isPublic, matchesQuery, primaryLanguage, sortTimeOf } from '../../model/article-rules.js';
import { BATCH_CONCURRENCY, batchGet, batchWrite, mapLimit, query } from './batch.js';
import { backoffDelay, retryPolicy, withRetries, type RetryPolicy } from '../retry.js';

export interface DynamoArticleStoreOptions {
  /** Articles and their index items expire this many days after their last write; 0 or absent keeps them. */
  retentionDays?: number;
  clock?: Clock;
  retry?: Partial<RetryPolicy>;
  /** Articles per TransactWriteItems call (DynamoDB allows 100 items and 4 MB). */
  transactionSize?: number;
}

/** Where an index item points: its key, kept on the article so an update can delete the ones it no longer needs. */
interface IndexKey {
  pk: string;
  sk: string;
}

/** One entry of a newest-first stream: the sort key it was listed under and the article. */
interface Entry {
  sortKey: string;
  article: Article;
}

const MAX_TRANSACTION_ITEMS = 100;
/** Under DynamoDB's 4 MB per transaction, with room for attribute names and index keys. */
const MAX_TRANSACTION_BYTES = 3_500_000;
const marshallOptions = { removeUndefinedValues: true } as const;

/**
 * Articles in the one DynamoDB table (keys and indexes from table.ts). Writes are conditional on version and
 * grouped into transactions; the index items for categories are written before their article, so a crash never
 * leaves an article that a category page cannot find, and readers skip index items their article disowns.
 */
export class DynamoArticleStore implements ArticleStore, ClusterIndex {
  private readonly policy: RetryPolicy;
  private readonly clock: Clock;
  private readonly transactionSize: number;
  private readonly stamps: DynamoFeedStamps;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly options: DynamoArticleStoreOptions = {},
  ) {
    this.policy = retryPolicy(options.retry);
    this.clock = options.clock ?? systemClock;
    this.transactionSize = Math.min(MAX_TRANSACTION_ITEMS, Math.max(1, options.transactionSize ?? MAX_TRANSACTION_ITEMS));
    this.stamps = new DynamoFeedStamps(client, tableName, this.policy, this.clock);
  }

  feedStamp(scope: FeedStampScope): Promise<FeedStamp | undefined> {
    return this.stamps.read(scope);
  }

  /** The stored article, read consistently (a version check follows it). */
  async get(id: string): Promise<Article | undefined> {
    const out = await withRetries(
      'GetItem',
      () => this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(keys.article(id)), ConsistentRead: true })),
      this.policy,
    );
    return out.Item ? pickArticle(unmarshall(out.Item)) : undefined;
  }

  /** The stored articles among `ids`, read consistently; missing ids are absent from the map. */
  async getMany(ids: string[]): Promise<Map<string, Article>> {
    const unique = [...new Set(ids)];
    const items = await batchGet(this.client, this.tableName, unique.map((id) => marshall(keys.article(id))), this.policy, {
      consistent: true,
    });
    const found = new Map<string, Article>();
    for (const item of items) {
      const article = pickArticle(unmarshall(item));
      found.set(article.id, article);
    }
    return found;
  }

  /**
   * Writes each article unless the stored version is the same or newer (see conditionalPut). Every article that
   * can be written is written; then one VersionConflictError names the ids that lost a race.
   */
  async putMany(articles: Article[]): Promise<void> {
    if (articles.length === 0) return;
    const lost: string[] = [];
    const refused: RefusedArticle[] = [];
    // The feeds these articles are in must not be vouched for by a stamp while they change (feed-stamps.ts).
    await this.stamps.around(stampScopesOf(articles), embargoLifts(articles, this.clock.now()), async () => {
      for (const round of roundsWithoutRepeats(articles)) lost.push(...(await this.putRound(round, refused)));
    });
    if (lost.length > 0) {
      const shown = lost.slice(0, 3).join(', ') + (lost.length > 3 ? ` and ${lost.length - 3} more` : '');
      throw new VersionConflictError(`another run stored a newer version of ${lost.length} article(s): ${shown}`, { ids: lost });
    }
    if (refused.length > 0) {
      throw new ArticlesRefusedError(`${refused.length} article(s) DynamoDB will not hold: ${refused.map((r) => r.reason).join('; ')}`, refused);
    }
  }

  /** Newest first, from the index that fits the query; the cursor is the sort key of the last article returned. */
  async latest(query: ArticleQuery): Promise<ArticlePage> {
    const limit = Math.max(1, Math.floor(query.limit));
    const before = decodeCursor(query.cursor);
    const now = this.clock.now();
    const page: Entry[] = [];
    let more = false;
    for await (const entry of this.streamFor(query, before, limit)) {
      if (!query.includeHidden && !isPublic(entry.article, now)) continue;
      if (!matchesQuery(entry.article, query)) continue;
      if (page.length === limit) {
        more = true;
        break;
      }
      page.push(entry);
    }
    return {
      articles: page.map((e) => e.article),
      nextCursor: more ? encodeCursor(page[page.length - 1]!.sortKey) : undefined,
    };
  }

  /** Writes one index item per band key (pk = the band key, sk = sort time and id), expiring with the articles. */
  async putClusterBands(
    entries: { id: string; partnerId: string; sortTime: string; bandKeys: string[]; fingerprint?: string }[],
  ): Promise<void> {
    const ttl = expiresAt(this.clock.now(), this.options.retentionDays);
    const requests: WriteRequest[] = [];
    for (const entry of entries) {
      for (const bandKey of new Set(entry.bandKeys)) {
        const item = {
          pk: keys.simBand(bandKey),
          sk: indexSortKey(entry.sortTime, entry.id),
          type: 'simband',
          id: entry.id,
          partnerId: entry.partnerId,
          sortTime: entry.sortTime,
          fingerprint: entry.fingerprint,
          [TABLE.ttlAttribute]: ttl,
        };
        requests.push({ PutRequest: { Item: marshall(item, marshallOptions) } });
      }
    }
    await batchWrite(this.client, this.tableName, requests, this.policy);
  }

  async findClusterCandidates(bandKeys: string[], since: string, limit = 50): Promise<ClusterCandidate[]> {
    const found = new Map<string, ClusterCandidate>();
    await Promise.all(
      [...new Set(bandKeys)].map(async (bandKey) => {
        const out = await query(this.client, {
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk >= :since',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#sk': TABLE.sortKey },
          ExpressionAttributeValues: marshall({ ':pk': keys.simBand(bandKey), ':since': since }),
          ScanIndexForward: false,
          // A band shared by hundreds of recent articles says little; the newest are enough.
          Limit: 200,
        }, this.policy);
        for (const raw of out.Items ?? []) {
          const item = unmarshall(raw) as { id: string; partnerId: string; sortTime: string; fingerprint?: string };
          const seen = found.get(item.id);
          if (seen) seen.matchedBands++;
          else {
            const candidate: ClusterCandidate = { id: item.id, partnerId: item.partnerId, sortTime: item.sortTime, matchedBands: 1 };
            if (item.fingerprint !== undefined) candidate.fingerprint = item.fingerprint;
            found.set(item.id, candidate);
          }
        }
      }),
    );
    return [...found.values()]
      .sort((a, b) => b.matchedBands - a.matchedBands || newestFirst(a.sortTime, b.sortTime) || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
  }

  /** Writes one set of distinct articles; returns the ids that lost a version race, and adds those DynamoDB refuses to `refused`. */
  private async putRound(candidates: Article[], refused: RefusedArticle[]): Promise<string[]> {
    const now = this.clock.now();
    const ttl = expiresAt(now, this.options.retentionDays);
    // Sized before anything is written: an item DynamoDB would refuse takes no neighbour down with it and leaves
    // no index item behind.
    const records = new Map<string, Record<string, AttributeValue>>();
    const articles: Article[] = [];
    for (const article of candidates) {
      const record = storedRecord(article, ttl);
      if (typeof record === 'string') refused.push({ id: article.id, guid: article.guid, reason: record });
      else {
        records.set(article.id, record);
        articles.push(article);
      }
    }
    // Only updates can have index items to retire; a version-1 write that finds an item fails its condition.
    const stored = await this.storedVersions(articles.filter((a) => a.version > 1).map((a) => a.id));
    const lost: string[] = [];
    const writable: Article[] = [];
    for (const article of articles) {
      // A version already stored (or passed) would fail its condition: skip the wasted writes.
      const current = stored.get(article.id)?.version;
      if (current !== undefined && current >= article.version) lost.push(article.id);
      else writable.push(article);
    }

    const indexPuts = writable.flatMap((a) => indexItems(a, ttl)).map((item) => ({ PutRequest: { Item: marshall(item, marshallOptions) } }));
    await batchWrite(this.client, this.tableName, indexPuts, this.policy);

    const written = await this.transactArticles(writable, records, lost, refused);

    const stale: WriteRequest[] = [];
    for (const article of written) {
      const previous = stored.get(article.id);
      if (!previous) continue;
      const current = new Set(indexKeysOf(article).map(keyString));
      for (const key of previous.indexKeys) if (!current.has(keyString(key))) stale.push({ DeleteRequest: { Key: marshall(key) } });
    }
    try {
      await batchWrite(this.client, this.tableName, stale, this.policy);
    } catch {
      // The articles are written; a stale index item left behind is skipped by readers and expires by TTL.
    }
    return lost;
  }

  private async storedVersions(ids: string[]): Promise<Map<string, { version: number; indexKeys: IndexKey[] }>> {
    const found = new Map<string, { version: number; indexKeys: IndexKey[] }>();
    if (ids.length === 0) return found;
    const items = await batchGet(this.client, this.tableName, ids.map((id) => marshall(keys.article(id))), this.policy, {
      consistent: true,
      projection: '#id, #version, #indexKeys',
      names: { '#id': 'id', '#version': 'version', '#indexKeys': 'indexKeys' },
    });
    for (const raw of items) {
      const item = unmarshall(raw) as { id: string; version: number; indexKeys?: IndexKey[] };
      found.set(item.id, { version: item.version, indexKeys: item.indexKeys ?? [] });
    }
    return found;
  }

  /**
   * Puts articles conditionally, many per transaction. A cancelled transaction says which items failed their
   * condition (lost races, dropped), which were throttled or in conflict (sent again after a backoff), and which
   * DynamoDB refuses as they are (ValidationError: an item the size check let through, say), which go to
   * `refused` so that the others are sent again without them.
   */
  private async transactArticles(
    articles: Article[],
    records: Map<string, Record<string, AttributeValue>>,
    lost: string[],
    refused: RefusedArticle[],
  ): Promise<Article[]> {
    const written: Article[] = [];
    // Groups hold distinct articles, so a few transactions can be in flight at once.
    await mapLimit(transactionGroups(articles, this.transactionSize), BATCH_CONCURRENCY, async (group) => {
      let pending = group;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= this.policy.maxAttempts) {
          throw new StorageError(`TransactWriteItems still cancelled after ${this.policy.maxAttempts} attempts`);
        }
        const items = pending.map((a) => this.conditionalPut(a, records.get(a.id)!));
        // One token for every retry of the same call: a commit whose answer was lost is not reported as a lost race.
        const token = randomUUID();
        try {
          await withRetries(
            'TransactWriteItems',
            () => this.client.send(new TransactWriteItemsCommand({ TransactItems: items, ClientRequestToken: token })),
            this.policy,
          );
          written.push(...pending);
          pending = [];
        } catch (error) {
          if (!(error instanceof TransactionCanceledException) && (error as { name?: string }).name !== 'TransactionCanceledException') throw error;
          const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
          const retry: Article[] = [];
          let throttled = false;
          pending.forEach((article, i) => {
            const code = reasons[i]?.Code ?? 'None';
            if (code === 'ConditionalCheckFailed') lost.push(article.id);
            else if (code === 'ValidationError') {
              const why = reasons[i]?.Message ? `: ${reasons[i]!.Message}` : '';
              refused.push({ id: article.id, guid: article.guid, reason: `${articleNamed(article)} was refused by DynamoDB${why}` });
            } else if (code === 'None') retry.push(article);
            else if (RETRYABLE_REASONS.has(code)) {
              throttled = true;
              retry.push(article);
            } else throw new StorageError(`article ${article.id} was refused by DynamoDB: ${code} ${reasons[i]?.Message ?? ''}`.trim(), { cause: error });
          });
          if (retry.length === pending.length && !throttled) {
            throw new StorageError(`TransactWriteItems was cancelled without a reason: ${(error as Error).message}`, { cause: error });
          }
          if (throttled) await this.policy.sleep(backoffDelay(attempt, this.policy));
          pending = retry;
        }
      }
    });
    return written;
  }

  /**
   * Versions only grow: a put succeeds when nothing is stored or the stored version is lower. Two runs that read
   * the same version and both write the next one cannot both succeed, and a partner's own jump (NewsML-G2
   * version 3 seen first) is still accepted.
   */
  private conditionalPut(article: Article, record: Record<string, AttributeValue>): TransactWriteItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: record,
        ConditionExpression: 'attribute_not_exists(#pk) OR #version < :version',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#version': 'version' },
        ExpressionAttributeValues: marshall({ ':version': article.version }),
      },
    };
  }

  private streamFor(query: ArticleQuery, before: string | undefined, limit: number): AsyncGenerator<Entry> {
    const pageSize = Math.min(1000, limit + 1);
    if (query.category !== undefined) return this.categoryStream(categoryKey(query.category), before, pageSize);
    if (query.partnerId !== undefined) {
      return this.indexStream(TABLE.indexes.byPartner, keys.partnerIndex(query.partnerId), before, pageSize);
    }
    if (query.language !== undefined) {
      return this.indexStream(TABLE.indexes.byLanguage, keys.languageIndex(primaryLanguage(query.language)), before, pageSize);
    }
    // Each shard holds about 1/8 of the articles, so a page needs about that many from each; more are read lazily.
    const perShard = Math.min(1000, Math.ceil((limit + 1) / LATEST_SHARDS) + 2);
    const shards = Array.from({ length: LATEST_SHARDS }, (_, shard) =>
      this.indexStream(TABLE.indexes.latest, keys.latestShard(shard), before, perShard),
    );
    return mergeNewestFirst(shards);
  }

  /** Items of one partition (of the table or an index), newest first, strictly below `before`. */
  private async *queryStream(
    index: { name: string; partitionKey: string; sortKey: string } | undefined,
    partition: string,
    before: string | undefined,
    pageSize: number,
  ): AsyncGenerator<Record<string, AttributeValue>> {
    const pkName = index?.partitionKey ?? TABLE.partitionKey;
    const skName = index?.sortKey ?? TABLE.sortKey;
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const out = await query(this.client, {
        TableName: this.tableName,
        IndexName: index?.name,
        KeyConditionExpression: before === undefined ? '#pk = :pk' : '#pk = :pk AND #sk < :before',
        ExpressionAttributeNames: before === undefined ? { '#pk': pkName } : { '#pk': pkName, '#sk': skName },
        ExpressionAttributeValues: marshall(before === undefined ? { ':pk': partition } : { ':pk': partition, ':before': before }),
        ScanIndexForward: false,
        Limit: pageSize,
        ExclusiveStartKey: startKey,
      }, this.policy);
      for (const item of out.Items ?? []) yield item;
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }

  private async *indexStream(
    index: { name: string; partitionKey: string; sortKey: string },
    partition: string,
    before: string | undefined,
    pageSize: number,
  ): AsyncGenerator<Entry> {
    for await (const raw of this.queryStream(index, partition, before, pageSize)) {
      const item = unmarshall(raw);
      yield { sortKey: item[index.sortKey] as string, article: pickArticle(item) };
    }
  }

  /** Category index items, resolved to their articles a page at a time; items their article disowns are skipped. */
  private async *categoryStream(category: string, before: string | undefined, pageSize: number): AsyncGenerator<Entry> {
    let batch: { sk: string; id: string }[] = [];
    const resolve = async (): Promise<Entry[]> => {
      const ids = [...new Set(batch.map((b) => b.id))];
      const items = await batchGet(this.client, this.tableName, ids.map((id) => marshall(keys.article(id))), this.policy);
      const articles = new Map(items.map((raw) => {
        const article = pickArticle(unmarshall(raw));
        return [article.id, article] as const;
      }));
      const entries: Entry[] = [];
      for (const { sk, id } of batch) {
        const article = articles.get(id);
        if (article && articleSortKey(article) === sk && categoryKeysOf(article).includes(category)) entries.push({ sortKey: sk, article });
      }
      batch = [];
      return entries;
    };
    for await (const raw of this.queryStream(undefined, keys.categoryIndex(category, '', '').pk, before, pageSize)) {
      const item = unmarshall(raw) as { sk: string; id: string };
      batch.push({ sk: item.sk, id: item.id });
      if (batch.length >= pageSize) yield* await resolve();
    }
    if (batch.length > 0) yield* await resolve();
  }
}

const RETRYABLE_REASONS = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'TransactionConflict', 'RequestLimitExceeded']);

function keyString(key: IndexKey): string {
  return `${key.pk}\n${key.sk}`;
}

/** The category index items of an article. */
function indexItems(article: Article, ttl: number | undefined): Record<string, unknown>[] {
  return categoryKeysOf(article).map((category) => ({
    ...keys.categoryIndex(category, sortTimeOf(article), article.id),
    type: 'category',
    id: article.id,
    partnerId: article.partnerId,
    language: article.language,
    [TABLE.ttlAttribute]: ttl,
  }));
}

function indexKeysOf(article: Article): IndexKey[] {
  return categoryKeysOf(article).map((category) => keys.categoryIndex(category, sortTimeOf(article), article.id));
}

/** The article item: the article's fields with its table key, its three GSI keys, its index items and its TTL. */
function articleItem(article: Article, ttl: number | undefined): Record<string, unknown> {
  const sortKey = articleSortKey(article);
  const { latest, byPartner, byLanguage } = TABLE.indexes;
  return {
    ...article,
    ...keys.article(article.id),
    type: 'article',
    sortTime: sortTimeOf(article),
    [latest.partitionKey]: keys.latestShard(latestShardOf(article.id)),
    [latest.sortKey]: sortKey,
    [byPartner.partitionKey]: keys.partnerIndex(article.partnerId),
    [byPartner.sortKey]: sortKey,
    ...(article.language !== undefined
      ? { [byLanguage.partitionKey]: keys.languageIndex(primaryLanguage(article.language)), [byLanguage.sortKey]: sortKey }
      : {}),
    indexKeys: indexKeysOf(article),
    [TABLE.ttlAttribute]: ttl,
  };
}

/**
 * The article's item as written: plain, or with its bodies compressed when it is big (item-size.ts); a one-line
 * reason instead when even that is past DynamoDB's item limit.
 */
function storedRecord(article: Article, ttl: number | undefined): Record<string, AttributeValue> | string {
  const plain = marshall(articleItem(article, ttl), marshallOptions);
  const plainBytes = itemBytes(plain);
  if (plainBytes <= COMPRESS_ABOVE_BYTES) return plain;
  const packed = packBodies(plain);
  const packedBytes = itemBytes(packed);
  if (packedBytes <= ITEM_LIMIT_BYTES) return packed;
  const kb = (n: number) => `${Math.ceil(n / 1024)} KB`;
  return `${articleNamed(article)} is ${kb(plainBytes)}, ${kb(packedBytes)} compressed, past DynamoDB's ${kb(ITEM_LIMIT_BYTES)} item limit`;
}

/** How a refusal names an article: its id, and the partner's guid that the editor can look up in the feed. */
function articleNamed(article: Article): string {
  return `article ${article.id} (guid ${JSON.stringify(article.guid)})`;
}

/** Splits a batch so that no round names the same article twice (a transaction may not); later copies go later. */
function roundsWithoutRepeats(articles: Article[]): Article[][] {
  const rounds: Article[][] = [];
  const seen: Set<string>[] = [];
  for (const article of articles) {
    let r = 0;
    while (seen[r]?.has(article.id)) r++;
    (rounds[r] ??= []).push(article);
    (seen[r] ??= new Set()).add(article.id);
  }
  return rounds;
}

function transactionGroups(articles: Article[], size: number): Article[][] {
  const groups: Article[][] = [];
  let current: Article[] = [];
  let bytes = 0;
  for (const article of articles) {
    const estimate = JSON.stringify(article).length * 2;
    if (current.length > 0 && (current.length >= size || bytes + estimate > MAX_TRANSACTION_BYTES)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(article);
    bytes += estimate;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Merges newest-first streams into one newest-first stream, reading each only as far as needed. */
async function* mergeNewestFirst(streams: AsyncGenerator<Entry>[]): AsyncGenerator<Entry> {
  try {
    const heads = await Promise.all(streams.map((s) => s.next()));
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i]!;
        if (head.done) continue;
        if (best < 0 || head.value.sortKey > (heads[best]!.value as Entry).sortKey) best = i;
      }
      if (best < 0) return;
      yield heads[best]!.value as Entry;
      heads[best] = await streams[best]!.next();
    }
  } finally {
    await Promise.all(streams.map((s) => s.return(undefined)));
  }
}
