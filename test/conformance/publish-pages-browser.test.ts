import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPublishServer } from '../publish/conformance-server.js';
import { seedArticle } from '../publish/seed.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const WIDTHS = [390, 1280] as const;
// A stand-in for partner photos: tests reach only 127.0.0.1, so every other request is answered here.
const PHOTO =
  '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800" viewBox="0 0 1200 800"><rect width="1200" height="800" fill="#8a9bb0"/>' +
  '<text x="600" y="420" font-size="64" text-anchor="middle" fill="#fff" font-family="sans-serif">partner photo</text></svg>';

let server: Server;
let base: string;
let profile: string;
let browser: BrowserContext;
const seed = seedArticle();

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install the Debian package chromium (apt-get install -y chromium)`);
  ({ server, base } = await startPublishServer());
  profile = mkdtempSync(join(tmpdir(), 'wirefeed-chromium-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await browser.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) =>
      route.request().resourceType() === 'image'
        ? route.fulfill({ status: 200, contentType: 'image/svg+xml', body: PHOTO })
        : route.abort('blockedbyclient'),
  );
});
afterAll(async () => {
  await browser?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Opens a page at a width, collecting script errors and CSP refusals. */
async function open(path: string, width: number): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  const response = await page.goto(`${base}${path}`);
  expect(response?.status()).toBe(200);
  await page.waitForLoadState('load');
  return { page, problems };
}

/** Nothing wider than the viewport: no sideways scrolling on a phone. */
async function overflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

describe('publish conformance: pages for people in Chromium at 390 px and 1280 px', () => {
  describe.each(WIDTHS)('at %i px', (width) => {
    it('shows the seed article page with its dateline, credits, WIB time, photo credit and related links', async () => {
      const { page, problems } = await open(`/articles/${seed.id}.html`, width);
      const text = await page.locator('body').innerText();
      for (const fact of ['SEOUL', 'Reuters', 'Barratut Taqiyyah Rafie', 'KONTAN.CO.ID', '09:30 WIB', 'Photo: REUTERS/Sputnik']) expect(text).toContain(fact);
      const related = await page.locator('section.related a').evaluateAll((links) => links.map((l) => [l.textContent, l.getAttribute('href')]));
      expect(related).toEqual(seed.relatedLinks.map((l) => [l.title, l.url]));
      expect(await page.locator('html').getAttribute('lang')).toBe('id');
      expect(await page.locator('figure img').evaluate((img) => {
        const loaded = img as unknown as { complete: boolean; naturalWidth: number };
        return loaded.complete && loaded.naturalWidth > 0;
      })).toBe(true);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      const file = join(ARTIFACTS, `article-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect(statSync(file).size).toBeGreaterThan(10_000);
      expect(problems).toEqual([]);
      await page.close();
    });

    it('shows the index with language names, counts, last update and partner status', async () => {
      const { page, problems } = await open('/', width);
      const text = await page.locator('body').innerText();
      for (const fact of ['Bahasa Indonesia', 'English', 'Fetching normally', 'Failing', 'HTTP 503 from https://reuters.example.com/feed.xml']) {
        expect(text).toContain(fact);
      }
      expect(text).toMatch(/KONTAN\s+\d+ articles · updated .* WIB/);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(ARTIFACTS, `index-${width}.png`), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    });

    it('shows the KONTAN feed page with the seed item credited and its related links', async () => {
      const { page, problems } = await open('/feeds/partners/kontan.html?limit=100', width);
      const item = page.locator('li.item', { hasText: seed.title });
      const text = await item.innerText();
      for (const fact of ['SEOUL', 'Reuters', 'Barratut Taqiyyah Rafie', 'KONTAN.CO.ID', 'WIB', ...seed.relatedLinks.map((l) => l.title)]) expect(text).toContain(fact);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(ARTIFACTS, `feed-kontan-${width}.png`), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    });
  });
});
