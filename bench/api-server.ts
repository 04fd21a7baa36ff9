/**
 * Child process for the API benchmark: starts the local stack (DynamoDB Local, s3rver, the real publish handler
 * behind the HTTP adapter) with one partner serving a generated 50-item feed, ingests it once, writes
 * { apiUrl, articles } to the job's `out` file and serves until SIGTERM. With mode "memory" the publish handler
 * runs on the in-memory store instead (when Java or the stack is unavailable).
 *   node --import tsx bench/api-server.ts <job.json>
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAMP_SETTLE_MS } from '../shared/publish/feed-stamp.js';
import { generateRss } from './generate.js';

export interface ApiServerJob {
  mode: 'stack' | 'memory';
  workDir: string;
  items: number;
  out: string;
}

export interface ApiServerReady {
  apiUrl: string;
  mode: 'stack' | 'memory';
  articles: number;
}

const FEED_SEED = 7;

async function startStack(job: ApiServerJob): Promise<{ apiUrl: string; articles: number; stop(): Promise<void> }> {
  const { startSampleFeedServer } = await import('../infra/local/sample-feed-server.js');
  const { startLocalStack } = await import('../infra/local/stack.js');
  const feeds = join(job.workDir, 'api-feeds');
  mkdirSync(feeds, { recursive: true });
  writeFileSync(join(feeds, 'bench.xml'), generateRss({ seed: FEED_SEED, items: job.items }));
  const partnerServer = await startSampleFeedServer({ dir: feeds, port: 0 });
  const partnersFile = join(job.workDir, 'api-partners.json');
  writeFileSync(
    partnersFile,
    JSON.stringify({
      partners: [{ id: 'bench-wire', name: 'Bench Wire', feedUrl: `${partnerServer.origin}/feeds/bench.xml`, local: true, defaultLanguage: 'id' }],
    }),
  );
  const stack = await startLocalStack({
    port: 0,
    samplesPort: 0,
    intervalSeconds: 3600,
    dataDir: join(job.workDir, 'api-stack'),
    partnersFile,
    log: () => {},
    schedule: false,
  });
  const summaries = await stack.tick();
  const articles = summaries.reduce((n, s) => n + s.new + s.updated + s.unchanged, 0);
  if (summaries.some((s) => s.error)) throw new Error(`ingestion failed: ${summaries.map((s) => s.error).join('; ')}`);
  // Served once the last write has settled, as to a reader polling an unchanged feed (publish/feed-stamp.ts).
  await new Promise((done) => setTimeout(done, STAMP_SETTLE_MS + 1000));
  return {
    apiUrl: stack.apiUrl,
    articles,
    stop: async () => {
      await stack.stop();
      await partnerServer.close();
    },
  };
}

async function startMemory(job: ApiServerJob): Promise<{ apiUrl: string; articles: number; stop(): Promise<void> }> {
  const [{ MemoryArticleStore }, { createPublisher }, { createPublishHandler }, { createHttpApiServer }, { parseFeed }] = await Promise.all([
    import('../shared/adapters/memory.js'),
    import('../shared/publish/publish.js'),
    import('../functions/publish/apigw.js'),
    import('../infra/local/http-api-adapter.js'),
    import('../shared/index.js'),
  ]);
  const ingestedAt = new Date(Date.UTC(2024, 6, 31, 12));
  const store = new MemoryArticleStore({ clock: { now: () => ingestedAt } });
  const fetchedAt = '2024-07-31T12:00:00.000Z';
  const articles = parseFeed(generateRss({ seed: FEED_SEED, items: job.items }), { partnerId: 'bench-wire', url: 'https://feeds.bench.example/bench.xml' }).map((a) => ({ ...a, fetchedAt }));
  await store.putMany(articles);
  const publish = createPublisher({
    store,
    // Served a minute after the write, as in the stack: the feed stamps have settled.
    clock: { now: () => new Date(ingestedAt.getTime() + 60_000) },
    config: { cacheMaxAgeSeconds: 60, idAuthority: 'wirefeed.local', siteTitle: 'wirefeed' },
  });
  const server = createHttpApiServer(createPublishHandler(publish));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { apiUrl: `http://127.0.0.1:${port}`, articles: articles.length, stop: () => new Promise((done) => server.close(() => done())) };
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as ApiServerJob;
  const server = job.mode === 'stack' ? await startStack(job) : await startMemory(job);
  const ready: ApiServerReady = { apiUrl: server.apiUrl, mode: job.mode, articles: server.articles };
  writeFileSync(job.out, JSON.stringify(ready));
  process.once('SIGTERM', () => {
    server.stop().finally(() => process.exit(0));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
