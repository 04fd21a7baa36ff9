import { createHash } from 'node:crypto';
import { esc } from '../render/xml.js';

/**
 * The frame every HTML page shares: one stylesheet, inline (one request per page) and allowed by its hash, so the
 * Content-Security-Policy can refuse every other style and every script. Mobile first: one column at 390 px, a
 * side column and a grid of feeds from 60rem.
 */
export const PAGE_STYLE = [
  ':root{--ink:#1f2328;--muted:#57606a;--rule:#d0d7de;--panel:#f6f8fa;--accent:#0a58ca;--bad:#b42318;--ok:#1a7f37}',
  '*{box-sizing:border-box}',
  'body{margin:0;font:17px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:#fff}',
  'a{color:var(--accent)}',
  'header.site{background:var(--panel);border-bottom:1px solid var(--rule)}',
  'header.site .bar,main{max-width:72rem;margin:0 auto;padding:.6rem 1rem}',
  'header.site a{display:inline-flex;gap:.5rem;align-items:center;color:var(--ink);font-weight:700;text-decoration:none}',
  'header.site img{width:24px;height:24px}',
  'h1{font-size:clamp(1.45rem,5vw,2.2rem);line-height:1.2;margin:.6rem 0 .8rem}',
  'h2{font-size:1.1rem;margin:1.6rem 0 .6rem}',
  '.meta,.note{color:var(--muted);font-size:.9rem}',
  '.dateline{font-weight:700;letter-spacing:.04em;text-transform:uppercase}',
  'time .utc{display:block;color:var(--muted);font-size:.8rem}',
  'dl.credits{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .9rem;margin:.6rem 0 1rem}',
  'dl.credits dt{color:var(--muted)}dl.credits dd{margin:0}',
  'figure{margin:0 0 1.2rem}figure img,.body img{max-width:100%;height:auto;display:block}',
  'figcaption{font-size:.85rem;color:var(--muted);margin-top:.3rem}figcaption .credit{font-style:italic}',
  '.layout{display:grid;gap:1.5rem}',
  '@media (min-width:60rem){.layout{grid-template-columns:minmax(0,1fr) 19rem}.layout aside{border-left:1px solid var(--rule);padding-left:1.5rem}}',
  'aside section{margin-bottom:1.4rem}',
  'aside h2,.label{font-size:.78rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 .4rem}',
  'ul.plain{list-style:none;padding:0;margin:0}ul.plain li{margin:.35rem 0}',
  '.tags a{display:inline-block;padding:.05rem .6rem;border:1px solid var(--rule);border-radius:1rem;margin:0 .3rem .3rem 0;font-size:.85rem;text-decoration:none}',
  '.feeds{display:grid;gap:.8rem;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));list-style:none;padding:0}',
  '.feed{border:1px solid var(--rule);border-radius:6px;padding:.7rem .9rem}',
  '.feed a.view{font-weight:600}.formats a{font-size:.85rem;margin-right:.6rem}',
  '.status-ok{color:var(--ok)}.status-failing{color:var(--bad)}',
  '.banner{border:1px solid var(--bad);background:#fef3f2;padding:.6rem .9rem;border-radius:6px}',
  'ol.items{list-style:none;padding:0}.item{padding:.8rem 0;border-bottom:1px solid var(--rule)}',
  '.item a.title{font-weight:600;font-size:1.05rem}.item p{margin:.3rem 0}',
].join('');

const STYLE_HASH = createHash('sha256').update(PAGE_STYLE).digest('base64');

/**
 * The policy on every HTML page. No script source at all; styles only the hashed sheet above; images from this
 * site (the favicon) and any https: host, because partners serve photos from CDNs that are not their feed hosts
 * (KONTAN's feed is rss.kontan.co.id, its photos foto.kontan.co.id), and an image cannot run code; http: images
 * are refused, since they would be mixed content on the https API anyway.
 */
export const HTML_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "img-src 'self' https:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every HTML response (with the nosniff every response gets). */
export const HTML_HEADERS: Record<string, string> = {
  'content-security-policy': HTML_POLICY,
  // Partners see that a reader came from wirefeed, never which page (article ids stay private to the path).
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/** The favicon: a small wire-signal mark, served as /favicon.svg. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0a58ca"/>' +
  '<path d="M6 22a10 10 0 0 1 20 0M10.5 22a5.5 5.5 0 0 1 11 0" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round"/>' +
  '<circle cx="16" cy="22" r="2.2" fill="#fff"/></svg>\n';

/** The opening of a page up to and including <main>: head, favicon, stylesheet, site header. */
export function pageStart(page: { lang: string; title: string; homeUrl: string; head?: string[] }): string {
  const icon = `${page.homeUrl}favicon.svg`;
  return [
    `<!DOCTYPE html>\n<html lang="${esc(page.lang)}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(page.title)}</title>`,
    `<link rel="icon" type="image/svg+xml" href="${esc(icon)}">`,
    ...(page.head ?? []),
    `<style>${PAGE_STYLE}</style></head><body>`,
    `<header class="site" lang="en"><div class="bar"><a href="${esc(page.homeUrl)}"><img src="${esc(icon)}" alt="">wirefeed</a></div></header><main>`,
  ].join('');
}

/** Closes what pageStart opened. */
export const PAGE_END = '</main></body></html>\n';
