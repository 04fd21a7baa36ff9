import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../shared/model/article.js';
import { feedCases, requireTool, startPublishServer, withExtension } from '../publish/conformance-server.js';

// Debian's python3-feedparser (Universal Feed Parser 6.0) reads the feed over HTTP, as a reader would.
const READ_FEED = `
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
print(json.dumps({
  "status": d.get("status"),
  "bozo": bool(d.bozo),
  "bozo_exception": str(d.get("bozo_exception", "")),
  "version": d.version,
  "self": [l.get("href") for l in d.feed.get("links", []) if l.get("rel") == "self"],
  "next": [l.get("href") for l in d.feed.get("links", []) if l.get("rel") == "next"],
  "entries": [{
    "id": e.get("id"), "link": e.get("link"), "title": e.get("title"),
    "date": bool(e.get("published_parsed") or e.get("updated_parsed")),
    "authors": [a.get("name") for a in e.get("authors", [])],
    "content": (e.get("content") or [{}])[0].get("value", ""),
    "enclosures": [x.get("href") for x in e.get("enclosures", [])],
  } for e in d.entries],
}))
`;

interface Read {
  status: number;
  bozo: boolean;
  bozo_exception: string;
  version: string;
  self: string[];
  next: string[];
  entries: Array<{ id?: string; link?: string; title?: string; date: boolean; authors: string[]; content: string; enclosures: string[] }>;
}

const run = promisify(execFile);

/** Runs feedparser in a child process; asynchronously, since the server answering it lives in this process. */
async function feedparser(url: string): Promise<Read> {
  try {
    const { stdout } = await run('/usr/bin/python3', ['-c', READ_FEED, url], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout) as Read;
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? error).trim().split('\n').pop();
    throw new Error(`feedparser failed on ${url}: ${stderr}`);
  }
}

let server: Server;
let base: string;
let visible: Article[];

beforeAll(async () => {
  requireTool(['/usr/bin/python3', '-c', 'import feedparser'], 'python3-feedparser');
  ({ server, base, visible } = await startPublishServer());
});
afterAll(() => server?.close());

describe('publish conformance: python3-feedparser', () => {
  it.each(['rss', 'atom'])('reads every %s feed without bozo, each entry with id, link, title and a date', async (ext) => {
    for (const { path, expected } of feedCases(visible)) {
      const url = `${base}${withExtension(path, ext)}`;
      const read = await feedparser(url);
      expect(read.status, url).toBe(200);
      expect(read.bozo, `${url}: ${read.bozo_exception}`).toBe(false);
      expect(read.version).toBe(ext === 'rss' ? 'rss20' : 'atom10');
      expect(read.self, url).toEqual([url]);
      expect(read.entries.length, url).toBe(expected);
      for (const entry of read.entries) {
        expect(entry.id, url).toMatch(/^tag:wirefeed\.local,2024:article:/);
        expect(entry.link, url).toMatch(/^https?:\/\//);
        expect(entry.title, url).toBeTruthy();
        expect(entry.date, `${url} ${entry.id}`).toBe(true);
      }
      expect(new Set(read.entries.map((e) => e.id)).size, url).toBe(read.entries.length);
    }
  });

  it('finds the authors and a body without script in the hostile article', async () => {
    const read = await feedparser(`${base}/feeds/all.rss`);
    const hostile = read.entries.find((e) => e.id?.endsWith(':article:antara-00003'));
    expect(hostile?.authors).toEqual(['Dewi Anggraeni', 'Reuters Staff']);
    expect(hostile?.content).toContain('Body with');
    expect(hostile?.content.toLowerCase()).not.toMatch(/<script|javascript:|onclick/);
    expect(hostile?.enclosures).toEqual(['https://img.antaranews.com/cache/flood.jpg']);
  });

  it('follows rel="next" through every page of a feed', async () => {
    const ids = new Set<string>();
    let url: string | undefined = `${base}/feeds/all.atom?limit=40`;
    let pages = 0;
    while (url !== undefined && pages < 10) {
      const read = await feedparser(url);
      expect(read.bozo).toBe(false);
      for (const e of read.entries) ids.add(e.id!);
      url = read.next[0];
      pages++;
    }
    expect(pages).toBe(Math.ceil(visible.length / 40));
    expect(ids.size).toBe(visible.length);
  });
});

// feedparser keeps elements of unknown namespaces under prefix_name keys, and maps dc:publisher to "publisher".
const READ_SEED = `
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
e = [e for e in d.entries if e.get("wf_dateline") == "SEOUL"][0]
print(json.dumps({
  "bozo": bool(d.bozo),
  "dateline": e.get("wf_dateline"), "source": e.get("wf_source"), "editor": e.get("wf_editor"),
  "publisher": e.get("publisher"), "author": e.get("author"), "version": e.get("wf_version"),
  "credits": [c.get("content") for c in e.get("media_credit", [])],
  "related": [l.get("href") for l in e.get("links", []) if l.get("rel") == "related"],
}))
`;

describe('publish conformance: the seed article\'s wire metadata as feedparser reads it', () => {
  it.each(['rss', 'atom'])('finds dateline, source, editor, publisher, photo credit and both related links in %s', async (ext) => {
    const { stdout } = await run('/usr/bin/python3', ['-c', READ_SEED, `${base}/feeds/partners/kontan.${ext}?limit=100`], { timeout: 60_000 });
    const read = JSON.parse(stdout);
    const seed = visible.find((a) => a.dateline === 'SEOUL')!;
    expect(read).toEqual({
      bozo: false,
      dateline: 'SEOUL',
      source: 'Reuters',
      editor: 'Barratut Taqiyyah Rafie',
      publisher: 'KONTAN.CO.ID',
      author: 'Barratut Taqiyyah Rafie',
      version: '1',
      credits: ['REUTERS/Sputnik'],
      related: seed.relatedLinks.map((l) => l.url),
    });
  });
});

describe('publish conformance: JSON Feed 1.1 schema', () => {
  const schema = JSON.parse(readFileSync(new URL('../fixtures/schemas/jsonfeed-v1.1.schema.json', import.meta.url), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);

  it('serves every JSON feed valid against the schema with the expected item count', async () => {
    for (const { path, expected } of feedCases(visible)) {
      const res = await fetch(`${base}${withExtension(path, 'json')}`);
      expect(res.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
      const feed: any = await res.json();
      expect(validate(feed) ? [] : validate.errors, path).toEqual([]);
      expect(feed.items.length, path).toBe(expected);
      for (const item of feed.items) expect(item.date_published ?? item.date_modified, path).toBeTruthy();
    }
  });
});
