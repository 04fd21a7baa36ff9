import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { requireTool } from '../publish/conformance-server.js';

const run = promisify(execFile);

// The whole pipeline's output, as `npm start` serves it: sample partner feeds ingested by the real handlers into
// DynamoDB Local and s3rver, published by the real publish handler, read over HTTP by Universal Feed Parser.
const READ_FEED = `
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
print(json.dumps({"bozo": bool(d.bozo), "error": str(d.get("bozo_exception", "")), "version": d.version,
  "entries": [{"id": e.get("id"), "link": e.get("link"), "title": e.get("title"),
               "date": bool(e.get("published_parsed") or e.get("updated_parsed"))} for e in d.entries]}))
`;

describe('the local stack read by real feed readers', () => {
  let stack: LocalStack;
  let dataDir: string;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    requireTool(['/usr/bin/python3', '-c', 'import feedparser'], 'python3-feedparser');
    requireTool(['xmllint', '--version'], 'libxml2-utils');
    dataDir = await mkdtemp(join(tmpdir(), 'wirefeed-readers-'));
    stack = await startLocalStack({ port: 0, samplesPort: 0, intervalSeconds: 3600, dataDir, log: () => {}, schedule: false });
    await stack.tick();
  });

  afterAll(async () => {
    await stack?.stop();
    process.env = savedEnv;
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['/feeds/all.rss', 'rss20', 6],
    ['/feeds/all.atom', 'atom10', 6],
    ['/feeds/partners/kontan.rss', 'rss20', 3],
    ['/feeds/languages/en.atom', 'atom10', 3],
  ])('feedparser reads %s without errors, every entry with id, link, title and date', async (path, version, count) => {
    const { stdout } = await run('/usr/bin/python3', ['-c', READ_FEED, `${stack.apiUrl}${path}`], { timeout: 60_000 });
    const feed = JSON.parse(stdout) as { bozo: boolean; error: string; version: string; entries: Array<Record<string, unknown>> };
    expect(feed.error).toBe('');
    expect(feed.bozo).toBe(false);
    expect(feed.version).toBe(version);
    expect(feed.entries).toHaveLength(count);
    for (const entry of feed.entries) {
      expect(entry.id).toBeTruthy();
      expect(String(entry.link)).toMatch(/^https:\/\//);
      expect(entry.title).toBeTruthy();
      expect(entry.date).toBe(true);
    }
    if (path.includes('kontan')) {
      expect(feed.entries.map((e) => e.title)).toContain('Kim Jong Un: Korea Utara dan Rusia Rekan Seperjuangan yang Tak Terkalahkan');
    }
  });

  it('serves Atom that validates against the RFC 4287 RELAX NG schema', async () => {
    const file = join(dataDir, 'all.atom');
    await writeFile(file, await (await fetch(`${stack.apiUrl}/feeds/all.atom`)).text());
    const result = await run('xmllint', ['--noout', '--relaxng', 'test/fixtures/schemas/atom.rng', file]).then(
      (r) => ({ ok: true, output: r.stderr }),
      (e: { stderr: string }) => ({ ok: false, output: e.stderr }),
    );
    expect(result.output).toContain('validates');
    expect(result.ok).toBe(true);
  });
});
