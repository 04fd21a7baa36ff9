import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { canonicalProtocol, detached, isCanonicalHttpUrl } from '../../shared/model/canonical-url.js';
import { createRandom } from '../../bench/generate.js';

const PIECES = [
  'http://', 'https://', 'HTTP://', 'ftp://', 'a', 'z', 'Q', '0', '9', '-', '.', '/', '?', '#', '%', '%2e', '%2E', '%41', ':', '@',
  '80', '443', '1', '127.0.0.1', '0x7f', 'xn--', 'xn--bcher-kva', 'www.', 'example', '.com', '..', './', '../', '~', '_', '!', '$',
  '&', "'", '(', ')', '*', '+', ',', ';', '=', ' ', '\t', '\n', '\\', '"', '<', '>', '`', '{', '}', '|', '^', '[', ']', 'é', '\u00a0',
];

const SAFE = ['news', '2024', '-', '_', '.html', '/', '?a=1', '&b=2', '#top', '~x', '%41'];

function randomUrl(next: () => number): string {
  const host = ['example.com', 'a-b.example', 'localhost', '1.2.3.4', 'x.0x10', 'EXAMPLE.com', 'xn--bcher-kva.example', 'a..b', 'a.b.'][Math.floor(next() * 9)];
  let s = `${next() < 0.5 ? 'https' : 'http'}://${next() < 0.1 ? '' : host}${next() < 0.9 ? '/' : ''}`;
  const n = Math.floor(next() * 8);
  // Mostly the characters of ordinary links, so that both sides of the check are reached often.
  for (let i = 0; i < n; i++) s += next() < 0.7 ? SAFE[Math.floor(next() * SAFE.length)] : PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

/** What the check promises: the parser would give back the string itself, with the scheme it starts with. */
function parsesToItself(s: string): boolean {
  try {
    const url = new URL(s);
    return url.href === s && url.protocol === canonicalProtocol(s);
  } catch {
    return false;
  }
}

describe('isCanonicalHttpUrl', () => {
  it('accepts the ordinary links of a body, and the parser agrees they are written as it would write them', () => {
    for (const url of [
      'https://www.example.com/',
      'http://example.com/news/2024/07/31/story-name.html',
      'https://cdn.example.co.id/images/photo_1.jpg?w=640&h=480',
      'https://example.com/a/b;c=d,e/@f:g?q=1&r=x/y?#frag',
      "https://example.com/it's/(here)*+!~$",
      'https://a-b.example/%E2%80%99',
    ]) {
      expect(isCanonicalHttpUrl(url), url).toBe(true);
      expect(parsesToItself(url), url).toBe(true);
    }
  });

  it('leaves to the parser every URL the parser would rewrite or refuse', () => {
    for (const url of [
      'https://example.com', // the parser adds the path
      'HTTPS://example.com/', // lowercases the scheme
      'https://Example.com/', // and the host
      'https://example.com:443/', // drops the default port
      'https://user@example.com/',
      'https://1.2.3.4/',
      'https://example.0x10/', // the last label reads as a number: an IPv4 address
      'https://example.com/a/../b',
      'https://example.com/a/./b',
      'https://example.com/a/%2e%2e/b',
      'https://xn--zz.example/', // punycode the parser validates
      "https://example.com/?q='x'", // a quote is percent-encoded in a special URL's query
      'https://example.com/a b',
      'https://example.com/a\\b',
      'https://example.com/é',
      'ftp://example.com/',
      'javascript://example.com/%0aalert(1)',
    ]) {
      expect(isCanonicalHttpUrl(url), url).toBe(false);
    }
  });

  it('never accepts a string the URL parser would not give back as it is (20,000 random URLs)', () => {
    const next = createRandom(16);
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const url = randomUrl(next);
      if (!isCanonicalHttpUrl(url)) continue;
      accepted++;
      expect(parsesToItself(url), JSON.stringify(url)).toBe(true);
    }
    // The random set reaches both sides of the check.
    expect(accepted).toBeGreaterThan(1_000);
    expect(accepted).toBeLessThan(19_000);
  });
});

describe('detached', () => {
  /** Heap kept by 1,000 links taken out of 20 large texts that are then let go, each link through `copy`. */
  function retainedBy(copy: (s: string) => string): number {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const links: string[] = [];
    for (let k = 0; k < 20; k++) {
      // Two-byte text (the ’), as a decoded feed with one curly quote is: 2 MB a text.
      let text: string | undefined = `${`${'x'.repeat(1000)} https://www.example.com/news/story-${k}.html `.repeat(1000)}\u2019`;
      for (let i = 0; i < 50; i++) {
        const at = text.indexOf('https://', i * 1000);
        links.push(copy(text.slice(at, text.indexOf(' ', at))));
      }
      text = undefined;
    }
    gc();
    gc();
    expect(links[51]).toBe('https://www.example.com/news/story-1.html');
    return process.memoryUsage().heapUsed - before;
  }

  it('gives a link that no longer keeps the large text it was sliced from', () => {
    const sliced = retainedBy((s) => s);
    const copied = retainedBy(detached);
    // A slice keeps its whole 2 MB parent: 20 of them stay; copies keep ~60 bytes a link.
    expect(sliced).toBeGreaterThan(20_000_000);
    expect(copied).toBeLessThan(sliced / 4);
  });
});
