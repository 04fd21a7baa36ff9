import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFeed } from '../../shared/formats/index.js';
import { htmlToText } from '../../shared/model/plain-text.js';
import type { ParsedFeed } from '../../shared/model/wire-item.js';

/**
 * Second opinion: for every RSS/Atom/RDF fixture, wirefeed's titles, links, ids and dates agree with Universal
 * Feed Parser's (Debian python3-feedparser run by /usr/bin/python3). Missing feedparser is a failure, never a skip.
 */
const PYTHON = '/usr/bin/python3';
const root = fileURLToPath(new URL('../..', import.meta.url));
const script = fileURLToPath(new URL('./feedparser/dump.py', import.meta.url));
const fixturesDir = join(root, 'test/fixtures');
const FETCH_URL = 'https://partner.example/feeds/latest.xml';

interface FpEntry {
  title: string | null;
  link: string | null;
  id: string | null;
  published: string | null;
  updated: string | null;
}
interface FpFeed {
  version: string;
  bozo: boolean;
  title: string | null;
  link: string | null;
  entries: FpEntry[];
}

function candidates(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...candidates(p));
    else if (/\.(?:xml|rss|atom|rdf)$/i.test(name)) out.push(p);
  }
  return out.sort();
}

const files = candidates(fixturesDir);
let fp: Record<string, FpFeed> = {};
let fpError: string | undefined;

beforeAll(() => {
  if (!existsSync(PYTHON)) {
    fpError = `${PYTHON} not found: install python3-feedparser (apt-get install -y python3-feedparser)`;
    return;
  }
  try {
    fp = JSON.parse(execFileSync(PYTHON, [script, FETCH_URL, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    fpError = `Universal Feed Parser could not be run (${stderr || (error as Error).message}); install python3-feedparser (apt-get install -y python3-feedparser)`;
  }
});

function opinion(file: string): FpFeed {
  if (fpError) throw new Error(fpError);
  const f = fp[file];
  if (!f) throw new Error(`feedparser gave no result for ${file}`);
  return f;
}

/** Both sides as comparable text: feedparser keeps HTML in html titles, wirefeed gives plain text. */
const text = (s: string | null | undefined) => (s ? htmlToText(s) : undefined);
const url = (s: string | null | undefined) => {
  if (!s) return undefined;
  try {
    return new URL(s, FETCH_URL).href;
  } catch {
    return s;
  }
};
const second = (iso: string | undefined) => iso?.replace(/\.\d{3}Z$/, 'Z');

describe('conformance with Universal Feed Parser', () => {
  it('finds RSS/Atom/RDF fixtures to compare', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('has Universal Feed Parser available through /usr/bin/python3', () => {
    opinion(files[0]);
  });

  for (const file of files) {
    const name = relative(fixturesDir, file);
    describe(name, () => {
      let ours: ParsedFeed | undefined;
      let oursError: unknown;
      beforeAll(() => {
        try {
          ours = readFeed(readFileSync(file), { url: FETCH_URL });
        } catch (error) {
          oursError = error;
        }
      });

      it('is read by wirefeed whenever feedparser reads it as a feed', () => {
        const theirs = opinion(file);
        if (theirs.version && /^(?:rss|atom)/.test(theirs.version)) expect(oursError, `${name}: ${String(oursError)}`).toBeUndefined();
      });

      it('agrees on titles, links, ids and dates of every entry', () => {
        const theirs = opinion(file);
        if (!ours || !['rss', 'atom', 'rdf'].includes(ours.format)) return; // NewsML-G2/NITF: feedparser does not read them
        expect(ours.items.length, 'entry count').toBe(theirs.entries.length);
        expect(text(ours.title), 'feed title').toBe(text(theirs.title));
        expect(url(ours.link), 'feed link').toBe(url(theirs.link));
        theirs.entries.forEach((e, i) => {
          const item = ours!.items[i];
          const where = `${name} entry ${i + 1}`;
          expect(text(item.title), `${where} title`).toBe(text(e.title));
          expect(url(item.url), `${where} link`).toBe(url(e.link));
          expect(item.guid, `${where} id`).toBe(e.id ?? undefined);
          // Where feedparser reads a date, wirefeed reads the same instant (it also reads forms feedparser cannot).
          const theirPublished = e.published ?? e.updated;
          if (theirPublished) expect(second(item.publishedAt), `${where} published`).toBe(theirPublished);
          if (e.updated) expect(second(item.updatedAt ?? item.publishedAt), `${where} updated`).toBe(e.updated);
        });
      });
    });
  }
});
