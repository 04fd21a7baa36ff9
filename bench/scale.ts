import type { BenchResults } from './report.js';

/**
 * "Scale on paper": what 1,000 partners polled every 5 minutes and 100,000 articles a day cost on AWS per month,
 * priced from the calls counted in the same benchmark run (not from guesses about the code), plus the few
 * assumptions that no local run can measure (partner behaviour, network waits, readers), all stated.
 */

/** us-east-1 list prices (USD), on-demand, as of 2025. */
export const PRICES = {
  lambdaGbSecondArm: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
  dynamoGbMonth: 0.25,
  s3PerThousandPuts: 0.005,
  s3PerThousandGets: 0.0004,
  s3GbMonth: 0.023,
  sqsFifoPerMillion: 0.5,
  httpApiPerMillion: 1.0,
} as const;

export interface ScaleAssumptions {
  partners: number;
  pollMinutes: number;
  articlesPerDay: number;
  /** Share of polls without news that the partner answers 304 (the rest send the same body again). */
  conditionalShare: number;
  /** Reader requests to the public API per month. */
  apiRequestsPerMonth: number;
  /** Share of reader requests that are conditional and match (answered 304). */
  apiNotModifiedShare: number;
  /** Network wait of a fetch inside Lambda, ms: a 304, and a 200 with a ~200 KB body. */
  fetchWaitMs304: number;
  fetchWaitMs200: number;
  /** Round trip of one DynamoDB or S3 call from Lambda, ms. */
  awsCallMs: number;
  /** Days articles (and raw payloads) are kept: the storage steady state. */
  retentionDays: number;
  /** GSIs projecting ALL attributes: each stores a full copy of the article. */
  fullCopyIndexes: number;
  /** Bytes of one small index item (category, near-duplicate band). */
  indexItemBytes: number;
  /** Memory of the ingest and publish functions, MB (from the synthesized template when available). */
  ingestMemoryMb: number;
  publishMemoryMb: number;
  /** CPU ms of a 50-item parse on this machine (from the parse benchmark when available). */
  parseMs: number;
  /** CPU ms to answer one publish request (render + gzip) on this machine. */
  publishCpuMs: number;
}

export const DEFAULT_ASSUMPTIONS: ScaleAssumptions = {
  partners: 1000,
  pollMinutes: 5,
  articlesPerDay: 100_000,
  conditionalShare: 0.5,
  apiRequestsPerMonth: 10_000_000,
  apiNotModifiedShare: 0.5,
  fetchWaitMs304: 100,
  fetchWaitMs200: 300,
  awsCallMs: 10,
  retentionDays: 365,
  fullCopyIndexes: 3,
  indexItemBytes: 200,
  ingestMemoryMb: 1024,
  publishMemoryMb: 512,
  parseMs: 100,
  publishCpuMs: 20,
};

/** Per-ingestion counts the model needs, taken from the AWS-calls section. */
export interface CallProfile {
  s3Puts: number;
  s3Gets: number;
  readUnits: number;
  writeUnits: number;
  calls: number;
}

export interface CostLine {
  item: string;
  quantity: string;
  usdPerMonth: number;
}

export interface ScaleModel {
  assumptions: ScaleAssumptions;
  pollsPerMonth: number;
  mix: { newItem: number; notModified: number; sameBody: number };
  lines: CostLine[];
  totalUsd: number;
  storage: { dynamoGbSteady: number; s3GbSteady: number };
}

const DAYS_PER_MONTH = 30;

/** Lambda on less than 1,769 MB gets that share of one vCPU: CPU-bound time stretches by the inverse. */
export function cpuStretch(memoryMb: number): number {
  return Math.max(1, 1769 / memoryMb);
}

