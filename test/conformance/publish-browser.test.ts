import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../shared/model/article.js';
import { startPublishServer } from '../publish/conformance-server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));

let server: Server;
let base: string;
let visible: Article[];
let profile: string;
let browser: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install the Debian package chromium (apt-get install -y chromium)`);
  ({ server, base, visible } = await startPublishServer());
  profile = mkdtempSync(join(tmpdir(), 'wirefeed-chromium-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('publish conformance: the index page in Chromium', () => {
  it('loads, lists the feeds with autodiscovery links, and a click opens a feed view', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const response = await page.goto(`${base}/`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('wirefeed feeds');
    const feeds = await page.locator('li.feed a.view').allTextContents();
    expect(feeds).toEqual(expect.arrayContaining(['All articles', 'ANTARA News', 'KONTAN', 'Reuters', 'Bahasa Indonesia', 'English', 'Sports']));
    const alternates = await page.locator('link[rel="alternate"]').evaluateAll((links) =>
      links.map((l) => `${l.getAttribute('type')} ${l.getAttribute('href')}`),
    );
    expect(alternates).toContain(`application/rss+xml ${base}/feeds/all.rss`);
    expect(alternates).toContain(`application/feed+json ${base}/feeds/partners/reuters.json`);
    await page.screenshot({ path: join(ARTIFACTS, 'publish-index.png'), fullPage: true });

    await page.getByRole('link', { name: 'Reuters', exact: true }).click();
    await page.waitForURL(`${base}/feeds/partners/reuters.html`);
    expect(await page.locator('h1').textContent()).toBe('wirefeed: Reuters');
    const items = page.locator('ol.items li.item');
    expect(await items.count()).toBe(visible.filter((a) => a.partnerId === 'reuters').length);
    expect(await items.first().locator('a.title').getAttribute('href')).toMatch(new RegExp(`^${base}/articles/reuters-\\d+\\.html$`));
    expect(await items.first().locator('a.original').getAttribute('href')).toMatch(/^https:\/\/reuters\.example\.com\/news\/\d+$/);
    await page.screenshot({ path: join(ARTIFACTS, 'publish-feed-view.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(statSync(join(ARTIFACTS, 'publish-index.png')).size).toBeGreaterThan(1000);
    await page.close();
  });

  it('shows an RSS feed opened in Chromium as the feed page (a navigation, Sec-Fetch-Dest: document), not as XML', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${base}/feeds/all.rss?limit=5`);
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(await page.locator('h1').textContent()).toBe('wirefeed: all articles');
    expect(await page.locator('ol.items li.item').count()).toBe(5);
    await page.screenshot({ path: join(ARTIFACTS, 'publish-rss-styled.png'), fullPage: true });
    await page.close();
  });

  it('runs no script from hostile article content in the feed view', async () => {
    const page = await browser.newPage();
    let dialogs = 0;
    page.on('dialog', async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await page.goto(`${base}/feeds/all.html?limit=10`);
    expect(await page.locator('ol.items li.item').count()).toBe(10);
    expect(await page.locator('script').count()).toBe(0);
    expect(dialogs).toBe(0);
    await page.close();
  });
});
