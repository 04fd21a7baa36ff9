/**
 * Child process: prices ingestions in AWS calls. Starts DynamoDB Local and s3rver, builds the storage adapters as
 * the ingest function does (with a counting middleware on each client), then runs the real ingestPartner use
 * case with a fake fetcher through four scenarios, counting each on its own.
 *   node --import tsx bench/aws-calls-worker.ts <job.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Partner } from '../shared/model/partner.js';
import type { FeedFetcher, FetchResult } from '../shared/ports.js';
import { countAwsCalls, emptyCounts, type AwsCallCounts } from '../shared/adapters/counting-middleware.js';
import { generateRss } from './generate.js';

export interface AwsCallsJob {
  out: string;
  /** Run only a first fetch of a feed this many items long, in a process of its own (for its peak memory). */
  bigFirstFetch?: number;
}

export interface ScenarioRun {
  name: string;
  summary: { new: number; updated: number; unchanged: number; notModified: boolean; error?: string };
  counts: AwsCallCounts;
  /** Wall time of the run against the local services (the fetch itself is instant here), ms. */
  durationMs: number;
  /** Publish scenarios: the response status and body size. */
  response?: { statusCode: number; bytes: number };
  /** The big first fetch: its input size and the process's peak resident set over its resident set before it. */
  memory?: { inputBytes: number; rssBefore: number; peakRss: number };
}

export interface AwsCallsResult {
  runs: ScenarioRun[];
  /** Mean size of a stored article as JSON (close to its DynamoDB item size), bytes. */
  articleBytes: number;
  /** Mean gzip size of the archived raw payload, bytes, and the raw size. */
  rawBytes: number;
  rawGzipBytes: number;
}

const TABLE = 'wirefeed-bench';
const BUCKET = 'wirefeed-bench-raw';
const SEED = 11;