/** Prices a month from per-ingestion call profiles and the stated assumptions. */
export function scaleModel(
  profiles: { notModified: CallProfile; sameBody: CallProfile; oneNew: CallProfile; publish: CallProfile },
  sizes: { articleBytes: number; rawGzipBytes: number; categoriesPerArticle: number },
  a: ScaleAssumptions = DEFAULT_ASSUMPTIONS,
): ScaleModel {
  const pollsPerMonth = a.partners * (60 / a.pollMinutes) * 24 * DAYS_PER_MONTH;
  const articlesPerMonth = a.articlesPerDay * DAYS_PER_MONTH;
  // Worst case for writes: every new article arrives alone, in its own poll.
  const newItem = Math.min(articlesPerMonth, pollsPerMonth);
  const quiet = pollsPerMonth - newItem;
  const mix = { newItem, notModified: quiet * a.conditionalShare, sameBody: quiet * (1 - a.conditionalShare) };
  const weighted = (f: (p: CallProfile) => number) =>
    mix.newItem * f(profiles.oneNew) + mix.notModified * f(profiles.notModified) + mix.sameBody * f(profiles.sameBody);

  // Lambda time: network waits + AWS round trips + CPU (parse) stretched by the memory's CPU share.
  const stretch = cpuStretch(a.ingestMemoryMb);
  const ms304 = a.fetchWaitMs304 + profiles.notModified.calls * a.awsCallMs;
  const msSame = a.fetchWaitMs200 + profiles.sameBody.calls * a.awsCallMs + a.parseMs * stretch;
  const msNew = a.fetchWaitMs200 + profiles.oneNew.calls * a.awsCallMs + a.parseMs * stretch;
  const ingestGbS = ((mix.notModified * ms304 + mix.sameBody * msSame + mix.newItem * msNew) / 1000) * (a.ingestMemoryMb / 1024);
  const publishFull = a.apiRequestsPerMonth * (1 - a.apiNotModifiedShare);
  const publishMs = profiles.publish.calls * a.awsCallMs + a.publishCpuMs * cpuStretch(a.publishMemoryMb);
  const publishGbS = ((a.apiRequestsPerMonth * publishMs) / 1000) * (a.publishMemoryMb / 1024);

  const articlesStored = a.articlesPerDay * a.retentionDays;
  const perArticleBytes = sizes.articleBytes * (1 + a.fullCopyIndexes) + a.indexItemBytes * sizes.categoriesPerArticle;
  const dynamoGbSteady = (articlesStored * perArticleBytes) / 1e9;
  const dynamoGbMonth1 = (articlesPerMonth * perArticleBytes) / 1e9;
  const s3GbPerMonth = ((mix.newItem + 0) * sizes.rawGzipBytes) / 1e9;
  const s3GbSteady = s3GbPerMonth * (a.retentionDays / DAYS_PER_MONTH);

  const m = (n: number) => (n / 1e6).toFixed(n >= 1e8 ? 0 : 1);
  const lines: CostLine[] = [
    {
      item: 'Lambda ingest (GB-s, arm64)',
      quantity: `${m(ingestGbS)} M GB-s (${ms304.toFixed(0)} / ${msSame.toFixed(0)} / ${msNew.toFixed(0)} ms per 304 / same / new poll at ${a.ingestMemoryMb} MB)`,
      usdPerMonth: ingestGbS * PRICES.lambdaGbSecondArm,
    },
    { item: 'Lambda ingest requests', quantity: `${m(pollsPerMonth)} M`, usdPerMonth: (pollsPerMonth / 1e6) * PRICES.lambdaPerMillionRequests },
    {
      item: 'SQS FIFO (send + receive + delete per poll)',
      quantity: `${m(pollsPerMonth * 3)} M requests`,
      usdPerMonth: ((pollsPerMonth * 3) / 1e6) * PRICES.sqsFifoPerMillion,
    },
    {
      item: 'DynamoDB writes (ingest)',
      quantity: `${m(weighted((p) => p.writeUnits))} M WRU`,
      usdPerMonth: (weighted((p) => p.writeUnits) / 1e6) * PRICES.dynamoPerMillionWriteUnits,
    },
    {
      item: 'DynamoDB reads (ingest)',
      quantity: `${m(weighted((p) => p.readUnits))} M RRU`,
      usdPerMonth: (weighted((p) => p.readUnits) / 1e6) * PRICES.dynamoPerMillionReadUnits,
    },
    {
      item: 'S3 PUTs (raw archive)',
      quantity: `${m(weighted((p) => p.s3Puts))} M`,
      usdPerMonth: (weighted((p) => p.s3Puts) / 1000) * PRICES.s3PerThousandPuts,
    },
    {
      item: 'S3 GET/HEAD (archive dedup)',
      quantity: `${m(weighted((p) => p.s3Gets))} M`,
      usdPerMonth: (weighted((p) => p.s3Gets) / 1000) * PRICES.s3PerThousandGets,
    },
    {
      item: `DynamoDB storage (${a.retentionDays}-day steady state; month 1: ${dynamoGbMonth1.toFixed(0)} GB)`,
      quantity: `${dynamoGbSteady.toFixed(0)} GB (${(perArticleBytes / 1024).toFixed(1)} KB per article incl. ${a.fullCopyIndexes} ALL-projection GSIs)`,
      usdPerMonth: dynamoGbSteady * PRICES.dynamoGbMonth,
    },
    {
      item: `S3 storage (${a.retentionDays}-day steady state)`,
      quantity: `${s3GbSteady.toFixed(0)} GB (+${s3GbPerMonth.toFixed(1)} GB a month)`,
      usdPerMonth: s3GbSteady * PRICES.s3GbMonth,
    },
    { item: 'API Gateway HTTP API', quantity: `${m(a.apiRequestsPerMonth)} M requests`, usdPerMonth: (a.apiRequestsPerMonth / 1e6) * PRICES.httpApiPerMillion },
    {
      item: 'Lambda publish (GB-s + requests)',
      quantity: `${m(publishGbS)} M GB-s (${publishMs.toFixed(0)} ms at ${a.publishMemoryMb} MB)`,
      usdPerMonth: publishGbS * PRICES.lambdaGbSecondArm + (a.apiRequestsPerMonth / 1e6) * PRICES.lambdaPerMillionRequests,
    },
    {
      item: 'DynamoDB reads (publish, no CDN)',
      quantity: `${m(a.apiRequestsPerMonth * profiles.publish.readUnits)} M RRU (${profiles.publish.readUnits.toFixed(1)} per request, 304s included, ${publishFull > 0 ? 'every request queries' : ''})`,
      usdPerMonth: ((a.apiRequestsPerMonth * profiles.publish.readUnits) / 1e6) * PRICES.dynamoPerMillionReadUnits,
    },
  ];
  return {
    assumptions: a,
    pollsPerMonth,
    mix,
    lines,
    totalUsd: lines.reduce((s, l) => s + l.usdPerMonth, 0),
    storage: { dynamoGbSteady, s3GbSteady },
  };
}

