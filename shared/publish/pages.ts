import { feedItems, type FeedDocument } from '../render/feed-document.js';
import { rfc3339 } from '../render/text.js';
import { esc } from '../render/xml.js';

/** One feed as the index page lists it: a title and one subscribe link per format. */
export interface FeedLink {
  group: string;
  title: string;
  formats: Array<{ name: string; type: string; url: string }>;
  /** The feed as an HTML page. */
  pageUrl: string;
}

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}' +
  'h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}' +
  'ul{list-style:none;padding:0}li{margin:.4rem 0}.formats a{font-size:.85rem;margin-left:.5rem;color:#555}' +
  '.item{margin:1.2rem 0}.meta{color:#666;font-size:.85rem}a{color:#0645ad}' +
  '.banner{border:2px solid #a00;background:#fff4f4;padding:.6rem 1rem;margin:1rem 0}';

/** The index page: every feed with subscribe links, and <link rel="alternate"> so browsers and readers discover them. */
export function renderIndexPage(page: { title: string; homeUrl: string; feeds: FeedLink[] }): string {
  const out: string[] = [
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(page.title)} feeds</title>`,
  ];
  for (const feed of page.feeds) {
    // Autodiscovery lists the main feeds only: readers offer every alternate, and hundreds of categories drown them.
    if (feed.group !== 'Everything' && feed.group !== 'Partners') continue;
    for (const f of feed.formats) {
      out.push(`<link rel="alternate" type="${esc(f.type)}" title="${esc(`${feed.title} (${f.name})`)}" href="${esc(f.url)}">`);
    }
  }
  out.push(`<style>${STYLE}</style></head><body><h1>${esc(page.title)} feeds</h1>`);
  out.push('<p>Subscribe in any feed reader: every feed is offered as RSS 2.0, Atom 1.0 and JSON Feed 1.1.');
  out.push(` Partner health: <a href="${esc(page.homeUrl)}partners.html">partners</a>.</p>`);
  let group = '';
  for (const feed of page.feeds) {
    if (feed.group !== group) {
      if (group !== '') out.push('</ul>');
      group = feed.group;
      out.push(`<h2>${esc(group)}</h2><ul class="feeds">`);
    }
    out.push(`<li class="feed"><a class="view" href="${esc(feed.pageUrl)}">${esc(feed.title)}</a><span class="formats">`);
    for (const f of feed.formats) out.push(`<a type="${esc(f.type)}" href="${esc(f.url)}">${esc(f.name)}</a>`);
    out.push('</span></li>');
  }
  if (group !== '') out.push('</ul>');
  out.push('</body></html>\n');
  return out.join('');
}

/**
 * A feed as a web page, for people who open a feed link in a browser. Shows text only: no article markup.
 * `notice` is trusted HTML shown above the articles (the failing-partner banner).
 */
export function renderFeedPage(doc: FeedDocument, notice = ''): string {
  const out: string[] = [
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(doc.title)}</title>`,
  ];
  for (const alt of doc.alternates ?? []) out.push(`<link rel="alternate" type="${esc(alt.type)}" href="${esc(alt.url)}">`);
  out.push(`<style>${STYLE}</style></head><body>`);
  out.push(`<p><a href="${esc(doc.homeUrl)}">All feeds</a></p><h1>${esc(doc.title)}</h1>${notice}`);
  out.push('<p class="subscribe">Subscribe:');
  for (const alt of doc.alternates ?? []) {
    const name = alt.type.includes('rss') ? 'RSS' : alt.type.includes('atom') ? 'Atom' : 'JSON Feed';
    out.push(` <a type="${esc(alt.type)}" href="${esc(alt.url)}">${name}</a>`);
  }
  out.push('</p><ol class="items">');
  for (const item of feedItems(doc)) {
    const date = item.published ?? item.updated;
    out.push(`<li class="item"><a class="title" href="${esc(item.link)}">${esc(item.title)}</a><div class="meta">`);
    if (date > 0) out.push(`<time datetime="${rfc3339(date)}">${rfc3339(date).slice(0, 16).replace('T', ' ')} UTC</time>`);
    if (item.source !== undefined) out.push(` · ${esc(item.source)}`);
    if (item.authors.length > 0) out.push(` · ${esc(item.authors.join(', '))}`);
    out.push('</div>');
    if (item.summary !== undefined) out.push(`<p>${esc(item.summary)}</p>`);
    out.push('</li>');
  }
  out.push('</ol>');
  if (doc.nextUrl !== undefined) out.push(`<p><a rel="next" href="${esc(doc.nextUrl)}">Older articles</a></p>`);
  out.push('</body></html>\n');
  return out.join('');
}
