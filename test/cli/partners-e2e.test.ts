import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';

/**
 * The editor's desk end to end: the local stack runs with a one-second dispatch tick, and the REAL CLI
 * (`node shared/cli/bin.mjs partners …`, a child process) finds it through its discovery file and changes
 * partners in its table while it runs. Feeds are served by a tiny server on 127.0.0.1 that records what it is asked.
 */

const TICK_SECONDS = 1;
/**
 * Two dispatch ticks, plus what one ingestion takes on a shared two-core machine (measured up to ~8 s for the
 * first one, DynamoDB Local warming up): the point is that no restart is needed, not how fast the machine is.
 */
const TWO_TICKS_MS = 2 * TICK_SECONDS * 1000 + 20_000;
/** The stack's first ingestion after start (see the test that waits for it). */
const FIRST_INGEST_MS = 60_000;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
}

function rss(title: string, guid: string): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title} wire</title><link>http://127.0.0.1/</link>
<item><title>${title}</title><link>http://127.0.0.1/${guid}</link><guid isPermaLink="false">${guid}</guid>
<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate><description>${title} body text.</description></item></channel></rss>`;
}

/** The partners' feeds: a.xml and b.xml (same ETag, so a kept validator would get a 304), fail.xml, auth.xml. */
function startFeedServer() {
  const received: Received[] = [];
  let failing = true;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    received.push({ path, headers: req.headers });
    const etag = '"same-etag"';
    if (path === '/fail.xml' && failing) {
      res.writeHead(500).end('upstream broke');
      return;
    }
    if (path === '/auth.xml' && req.headers['x-api-key'] !== 'open-sesame') {
      res.writeHead(401).end();
      return;
    }
    if ((path === '/a.xml' || path === '/b.xml') && req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    const bodies: Record<string, string> = {
      '/a.xml': rss('Story from feed A', 'a-1'),
      '/b.xml': rss('Story from feed B', 'b-1'),
      '/fail.xml': rss('Story after the repair', 'f-1'),
      '/auth.xml': rss('Story behind the key', 'k-1'),
      '/seed.xml': rss('Story from the seed', 's-1'),
    };
    const body = bodies[path];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag, 'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT' }).end(body);
  });
  return {
    received,
    heal: () => (failing = false),
    listen: () => new Promise<string>((done) => server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server.address() as { port: number }).port}`))),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = TWO_TICKS_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