/** Splits an RSS document into its head, its items and its tail, so windows of items can be re-assembled. */
export function splitRssItems(xml: string): { head: string; items: string[]; tail: string } {
  const first = xml.indexOf('<item>');
  const end = xml.lastIndexOf('</item>') + '</item>'.length;
  const body = xml.slice(first, end);
  const items = body.split(/(?<=<\/item>)\n?/).filter((s) => s.startsWith('<item>'));
  return { head: xml.slice(0, first), items, tail: xml.slice(end) };
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as AwsCallsJob;
  const { startLocalAws, localS3Client, LOCAL_CREDENTIALS, LOCAL_REGION } = await import('../infra/local/services.js');
  const aws = await startLocalAws({ tableName: TABLE, bucketName: BUCKET });
  try {
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: aws.dynamoEndpoint,
    });
    const [{ loadConfig }, { createStorageAdapters }, { S3RawArchive }, { ingestPartner }, { partnerSchema }] = await Promise.all([
      import('../shared/config.js'),
      import('../shared/adapters/runtime.js'),
      import('../shared/adapters/s3/raw-archive.js'),
      import('../shared/ingest/ingest-partner.js'),
      import('../shared/model/partner.js'),
    ]);
    const config = loadConfig({ TABLE_NAME: TABLE, RAW_BUCKET_NAME: BUCKET });
    const storage = createStorageAdapters(config);
    const s3 = localS3Client(aws.s3Endpoint);
    let counts = emptyCounts();
    // One shared counter object per scenario: the middleware closes over a holder, swapped between scenarios.
    const holder = new Proxy({} as AwsCallCounts, { get: (_t, p) => counts[p as keyof AwsCallCounts], set: (_t, p, v) => ((counts as any)[p] = v, true) });
    countAwsCalls(storage.dynamo, holder, { requestConsumedCapacity: true });
    countAwsCalls(s3, holder);

    const partner: Partner = partnerSchema.parse({ id: 'bench-wire', name: 'Bench Wire', feedUrl: 'https://feeds.bench.example/rss' });
    const { head, items, tail } = splitRssItems(generateRss({ seed: SEED, items: 51 }));
    // Items newest first: the window of the 50 older items, then the feed after one new story pushed one out.
    const older = head + items.slice(1, 51).join('\n') + tail;
    const withOneNew = head + items.slice(0, 50).join('\n') + tail;

    let next: FetchResult = { status: 'not-modified', url: partner.feedUrl };
    const fetcher: FeedFetcher = { fetch: async () => next };
    const ok = (text: string, etag: string): FetchResult => ({
      status: 'ok',
      url: partner.feedUrl,
      body: Buffer.from(text),
      contentType: 'application/rss+xml; charset=utf-8',
      etag,
      httpStatus: 200,
    });
    let now = Date.UTC(2024, 6, 31, 12);
    const deps = {
      fetcher,
      archive: new S3RawArchive(s3, BUCKET),
      articles: storage.articles,
      partnerStates: storage.partnerStates,
      clock: { now: () => new Date(now) },
      // The near-duplicate index and the item hashes, as the ingest function wires them (shared/adapters/runtime.ts).
      clusters: storage.articles,
      itemHashes: storage.itemHashes,
      maxFeedBytes: config.FEED_MAX_BYTES,
      circuitFailureThreshold: config.CIRCUIT_FAILURE_THRESHOLD,
      recordRun: (summary: Parameters<typeof storage.runs.record>[0]) => storage.runs.record(summary),
    };

    if (job.bigFirstFetch !== undefined) {
      const big = generateRss({ seed: SEED + 1, items: job.bigFirstFetch });
      const bigPartner: Partner = partnerSchema.parse({ id: 'bench-big', name: 'Bench Big', feedUrl: 'https://feeds.bench.example/big.rss' });
      next = ok(big, '"big"');
      (globalThis as { gc?: () => void }).gc?.();
      const rssBefore = process.memoryUsage.rss();
      const started = performance.now();
      const summary = await ingestPartner(bigPartner, deps, { force: true });
      const durationMs = performance.now() - started;
      const peakRss = process.resourceUsage().maxRSS * 1024;
      storage.dynamo.destroy();
      s3.destroy();
      const run: ScenarioRun = {
        name: `${job.bigFirstFetch} new items (first fetch, ${(Buffer.byteLength(big) / 1e6).toFixed(1)} MB)`,
        summary: { new: summary.new, updated: summary.updated, unchanged: summary.unchanged, notModified: summary.notModified, error: summary.error },
        counts,
        durationMs,
        memory: { inputBytes: Buffer.byteLength(big), rssBefore, peakRss },
      };
      writeFileSync(job.out, JSON.stringify({ runs: [run], articleBytes: 0, rawBytes: 0, rawGzipBytes: 0 } satisfies AwsCallsResult));
      return;
    }

    const scenarios: Array<[string, FetchResult]> = [
      ['50 new items (first fetch)', ok(older, '"v1"')],
      ['same body again (200, no validators honoured)', ok(older, '"v1"')],
      ['partner answers 304', { status: 'not-modified', url: partner.feedUrl, etag: '"v1"' }],
      ['1 new item of 50', ok(withOneNew, '"v2"')],
    ];
    const runs: ScenarioRun[] = [];
    for (const [name, result] of scenarios) {
      now += 5 * 60_000;
      next = result;
      counts = emptyCounts();
      const started = performance.now();
      const summary = await ingestPartner(partner, deps, { force: true });
      runs.push({
        name,
        summary: { new: summary.new, updated: summary.updated, unchanged: summary.unchanged, notModified: summary.notModified, error: summary.error },
        counts,
        durationMs: performance.now() - started,
      });
    }

    // What reading costs: the publish use case as the publish function builds it, on the same table.
    const { createPublisher, publishConfigFrom } = await import('../shared/publish/publish.js');
    // Read a minute after the last ingestion, as a reader polling the feed would: its stamps have settled. The
    // store stamped its writes on the system clock (the use case's clock above is the scenarios' own).
    const readAt = Date.now() + 60_000;
    const publish = createPublisher({ store: storage.articles, clock: { now: () => new Date(readAt) }, config: publishConfigFrom(config), log: () => {} });
    const tags = new Map<string, string>();
    for (const [name, path, conditional] of [
      ['publish GET /feeds/all.rss', '/feeds/all.rss', false],
      ['publish GET /feeds/all.rss again with its ETag (not modified)', '/feeds/all.rss', true],
      ['publish GET /feeds/partners/bench-wire.rss', '/feeds/partners/bench-wire.rss', false],
    ] as const) {
      counts = emptyCounts();
      const started = performance.now();
      const tag = conditional ? tags.get(path) : undefined;
      const headers = { host: 'news.bench.example', accept: 'application/rss+xml', ...(tag === undefined ? {} : { 'if-none-match': tag }) };
      const response = await publish({ method: 'GET', rawPath: path, rawQueryString: '', headers });
      if (response.headers.etag !== undefined) tags.set(path, response.headers.etag);
      runs.push({
        name,
        summary: { new: 0, updated: 0, unchanged: 0, notModified: false },
        counts,
        durationMs: performance.now() - started,
        response: { statusCode: response.statusCode, bytes: Buffer.byteLength(String(response.body ?? '')) },
      });
    }

    // Not a scenario: counted apart, so that the last row keeps its own counts.
    counts = emptyCounts();
    const ids = (await storage.articles.latest({ limit: 50 })).articles.map((a) => a.id);
    const stored = [...(await storage.articles.getMany(ids)).values()];
    const articleBytes = stored.reduce((n, a) => n + Buffer.byteLength(JSON.stringify(a)), 0) / Math.max(1, stored.length);
    storage.dynamo.destroy();
    s3.destroy();
    const result: AwsCallsResult = { runs, articleBytes, rawBytes: Buffer.byteLength(older), rawGzipBytes: gzipSync(older).length };
    writeFileSync(job.out, JSON.stringify(result));
  } finally {
    await aws.stop();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await main();
