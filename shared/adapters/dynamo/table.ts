/**
 * The one place that defines the articles table: keys, indexes and item key builders. Used by the CDK stack, the
 * local stack (CreateTable) and the DynamoDB adapters, so they cannot drift apart.
 *
 * Access patterns:
 *  - article by id .................. pk=ART#{id}, sk=ART
 *  - article by (partner, guid) ..... id is a hash of partner + guid, so the same get
 *  - latest overall, newest first ... GSI1: gsi1pk=LATEST#{shard}, gsi1sk={sortTime}#{id}; the index is spread
 *                                     over LATEST_SHARDS partitions (shard from the id hash) so that 100k
 *                                     writes/day never hit one partition; readers query every shard and merge
 *  - latest by partner .............. GSI2: gsi2pk=PARTNER#{partnerId}, gsi2sk={sortTime}#{id}
 *  - latest by language ............. GSI3: gsi3pk=LANG#{language}, gsi3sk={sortTime}#{id}
 *                                     ({language} is the primary subtag, so "id" finds "id" and "id-ID")
 *  - latest by category ............. one small index item per category: pk=CAT#{category}, sk={sortTime}#{id}
 *                                     (categories are multi-valued, which a GSI key cannot be)
 *  - near-duplicate candidates ...... index items pk=SIMBAND#{band}#{value}, sk={sortTime}#{id}
 *  - partner settings (all of them) . pk=PARTNERS, sk=PARTNER#{partnerId}: one small partition, so the dispatcher
 *                                     lists every partner with one Query and IAM can scope that Query to it
 *  - partner fetch state ............ pk=PARTNER#{partnerId}, sk=STATE
 *  - raw hashes of its last items ... pk=PARTNER#{partnerId}, sk=ITEMHASHES (one binary attribute)
 *  - ingestion runs ................. pk=RUN#{partnerId}, sk={startedAt}#{runId}, expiring by TTL
 *  - feed stamps .................... pk=STAMP#ALL or STAMP#PARTNER#{partnerId}: sk=TOKEN, one sk=WRITING#{write}
 *                                     per write in progress, one sk=LIFT#{ms} per embargo (dynamo/feed-stamps.ts)
 *
 * {sortTime} is updatedAt, else publishedAt, else fetchedAt (shared/model/article-rules.ts sortTimeOf); SIMBAND items use
 * the sort time the ingest use case passes.
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: {
    latest: { name: 'gsi1-latest', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    byPartner: { name: 'gsi2-partner', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    byLanguage: { name: 'gsi3-language', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  },
} as const;

/** The partition holding every partner's settings (see the header); IAM conditions name it too. */
export const PARTNERS_PARTITION = 'PARTNERS';

/** Partitions of the "latest overall" index; see the header. */
export const LATEST_SHARDS = 8;

export type IndexName = keyof typeof TABLE.indexes;

/** Every key attribute is a string. */
export function keyAttributes(): string[] {
  const names: string[] = [TABLE.partitionKey, TABLE.sortKey];
  for (const index of Object.values(TABLE.indexes)) names.push(index.partitionKey, index.sortKey);
  return names;
}

export const keys = {
  article: (id: string) => ({ pk: `ART#${id}`, sk: 'ART' }),
  partner: (partnerId: string) => ({ pk: PARTNERS_PARTITION, sk: `PARTNER#${partnerId}` }),
  partnerState: (partnerId: string) => ({ pk: `PARTNER#${partnerId}`, sk: 'STATE' }),
  itemHashes: (partnerId: string) => ({ pk: `PARTNER#${partnerId}`, sk: 'ITEMHASHES' }),
  run: (partnerId: string, startedAt: string, runId: string) => ({ pk: `RUN#${partnerId}`, sk: `${startedAt}#${runId}` }),
  categoryIndex: (category: string, sortTime: string, id: string) => ({
    pk: `CAT#${category.toLowerCase()}`,
    sk: `${sortTime}#${id}`,
  }),
  latestShard: (shard: number) => `LATEST#${shard}`,
  partnerIndex: (partnerId: string) => `PARTNER#${partnerId}`,
  languageIndex: (language: string) => `LANG#${language.toLowerCase()}`,
  /** The partition of a feed stamp (ports.ts FeedStamp): all articles, or one partner's. */
  feedStamp: (scope: { partnerId?: string }) => (scope.partnerId === undefined ? 'STAMP#ALL' : `STAMP#PARTNER#${scope.partnerId}`),
  /** The partition key of a MinHash band key (`{band}#{value}`, from normalize/duplicates.ts). */
  simBand: (bandKey: string) => `SIMBAND#${bandKey}`,
} as const;

/** The shard of an article id in the "latest overall" index: stable, evenly spread. */
export function latestShardOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % LATEST_SHARDS;
}

/** Sort key of every "newest first" index: the time first so that a reverse query is newest first, the id to tie-break. */
export function indexSortKey(sortTime: string, id: string): string {
  return `${sortTime}#${id}`;
}

/** CreateTable input for the articles table: the local stack and tests create it; CDK declares the same keys. */
export function createTableInput(tableName: string): {
  TableName: string;
  BillingMode: 'PAY_PER_REQUEST';
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' }[];
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  GlobalSecondaryIndexes: {
    IndexName: string;
    KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    Projection: { ProjectionType: 'ALL' };
  }[];
} {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributes().map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ],
    // ALL: a feed page is rendered straight from one index query, with no second read per article.
    GlobalSecondaryIndexes: Object.values(TABLE.indexes).map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}

/** UpdateTimeToLive input enabling expiry on TABLE.ttlAttribute (epoch seconds). */
export function timeToLiveInput(tableName: string): {
  TableName: string;
  TimeToLiveSpecification: { AttributeName: string; Enabled: true };
} {
  return { TableName: tableName, TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true } };
}