describe('wirefeed partners against the running local stack', { timeout: 180_000 }, () => {
  const feeds = startFeedServer();
  let origin: string;
  let stack: LocalStack;
  let dataDir: string;
  let seedFile: string;
  const log: string[] = [];

  /** Runs the installed CLI as a child process, as an editor would. */
  function wirefeed(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((done) => {
      execFile(
        'node',
        ['shared/cli/bin.mjs', 'partners', ...args, '--data', dataDir],
        { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_NO_WARNINGS: '1', ...env } },
        (error, stdout, stderr) => done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  const get = (path: string) => fetch(`${stack.apiUrl}${path}`);
  const allRss = async () => (await get('/feeds/all.rss')).text();
  const statusOf = async (id: string) => {
    const { partners } = (await (await get('/partners')).json()) as { partners: Array<Record<string, unknown>> };
    return partners.find((p) => p.id === id);
  };

  beforeAll(async () => {
    origin = await feeds.listen();
    dataDir = await mkdtemp(join(tmpdir(), 'wirefeed-desk-'));
    seedFile = join(dataDir, 'my-partners.json');
    await writeFile(
      seedFile,
      JSON.stringify({ partners: [{ id: 'seed-wire', name: 'Seed Wire', feedUrl: `${origin}/seed.xml`, pollIntervalSeconds: 60, local: true }] }, null, 2),
    );
    stack = await startLocalStack({ port: 0, samplesPort: 0, intervalSeconds: TICK_SECONDS, dataDir, partnersFile: seedFile, log: (l) => log.push(l) });
  });

  afterAll(async () => {
    if (process.env.DEBUG_E2E) console.log(log.join('\n'));
    await stack?.stop();
    await feeds.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('imports PARTNERS_FILE on start and re-imports it when it is saved, without a restart', async () => {
    // The stack's first ingestion also warms DynamoDB Local and compiles the whole pipeline: on a loaded two-core
    // machine it has taken past two ticks, which says nothing about the import this test is about.
    await until('the seed partner\'s article', async () => (await allRss()).includes('Story from the seed'), FIRST_INGEST_MS);
    const seed = JSON.parse(await readFile(seedFile, 'utf8'));
    seed.partners[0].name = 'Seed Wire (renamed)';
    await writeFile(seedFile, JSON.stringify(seed, null, 2));
    await until('the renamed seed partner', async () => (await statusOf('seed-wire'))?.name === 'Seed Wire (renamed)');
    expect(log.some((l) => /partners: imported .*my-partners\.json: 0 added, 1 changed \(seed-wire\)/.test(l))).toBe(true);
  });

  it('partners add: a new partner\'s articles are on /feeds/all.rss within two dispatch ticks, with no restart', async () => {
    const added = await wirefeed(['add', 'wire-a', '--name', 'Wire A', '--feed-url', `${origin}/a.xml`, '--private-network', 'true']);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^added partner "wire-a" to the local stack/);
    await until('feed A\'s story on /feeds/all.rss', async () => (await allRss()).includes('<title>Story from feed A</title>'));
  });

  it('partners update --feed-url: the new URL is fetched unconditionally', async () => {
    const updated = await wirefeed(['update', 'wire-a', '--feed-url', `${origin}/b.xml`]);
    expect(updated).toMatchObject({ code: 0, stdout: 'updated partner "wire-a": feedUrl\n' });
    const first = await until('a request for b.xml', async () => feeds.received.find((r) => r.path === '/b.xml'));
    expect(first.headers['if-none-match']).toBeUndefined();
    expect(first.headers['if-modified-since']).toBeUndefined();
    await until('feed B\'s story', async () => (await allRss()).includes('<title>Story from feed B</title>'));
  });

  it('a partner pointed at a 500 shows its error on /partners, its feed page and partners list, and recovers when the server heals', async () => {
    expect((await wirefeed(['add', 'wire-fail', '--name', 'Wire Fail', '--feed-url', `${origin}/fail.xml`, '--private-network', 'true'])).code).toBe(0);
    const failing = await until('wire-fail failing on /partners', async () => {
      const status = await statusOf('wire-fail');
      return status?.health === 'failing' ? status : undefined;
    });
    expect(failing.lastError).toMatch(/500/);
    expect(failing.failingSince).toEqual(expect.any(String));
    expect(failing.nextPollAt).toEqual(expect.any(String));

    const page = await (await get('/feeds/partners/wire-fail.html')).text();
    const banner = /<p class="banner" role="status">.*?<\/p>/s.exec(page)?.[0] ?? '';
    expect(banner).toMatch(/Failing<\/strong>: 1 failed fetch in a row; last error: partner &quot;wire-fail&quot;: HTTP 500/);
    expect(banner).toContain('failing since <time');
    expect(banner).toContain('next try <time');

    const list = await wirefeed(['list']);
    expect(list.code).toBe(0);
    const row = list.stdout.split('\n').find((l) => l.startsWith('wire-fail '))!;
    expect(row).toMatch(/Wire Fail\s+yes\s+300s\s+-\s+.*500.*\s+1\s+closed\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+0$/);
    const json = JSON.parse((await wirefeed(['list', '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(json.find((p) => p.id === 'wire-fail')).toMatchObject({ health: 'failing', consecutiveFailures: 1 });

    feeds.heal();
    const refreshed = await wirefeed(['refresh', 'wire-fail']);
    expect(refreshed).toMatchObject({ code: 0, stdout: 'ingest wire-fail: fetched, 1 new, 0 updated, 0 unchanged, 0 failed\n' });
    expect(await statusOf('wire-fail')).toMatchObject({ health: 'ok', consecutiveFailures: 0 });
    expect((await get('/feeds/partners/wire-fail.html').then((r) => r.text()))).not.toContain('class="banner"');
    expect(await allRss()).toContain('<title>Story after the repair</title>');
  });

  it('partners disable stops its polling, and enable polls it on the next tick', async () => {
    expect(await wirefeed(['disable', 'wire-a'])).toMatchObject({ code: 0, stdout: 'partner "wire-a" disabled\n' });
    // Reset makes it due at once: only being disabled keeps it from being polled.
    expect((await wirefeed(['reset', 'wire-a'])).code).toBe(0);
    const before = feeds.received.filter((r) => r.path === '/b.xml').length;
    await new Promise((done) => setTimeout(done, 3 * TICK_SECONDS * 1000));
    await stack.tick({ force: true });
    expect(feeds.received.filter((r) => r.path === '/b.xml').length).toBe(before);

    expect((await wirefeed(['enable', 'wire-a'])).code).toBe(0);
    await until('a poll of the enabled partner', async () => feeds.received.filter((r) => r.path === '/b.xml').length > before);
  });

  it('partners test of a header-auth partner sends the secret and stores nothing', async () => {
    const added = await wirefeed([
      'add', 'wire-key', '--name', 'Wire Key', '--feed-url', `${origin}/auth.xml`, '--private-network', 'true',
      '--auth', 'header:X-Api-Key:wirefeed/wire-key', '--enabled', 'false',
    ]);
    expect(added.code).toBe(0);
    // Added disabled, it is not polled: the line must not promise the next tick.
    expect(added.stdout).toMatch(/^added partner "wire-key" to the local stack .*: disabled, not polled until `wirefeed partners enable wire-key`\n$/);
    const tested = await wirefeed(['test', 'wire-key'], { WIREFEED_SECRET_WIREFEED_WIRE_KEY: 'open-sesame' });
    expect(tested.stderr).toBe('');
    expect(tested.code).toBe(0);
    expect(tested.stdout).toMatch(/^partner "wire-key": http:\/\/127\.0\.0\.1:\d+\/auth\.xml answered 200/);
    expect(tested.stdout).toContain('1 articles would be stored: 1 new, 0 updated, 0 unchanged; nothing was stored');
    expect(tested.stdout).toContain('Story behind the key');
    expect(feeds.received.filter((r) => r.path === '/auth.xml').map((r) => r.headers['x-api-key'])).toEqual(['open-sesame']);
    const articles = (await (await get('/articles?limit=50')).json()) as { articles: Array<{ partnerId: string }> };
    expect(articles.articles.filter((a) => a.partnerId === 'wire-key')).toEqual([]);
  });

  it('names the partner and the field of a mistake, in one line', async () => {
    const bad = await wirefeed(['update', 'wire-a', '--interval', '5']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^wirefeed partners update: partner "wire-a" field "pollIntervalSeconds": .+\n$/);
    const unknown = await wirefeed(['show', 'wire-b']);
    expect(unknown.stderr).toBe('wirefeed partners show: no partner "wire-b" (did you mean "wire-a"?)\n');
  });

  it('partners import --prune removes the partners the file does not list, after a dry run that removes nothing', async () => {
    const exported = await wirefeed(['export']);
    expect(exported.code).toBe(0);
    const all = (JSON.parse(exported.stdout) as { partners: Array<{ id: string }> }).partners;
    const kept = all.filter((p) => p.id === 'seed-wire' || p.id === 'wire-a');
    const gone = all.map((p) => p.id).filter((id) => id !== 'seed-wire' && id !== 'wire-a');
    expect(gone.length).toBeGreaterThan(0);
    const file = join(dataDir, 'pruned.json');
    await writeFile(file, JSON.stringify({ partners: kept }));

    const dry = await wirefeed(['import', file, '--prune', '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toMatch(new RegExp(`^dry run, nothing written: .*pruned\\.json → .*: 0 added, 0 changed, 2 unchanged \\(seed-wire, wire-a\\), ${gone.length} removed \\(${gone.join(', ')}\\)`));
    expect((JSON.parse((await wirefeed(['export'])).stdout) as { partners: unknown[] }).partners).toHaveLength(all.length);

    const pruned = await wirefeed(['import', file, '--prune']);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain(`${gone.length} removed (${gone.join(', ')})`);
    const left = (JSON.parse((await wirefeed(['export'])).stdout) as { partners: Array<{ id: string }> }).partners.map((p) => p.id);
    expect(left).toEqual(['seed-wire', 'wire-a']);
    // Without --prune an import leaves unlisted partners alone and reports no removals.
    expect((await wirefeed(['import', file])).stdout).not.toContain('removed');
  });
});
