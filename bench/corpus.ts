import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { generateAtom, generateLargeRss, generateRss } from './generate.js';
import type { ManifestEntry } from './parse-worker.js';

/** The synthetic inputs: names and seeds are fixed so that every run measures the same bytes. */
export const SYNTHETIC = [
  { name: 'synthetic/rss-1000-items.xml', make: () => generateRss({ seed: 1, items: 1000 }) },
  { name: 'synthetic/atom-1000-entries.xml', make: () => generateAtom({ seed: 2, items: 1000 }) },
  { name: 'synthetic/rss-10mb.xml', make: () => generateLargeRss(3, 10 * 1024 * 1024) },
  // Many small items: the per-item cost (test/formats/tolerance.test.ts checks that all 20,000 are read).
  { name: 'synthetic/rss-20000-small-items.xml', make: () => smallItemsRss(20_000) },
  // 30,000 open <p> then 30,000 stray end tags: stays linear (test/formats/tolerance.test.ts checks the reading).
  { name: 'synthetic/rss-stray-end-tags.xml', make: () => strayEndTagsRss(30_000) },
] as const;

function smallItemsRss(count: number): string {
  const items: string[] = [];
  for (let i = 0; i < count; i++) {
    items.push(`<item><title>Item ${i} &amp; more</title><link>https://example.com/${i}</link><guid>g${i}</guid><pubDate>Wed, 31 Jul 2024 18:00:00 +0700</pubDate><description><![CDATA[<p>Body ${i} &eacute;</p>]]></description></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>${items.join('')}</channel></rss>`;
}

function strayEndTagsRss(depth: number): string {
  const description = `${'<p>'.repeat(depth)}${'</x>'.repeat(depth)}`;
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><item><title>A</title><description>${description}</description></item></channel></rss>`;
}

export const LARGE_INPUT = 'synthetic/rss-10mb.xml';

/**
 * Whether a file's beginning looks like a feed document (RSS, Atom, RDF, JSON Feed, NewsML-G2, NITF), so that
 * expected-output files and notes sitting next to fixtures are not timed as feeds.
 */
export function looksLikeFeed(head: string): boolean {
  const start = head.slice(0, 4096);
  // A JSON Feed says so in its "version" member; a schema or an expected-output file merely mentions it.
  if (/^\s*[{[]/.test(start)) return /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//.test(start);
  return /<(rss|feed|rdf:RDF|RDF|newsMessage|newsItem|nitf)[\s>]/.test(start);
}

/** Every feed-looking file under `dir`, recursively, in a stable (sorted) order. */
export function findFeeds(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile() && stat.size > 0 && looksLikeFeed(readFileSync(path).subarray(0, 4096).toString('latin1'))) out.push(path);
    }
  };
  walk(dir);
  return out;
}

/** Writes the synthetic feeds into `workDir` and lists them with the fixtures and any extra corpus folders. */
export function buildManifest(opts: { workDir: string; fixturesDir?: string; corpusDirs: string[] }): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  for (const s of SYNTHETIC) {
    const path = join(opts.workDir, s.name);
    mkdirSync(join(path, '..'), { recursive: true });
    const text = s.make();
    writeFileSync(path, text);
    entries.push({ name: s.name, path, group: 'synthetic', bytes: Buffer.byteLength(text) });
  }
  if (opts.fixturesDir) {
    for (const path of safeFind(opts.fixturesDir)) {
      entries.push({ name: `fixtures/${relative(opts.fixturesDir, path)}`, path, group: 'fixtures', bytes: statSync(path).size });
    }
  }
  for (const dir of opts.corpusDirs) {
    const group = `corpus:${basename(dir)}`;
    for (const path of findFeeds(dir)) {
      entries.push({ name: `${group}/${relative(dir, path)}`, path, group, bytes: statSync(path).size });
    }
  }
  return entries;
}

function safeFind(dir: string): string[] {
  try {
    return findFeeds(dir);
  } catch {
    return [];
  }
}
