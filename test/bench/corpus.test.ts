import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFeeds, looksLikeFeed } from '../../bench/corpus.js';

describe('looksLikeFeed', () => {
  it.each([
    ['RSS', '<?xml version="1.0"?>\n<rss version="2.0"><channel>', true],
    ['Atom', '<feed xmlns="http://www.w3.org/2005/Atom">', true],
    ['RDF', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', true],
    ['NewsML-G2', '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">', true],
    ['NITF', '<nitf version="-//IPTC//DTD NITF 3.6//EN">', true],
    ['JSON Feed', '{"version": "https://jsonfeed.org/version/1.1", "items": []}', true],
    ['other JSON (an expected-output file)', '{"articles": []}', false],
    ['a JSON Feed schema that mentions the version URL', '{"$schema": "x", "properties": {"version": {"const": "https://jsonfeed.org/version/1.1"}}}', false],
    ['HTML', '<!doctype html><html><body>', false],
    ['a TSV list', 'file\tsource\n', false],
  ])('%s → %s', (_name, head, expected) => {
    expect(looksLikeFeed(head)).toBe(expected);
  });
});

describe('findFeeds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wirefeed-corpus-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds feeds in nested folders in sorted order and skips everything else', () => {
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b', 'z.xml'), '<rss version="2.0"></rss>');
    writeFileSync(join(dir, 'a.atom'), '<feed xmlns="http://www.w3.org/2005/Atom"></feed>');
    writeFileSync(join(dir, 'SOURCES.tsv'), 'name\turl\n');
    writeFileSync(join(dir, 'expected.json'), '{"items": []}');
    writeFileSync(join(dir, 'empty.xml'), '');
    expect(findFeeds(dir)).toEqual([join(dir, 'a.atom'), join(dir, 'b', 'z.xml')]);
  });
});
