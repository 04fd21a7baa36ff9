import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireItem } from '../../shared/model/wire-item.js';
import { normalizeFeed } from '../../shared/normalize/index.js';
import { safeBodyHtml } from '../../shared/render/html.js';
import { XSS_VECTORS } from '../support/xss-vectors.js';

const CHROMIUM = '/usr/bin/chromium';
// Relative URLs resolve to loopback, and every request is aborted anyway: the page reaches no network.
const BASE = 'http://127.0.0.1:9/news/story.html';

let profile: string;
let browser: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install the Debian package chromium (apt-get install -y chromium)`);
  profile = mkdtempSync(join(tmpdir(), 'wirefeed-chromium-xss-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

interface Outcome {
  calls: string[];
  handlers: string[];
  elements: string[];
  urls: string[];
}

/**
 * Loads the bodies as one page with every dialog and a global flag hooked, fires the events the vectors wait
 * for (mouseover, focus, toggle), and reports what ran and what the browser's own parse holds.
 */
async function load(page: Page, bodies: string[]): Promise<Outcome> {
  await page.route('**/*', (route) => (route.request().url().startsWith('http://wirefeed.test/') ? route.fulfill({ body: html(bodies), contentType: 'text/html' }) : route.abort()));
  await page.addInitScript({ content: HOOKS });
  await page.goto('http://wirefeed.test/page.html', { waitUntil: 'load' });
  return (await page.evaluate(PROBE)) as Outcome;
}

// Browser-side code as source text: the project compiles without the DOM library.
const HOOKS = `
  const calls = [];
  window.__calls = calls;
  for (const name of ['alert', 'confirm', 'prompt', 'print']) window[name] = (...args) => calls.push(name + '(' + args.join(',') + ')');
  Object.defineProperty(window, '__xss', { set: (value) => calls.push('__xss=' + value), get: () => undefined });
`;
const PROBE = `(async () => {
  for (const el of document.querySelectorAll('body *')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'toggle', 'animationstart']) el.dispatchEvent(new Event(type));
    if (typeof el.focus === 'function') el.focus();
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  const all = Array.from(document.querySelectorAll('*'));
  return {
    calls: window.__calls,
    handlers: all.flatMap((el) => Array.from(el.attributes).filter((a) => /^on/i.test(a.name)).map((a) => el.localName + ' ' + a.name)),
    elements: all.filter((el) => /^(script|style|iframe|object|embed|base|meta|form|svg|math|frame|frameset|link|template)$/.test(el.localName) && el.closest('head') === null).map((el) => el.localName),
    urls: all.flatMap((el) => ['href', 'src', 'cite', 'action', 'formaction', 'data', 'xlink:href'].map((n) => el.getAttribute(n)).filter((v) => v !== null && !/^(https?:|mailto:)/.test(v))),
  };
})()`;

function html(bodies: string[]): string {
  return `<!doctype html><html><head><title>vectors</title></head><body>${bodies.map((b, i) => `<section id="v${i}">${b}</section>`).join('')}</body></html>`;
}

function ingested(vectorHtml: string): string {
  const item: WireItem = { guid: 'x', url: BASE, title: 'Vector', contentHtml: `<p>Lead paragraph.</p>${vectorHtml}`, authors: [], categories: [], media: [], relatedLinks: [] };
  return normalizeFeed({ format: 'rss', warnings: [], items: [item] }, { partnerId: 'p' })[0]!.bodyHtml;
}

describe('XSS conformance: sanitized bodies in headless Chromium', () => {
  it('runs the raw vectors as a control: the hooks see script run and handlers stand', async () => {
    const page = await browser.newPage();
    const outcome = await load(page, XSS_VECTORS.map((v) => v.html));
    await page.close();
    expect(outcome.calls.length).toBeGreaterThan(0);
    expect(outcome.handlers.length).toBeGreaterThan(0);
  });

  it('runs no script from any vector after ingestion (normalizeFeed), and the browser finds no handler, dangerous element or URL', async () => {
    const page = await browser.newPage();
    const outcome = await load(page, XSS_VECTORS.map((v) => ingested(v.html)));
    await page.close();
    expect(outcome).toEqual({ calls: [], handlers: [], elements: [], urls: [] });
  });

  it('runs no script from any vector after the publishing check of a stored body', async () => {
    const page = await browser.newPage();
    const outcome = await load(page, XSS_VECTORS.map((v) => safeBodyHtml(v.html, undefined)));
    await page.close();
    expect(outcome).toEqual({ calls: [], handlers: [], elements: [], urls: [] });
  });
});
