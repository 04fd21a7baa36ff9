import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WirefeedError } from '../../shared/errors.js';
import { readFeed } from '../../shared/formats/index.js';

const dir = new URL('../fixtures/formats/', import.meta.url);
const fixtures = readdirSync(dir).sort();

/** Deterministic PRNG (mulberry32) so every run mangles the documents the same way. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readsOrRefuses(bytes: Uint8Array): void {
  try {
    const feed = readFeed(bytes, { url: 'https://fetch.example/feed' });
    expect(Array.isArray(feed.items)).toBe(true);
    for (const item of feed.items) {
      expect(Array.isArray(item.authors)).toBe(true);
      if (item.publishedAt) expect(item.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  } catch (error) {
    // Anything else (a TypeError, a RangeError) would be a crash, not a clear refusal.
    expect(error).toBeInstanceOf(WirefeedError);
  }
}

describe('robustness', () => {
  it.each(fixtures)('reads or clearly refuses every truncation of %s', (name) => {
    const bytes = readFileSync(new URL(name, dir));
    const rnd = random(name.length);
    for (let k = 0; k < 40; k++) readsOrRefuses(bytes.subarray(0, Math.floor(rnd() * bytes.length)));
  });

  it.each(fixtures)('reads or clearly refuses %s with random bytes overwritten', (name) => {
    const original = readFileSync(new URL(name, dir));
    const rnd = random(name.length * 7);
    for (let k = 0; k < 40; k++) {
      const bytes = Uint8Array.from(original);
      for (let j = 0; j < 8; j++) bytes[Math.floor(rnd() * bytes.length)] = '<>&;"\'/![]?x\u0000\u00e9'.charCodeAt(Math.floor(rnd() * 16)) & 0xff;
      readsOrRefuses(bytes);
    }
  });
});
