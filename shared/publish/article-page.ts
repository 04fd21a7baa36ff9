import { NotFoundError } from '../errors.js';
import type { Article } from '../model/article.js';
import type { Partner } from '../model/partner.js';
import { itemView, type FeedDocument, type ItemView } from '../render/feed-document.js';
import { parseInstant } from '../model/instant.js';
import { esc } from '../render/xml.js';
import { CONTENT_TYPES, partnerList, type PublishDeps } from './deps.js';
import { articleLastModified } from './articles.js';
import type { Representation } from './http.js';
import { HTML_HEADERS, PAGE_END, pageStart } from './layout.js';
import { creditsHtml, timeHtml } from './page-parts.js';
import { isPublic } from '../model/article-rules.js';

/** The FeedDocument fields itemView reads, for shaping one article outside any feed. */
function pageDocument(deps: PublishDeps, base: string): FeedDocument {
  return {
    id: '',
    title: '',
    description: '',
    selfUrl: '',
    homeUrl: `${base}/`,
    articles: [],
    idPrefix: `tag:${deps.config.idAuthority},2024:`,
    articleBaseUrl: `${base}/articles/`,
    partnerFeedBaseUrl: `${base}/feeds/partners/`,
  };
}

/** The article as a page for people: everything the model holds about the story, labelled. */
export function renderArticlePage(article: Article, item: ItemView, partner: Partner | undefined, base: string): string {
  const zone = partner?.timeZone;
  const lang = item.language ?? partner?.defaultLanguage ?? 'en';
  const out: string[] = [
    pageStart({
      lang,
      title: `${item.title} · wirefeed`,
      homeUrl: `${base}/`,
      head: [`<link rel="alternate" type="application/json" href="${esc(item.jsonUrl)}">`],
    }),
    '<div class="layout"><article>',
  ];
  const partnerName = partner?.name ?? article.partnerId;
  out.push(`<p class="meta" lang="en">From <a href="${esc(item.sourceFeedUrl)}.html">${esc(partnerName)}</a></p>`);
  out.push(`<h1>${esc(item.title)}</h1>`);
  const when: string[] = [];
  if (item.published !== undefined) when.push(`<div><span class="label">Published</span> ${timeHtml(item.published, zone)}</div>`);
  const updated = parseInstant(article.updatedAt);
  if (updated !== undefined && updated !== item.published) when.push(`<div><span class="label">Updated</span> ${timeHtml(updated, zone)}</div>`);
  if (when.length > 0) out.push(`<div class="meta" lang="en">${when.join('')}</div>`);
  out.push(creditsHtml(item));
  const [image, ...others] = item.media.filter((m) => m.medium === 'image' || m.type?.startsWith('image/') === true);
  if (image !== undefined) {
    out.push(`<figure><img src="${esc(image.url)}" alt="${esc(image.caption ?? '')}"${image.width && image.height ? ` width="${image.width}" height="${image.height}"` : ''}>`);
    if (image.caption !== undefined || image.credit !== undefined) {
      out.push('<figcaption>');
      if (image.caption !== undefined) out.push(esc(image.caption));
      if (image.credit !== undefined) out.push(` <span class="credit" lang="en">Photo: ${esc(image.credit)}</span>`);
      out.push('</figcaption>');
    }
    out.push('</figure>');
  }
  out.push(`<div class="body">${item.html}</div>`);
  if (item.html === '' && item.summary !== undefined) out.push(`<p>${esc(item.summary)}</p>`);
  if (item.rights !== undefined) out.push(`<p class="note">${esc(item.rights)}</p>`);
  out.push('</article><aside lang="en">');
  if (item.related.length > 0) {
    out.push('<section class="related"><h2>Related</h2><ul class="plain">');
    for (const r of item.related) out.push(`<li>${r.url === undefined ? esc(r.title) : `<a href="${esc(r.url)}">${esc(r.title)}</a>`}</li>`);
    out.push('</ul></section>');
  }
  if (item.categories.length > 0) {
    out.push('<section><h2>Categories</h2><p class="tags">');
    for (const c of item.categories) out.push(`<a href="${esc(`${base}/feeds/categories/${encodeURIComponent(c.term)}.html`)}">${esc(c.label)}</a>`);
    out.push('</p></section>');
  }
  if (others.length > 0) {
    out.push('<section><h2>More images</h2><ul class="plain">');
    for (const m of others) out.push(`<li><a href="${esc(m.url)}">${esc(m.caption ?? m.url)}</a>${m.credit === undefined ? '' : ` (${esc(m.credit)})`}</li>`);
    out.push('</ul></section>');
  }
  out.push('<section><h2>Original</h2>');
  out.push(
    item.originalUrl === undefined
      ? `<p class="note">${esc(partnerName)} sent this story without a web link.</p>`
      : `<p><a href="${esc(item.originalUrl)}">Read it at ${esc(partnerName)}</a></p>`,
  );
  out.push('</section><section><h2>Versions</h2><ul class="plain">');
  // The model keeps the current version only: its number and the times the partner gave.
  out.push(`<li>Version ${item.version}${updated === undefined ? '' : `, updated ${timeHtml(updated, zone)}`}</li>`);
  out.push('</ul></section>');
  out.push(`<section><h2>Data</h2><p><a type="application/json" href="${esc(item.jsonUrl)}">JSON</a></p></section>`);
  out.push('</aside></div>', PAGE_END);
  return out.join('');
}

/** `/articles/{id}.html`: one public article as a page. */
export async function articlePage(deps: PublishDeps, id: string, base: string): Promise<Representation> {
  const article = await deps.store.get(id);
  if (article === undefined || !isPublic(article, deps.clock.now().getTime())) {
    // As for the JSON: withdrawn and embargoed articles are indistinguishable from absent ones.
    throw new NotFoundError(`no such article: ${id.slice(0, 100)}`);
  }
  const partner = (await partnerList(deps))?.find((p) => p.id === article.partnerId);
  const item = itemView(pageDocument(deps, base), article);
  return {
    contentType: CONTENT_TYPES.html,
    body: renderArticlePage(article, item, partner, base),
    lastModified: await articleLastModified(deps, article),
    headers: { ...HTML_HEADERS },
  };
}