function profileOf(s: NonNullable<BenchResults['awsCalls']>['scenarios'][number] | undefined): CallProfile {
  if (!s) return { s3Puts: 0, s3Gets: 0, readUnits: 0, writeUnits: 0, calls: 0 };
  const calls = Object.values(s.counts.byCommand).reduce((a, b) => a + b, 0);
  return { s3Puts: s.counts.s3Puts, s3Gets: s.counts.s3Other, readUnits: s.counts.readCapacity, writeUnits: s.counts.writeCapacity, calls };
}

/** The model fed from one run's results (counts, sizes, memory, parse speed); undefined without the AWS-calls section. */
export function scaleFromResults(r: BenchResults): ScaleModel | undefined {
  const aws = r.awsCalls;
  if (!aws) return undefined;
  const find = (prefix: string) => aws.scenarios.find((s) => s.name.startsWith(prefix));
  const a: ScaleAssumptions = { ...DEFAULT_ASSUMPTIONS };
  const mem = (name: string) => r.coldStart?.functions.find((f) => f.name === name)?.memorySize;
  a.ingestMemoryMb = mem('ingest') ?? a.ingestMemoryMb;
  a.publishMemoryMb = mem('publish') ?? a.publishMemoryMb;
  const view = r.parse?.views.find((v) => v.name === 'synthetic/rss-1000-items.xml');
  const full = view?.rows.find((row) => row.contender === 'wirefeed');
  if (full) a.parseMs = (aws.rawBytes / 1e6 / full.mbPerSecond) * 1000;
  const render = r.render?.cases.find((c) => c.format === 'rss' && c.articles === 50)?.wirefeed?.median;
  if (render !== undefined) a.publishCpuMs = render * 2; // render plus gzip of the same bytes, roughly as much again
  const oneNew = find('1 new');
  const categories = oneNew ? (oneNew.counts.itemsByKind.CAT ?? 0) / Math.max(1, oneNew.counts.itemsByKind.ART ?? 1) : 2;
  return scaleModel(
    { notModified: profileOf(find('partner answers 304')), sameBody: profileOf(find('same body')), oneNew: profileOf(oneNew), publish: profileOf(find('publish GET /feeds/all')) },
    { articleBytes: aws.articleBytes, rawGzipBytes: aws.rawGzipBytes, categoriesPerArticle: categories },
    a,
  );
}

/** The cost table as markdown. */
export function renderScaleTable(model: ScaleModel): string[] {
  const a = model.assumptions;
  const out = [
    `${a.partners.toLocaleString('en')} partners every ${a.pollMinutes} min = ${(model.pollsPerMonth / 1e6).toFixed(2)} M polls a month; ${a.articlesPerDay.toLocaleString('en')} articles a day, ` +
      `each assumed to arrive alone (${(model.mix.newItem / 1e6).toFixed(1)} M polls with one new item), the other polls ${Math.round(a.conditionalShare * 100)}% answered 304 and ` +
      `${Math.round((1 - a.conditionalShare) * 100)}% the same body again. Readers: ${(a.apiRequestsPerMonth / 1e6).toFixed(0)} M API requests a month. us-east-1 on-demand list prices, 30-day month.`,
    '',
    '| item | quantity / month | USD / month |',
    '|---|---|--:|',
  ];
  for (const l of model.lines) out.push(`| ${l.item} | ${l.quantity} | ${l.usdPerMonth.toFixed(2)} |`);
  out.push(`| **total** | | **${model.totalUsd.toFixed(0)}** |`, '');
  return out;
}
