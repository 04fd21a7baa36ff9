import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../shared/model/article.js';
import { feedCases, requireTool, startPublishServer, withExtension } from '../publish/conformance-server.js';

const run = promisify(execFile);

// newsboat's cache is SQLite; python3's standard sqlite3 module reads it (no extra package).
const READ_CACHE = `
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("select feedurl, guid, title, url, pubDate from rss_item order by pubDate desc").fetchall()
print(json.dumps([{"feed": r[0], "guid": r[1], "title": r[2], "url": r[3], "pubDate": r[4]} for r in rows]))
`;

let server: Server;
let base: string;
let visible: Article[];
let dir: string;

beforeAll(async () => {
  requireTool(['newsboat', '--version'], 'newsboat');
  requireTool(['/usr/bin/python3', '-c', 'import sqlite3'], 'python3');
  dir = mkdtempSync(join(tmpdir(), 'wirefeed-newsboat-'));
  ({ server, base, visible } = await startPublishServer());
});
afterAll(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Reloads one feed headless in newsboat with its own cache (newsboat keys items by guid across feeds). */
async function newsboatRead(url: string, name: string): Promise<{ items: Array<{ guid: string; title: string; url: string; pubDate: number }>; unread: string }> {
  const home = join(dir, name);
  const urls = join(dir, `${name}.urls`);
  const config = join(dir, `${name}.config`);
  const cache = join(dir, `${name}.db`);
  writeFileSync(urls, `${url}\n`);
  writeFileSync(config, 'download-retries 1\ndownload-timeout 30\nreload-threads 1\n');
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local/share') };
  const args = ['-u', urls, '-c', cache, '-C', config];
  await run('newsboat', [...args, '-x', 'reload'], { env, timeout: 60_000 });
  const { stdout: unread } = await run('newsboat', [...args, '-x', 'print-unread'], { env, timeout: 60_000 });
  const { stdout } = await run('/usr/bin/python3', ['-c', READ_CACHE, cache], { timeout: 30_000, maxBuffer: 32 * 1024 * 1024 });
  return { items: JSON.parse(stdout), unread: unread.trim() };
}

describe('publish conformance: newsboat', () => {
  it.each(['rss', 'atom'])('reads every item of every %s feed', async (ext) => {
    let n = 0;
    for (const { path, expected } of feedCases(visible)) {
      const url = `${base}${withExtension(path, ext)}`;
      const { items, unread } = await newsboatRead(url, `${ext}-${n++}`);
      expect(items.length, url).toBe(expected);
      expect(unread, url).toBe(`${expected} unread articles`);
      for (const item of items) {
        expect(item.guid, url).toMatch(/^tag:wirefeed\.local,2024:article:/);
        expect(item.title.length, url).toBeGreaterThan(0);
        expect(item.url, url).toMatch(/^https?:\/\//);
        expect(item.pubDate, `${url} ${item.guid}`).toBeGreaterThan(Date.parse('2024-01-01') / 1000);
      }
    }
  });

  it('reads the hostile headline as text, without markup or control characters', async () => {
    const { items } = await newsboatRead(`${base}/feeds/all.atom?limit=10`, 'hostile');
    const item = items.find((i) => i.guid.endsWith(':article:antara-00003'));
    expect(item?.title).toBe('Rupiah weakens ]]> as "investors" & traders wait for BI — 1.2% drop');
  });
});
