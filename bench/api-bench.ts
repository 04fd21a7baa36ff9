import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { ApiServerReady } from './api-server.js';

const SERVER = fileURLToPath(new URL('./api-server.ts', import.meta.url));

export interface ApiRun {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  /** Responses with another status than the run expects (200 or 304). */
  unexpected: number;
  bytesPerResponse: number;
}

export interface ApiSection {
  setup: string;
  runs: ApiRun[];
  /** 304 req/s over full-response req/s (local stack, else in-memory). */
  ratio?: number;
  ratios: Record<string, number>;
}

/** Starts the API in a child process; resolves once it wrote its URL. */
async function startServer(workDir: string, mode: 'stack' | 'memory', items: number): Promise<{ child: ChildProcess; ready: ApiServerReady }> {
  const out = join(workDir, `api-${mode}.out.json`);
  const jobPath = join(workDir, `api-${mode}.job.json`);
  writeFileSync(jobPath, JSON.stringify({ mode, workDir, items, out }));
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, jobPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-3000)));
  const deadline = Date.now() + 120_000;
  while (!existsSync(out)) {
    if (child.exitCode !== null) throw new Error(`api server (${mode}) exited: ${stderr.trim().split('\n').slice(-4).join(' | ')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`api server (${mode}) did not start in 120 s`);
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  return { child, ready: JSON.parse(readFileSync(out, 'utf8')) as ApiServerReady };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function load(name: string, url: string, headers: Record<string, string>, expected: number, duration: number): Promise<ApiRun> {
  const r = await autocannon({ url, connections: 10, duration, headers });
  const stats = r.statusCodeStats ?? {};
  const expectedCount = stats[String(expected)]?.count ?? 0;
  const total = Object.values(stats).reduce((n, s) => n + s.count, 0);
  return {
    name,
    requestsPerSecond: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors + r.timeouts,
    unexpected: total - expectedCount,
    bytesPerResponse: r.requests.total > 0 ? Math.round((r.throughput.average / Math.max(r.requests.average, 1))) : 0,
  };
}

/** Both runs against one server: full responses, then conditional requests matching the ETag. */
async function loadServer(ready: ApiServerReady, quick: boolean): Promise<ApiRun[]> {
  const url = `${ready.apiUrl}/feeds/all.rss`;
  const base = { 'accept-encoding': 'gzip', accept: 'application/rss+xml' };
  const first = await fetch(url, { headers: base });
  const etag = first.headers.get('etag');
  await first.arrayBuffer();
  if (first.status !== 200 || !etag) throw new Error(`GET ${url} answered ${first.status} ${etag ? '' : 'without an ETag'}`);
  const duration = quick ? 4 : 8;
  // A short warm-up so that the first JIT and connection setup land in neither run.
  await autocannon({ url, connections: 10, duration: 1, headers: base });
  const label = ready.mode === 'stack' ? 'local stack' : 'in-memory store';
  return [
    await load(`${label}: full (200, gzip)`, url, base, 200, duration),
    await load(`${label}: conditional (304, If-None-Match)`, url, { ...base, 'if-none-match': etag }, 304, duration),
  ];
}

/**
 * Loads the publish endpoint with autocannon on loopback: full responses, then conditional requests that match
 * the ETag (304). First on the local stack (the real handler on DynamoDB Local), then on the in-memory store,
 * which shows what the handler costs without the database.
 */
export async function runApiBench(opts: { workDir: string; quick: boolean; log: (line: string) => void }): Promise<ApiSection> {
  const items = 50;
  const runs: ApiRun[] = [];
  const ratios: Record<string, number> = {};
  const notes: string[] = [];
  for (const mode of ['stack', 'memory'] as const) {
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer(opts.workDir, mode, items);
    } catch (error) {
      notes.push(`${mode} did not start: ${(error as Error).message.slice(0, 200)}`);
      opts.log(`api: ${notes.at(-1)}`);
      continue;
    }
    try {
      const [full, notModified] = await loadServer(server.ready, opts.quick);
      runs.push(full!, notModified!);
      if (full!.requestsPerSecond > 0) ratios[mode] = notModified!.requestsPerSecond / full!.requestsPerSecond;
      opts.log(`api (${mode}): ${full!.requestsPerSecond.toFixed(0)} req/s full, ${notModified!.requestsPerSecond.toFixed(0)} req/s 304`);
    } finally {
      await stopServer(server.child);
    }
  }
  if (runs.length === 0) throw new Error(notes.join('; '));
  return {
    setup:
      `GET /feeds/all.rss holding ${items} articles ingested from a generated feed, served once the ingestion's write has settled (30 s: publish/feed-stamp.ts), ` +
      `as to a reader polling an unchanged feed; autocannon in another process than the server, 10 connections, ` +
      `${opts.quick ? 4 : 8} s per run after a 1 s warm-up, loopback, Accept-Encoding: gzip. "local stack" = the real publish handler on DynamoDB Local ` +
      `behind the HTTP API adapter; "in-memory store" = the same handler and adapter on the in-memory ArticleStore.${notes.length ? ` ${notes.join('; ')}.` : ''}`,
    runs,
    ratio: ratios.stack ?? ratios.memory,
    ratios,
  };
}
