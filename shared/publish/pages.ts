import { feedItems, type FeedDocument } from '../render/feed-document.js';
import { esc } from '../render/xml.js';
import { creditsHtml, timeHtml } from './page-parts.js';
import { PAGE_END, pageStart } from './layout.js';
import { statusHtml, type PartnerStatus } from './partner-status.js';

/** One feed as the index page lists it: a title, its page, one subscribe link per format, and what it holds. */
export interface FeedLink {
  group: string;
  title: string;
  /** The language of the title when it is a language's own name (`lang` on the link). */
  titleLang?: string;
  formats: Array<{ name: string; type: string; url: string }>;
  /** The feed as an HTML page. */
  pageUrl: string;
  /** Articles among those the index looked at. */
  count: number;
  /** Newest article instant (ms), 0 when none. */
  lastUpdated: number;
  timeZone?: string;
  status?: PartnerStatus;
}

/** The index page: every feed with subscribe links, and <link rel="alternate"> so browsers and readers discover them. */
export function renderIndexPage(page: { title: string; homeUrl: string; feeds: FeedLink[]; sampleNote?: string }): string {
  const head: string[] = [];
  for (const feed of page.feeds) {
    // Autodiscovery lists the main feeds only: readers offer every alternate, and hundreds of categories drown them.
    if (feed.group !== 'Everything' && feed.group !== 'Partners') continue;
    for (const f of feed.formats) {
      head.push(`<link rel="alternate" type="${esc(f.type)}" title="${esc(`${feed.title} (${f.name})`)}" href="${esc(f.url)}">`);
    }
  }
  const out: string[] = [pageStart({ lang: 'en', title: `${page.title} feeds`, homeUrl: page.homeUrl, head })];
  out.push(`<h1>${esc(page.title)} feeds</h1>`);
  out.push('<p>Open a feed to read it here, or subscribe in any feed reader: every feed is offered as RSS 2.0, Atom 1.0 and JSON Feed 1.1.</p>');
  if (page.sampleNote !== undefined) out.push(`<p class="note">${esc(page.sampleNote)}</p>`);
  out.push(`<p>Partner health: <a href="${esc(page.homeUrl)}partners.html">every partner's status</a>.</p>`);
  let group = '';
  for (const feed of page.feeds) {
    if (feed.group !== group) {
      if (group !== '') out.push('</ul>');
      group = feed.group;
      out.push(`<h2>${esc(group)}</h2><ul class="feeds">`);
    }
    const lang = feed.titleLang === undefined ? '' : ` lang="${esc(feed.titleLang)}" hreflang="${esc(feed.titleLang)}"`;
    out.push(`<li class="feed"><a class="view" href="${esc(feed.pageUrl)}"${lang}>${esc(feed.title)}</a>`);
    out.push(`<div class="meta"><span class="count">${feed.count} article${feed.count === 1 ? '' : 's'}</span>`);
    if (feed.lastUpdated > 0) out.push(` · updated ${timeHtml(feed.lastUpdated, feed.timeZone)}`);
    out.push('</div>');
    if (feed.status !== undefined) out.push(`<div class="meta status">${statusHtml(feed.status, feed.timeZone)}</div>`);
    out.push('<div class="formats">');
    for (const f of feed.formats) out.push(`<a type="${esc(f.type)}" href="${esc(f.url)}">${esc(f.name)}</a>`);
    out.push('</div></li>');
  }
  if (group !== '') out.push('</ul>');
  out.push(PAGE_END);
  return out.join('');
}

/** What a feed page shows besides the feed: partners' time zones, and the partner's status on its own feed. */
export interface FeedPageContext {
  timeZones: Map<string, string>;
  status?: PartnerStatus;
  statusTimeZone?: string;
}

/** A feed as a web page, for people who open a feed link in a browser. Shows text only: no article markup. */
export function renderFeedPage(doc: FeedDocument, context: FeedPageContext = { timeZones: new Map() }): string {
  const head = (doc.alternates ?? []).map((alt) => `<link rel="alternate" type="${esc(alt.type)}" href="${esc(alt.url)}">`);
  const out: string[] = [pageStart({ lang: doc.language ?? 'en', title: doc.title, homeUrl: doc.homeUrl, head })];
  out.push(`<p lang="en"><a href="${esc(doc.homeUrl)}">All feeds</a></p><h1>${esc(doc.title)}</h1>`);
  if (context.status?.state === 'failing') out.push(statusHtml(context.status, context.statusTimeZone, true));
  out.push('<p class="subscribe" lang="en">Subscribe:');
  for (const alt of doc.alternates ?? []) {
    const name = alt.type.includes('rss') ? 'RSS' : alt.type.includes('atom') ? 'Atom' : 'JSON Feed';
    out.push(` <a type="${esc(alt.type)}" href="${esc(alt.url)}">${name}</a>`);
  }
  out.push('</p><ol class="items">');
  for (const item of feedItems(doc)) {
    const date = item.published ?? item.updated;
    const lang = item.language === undefined ? '' : ` lang="${esc(item.language)}"`;
    out.push(`<li class="item"${lang}><a class="title" href="${esc(item.pageUrl)}">${esc(item.title)}</a>`);
    out.push('<div class="meta" lang="en">');
    if (date > 0) out.push(timeHtml(date, context.timeZones.get(item.partnerId)));
    if (item.originalUrl !== undefined) out.push(` <a class="original" href="${esc(item.originalUrl)}">original</a>`);
    out.push('</div>');
    out.push(creditsHtml(item));
    if (item.summary !== undefined) out.push(`<p>${esc(item.summary)}</p>`);
    if (item.related.length > 0) {
      out.push('<p class="meta related" lang="en">Related: ');
      out.push(item.related.map((r) => (r.url === undefined ? esc(r.title) : `<a href="${esc(r.url)}">${esc(r.title)}</a>`)).join(' · '));
      out.push('</p>');
    }
    out.push('</li>');
  }
  out.push('</ol>');
  if (doc.nextUrl !== undefined) out.push(`<p lang="en"><a rel="next" href="${esc(doc.nextUrl)}">Older articles</a></p>`);
  out.push(PAGE_END);
  return out.join('');
}
