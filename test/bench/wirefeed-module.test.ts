import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WIREFEED_MODULE_ENV, buildWirefeedModule, wirefeedModule } from '../../bench/wirefeed-module.js';
import { parseFeed } from '../../shared/index.js';

const dir = mkdtempSync(join(tmpdir(), 'wirefeed-bench-module-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bench runs wirefeed as shipped', () => {
  it('bundles the code once and loads the bundle, which reads a feed as the source does', async () => {
    const path = await buildWirefeedModule(dir);
    const bundled = readFileSync(path, 'utf8');
    // A shipped build does not name functions at creation, as tsx's transform does (esbuild keepNames).
    expect(bundled).not.toMatch(/__name\(/);
    const mod = await wirefeedModule({ [WIREFEED_MODULE_ENV]: path });
    const bytes = readFileSync(new URL('../fixtures/formats/rss2-kabar-nusantara.xml', import.meta.url));
    const options = { partnerId: 'bench', url: 'https://feeds.bench.example/feed.xml' };
    expect(mod.parseFeed).not.toBe(parseFeed);
    expect(mod.parseFeed(bytes, options)).toEqual(parseFeed(bytes, options));
  });

  it('falls back to the source when no bundle was built', async () => {
    const mod = await wirefeedModule({});
    expect(mod.parseFeed).toBe(parseFeed);
  });
});
