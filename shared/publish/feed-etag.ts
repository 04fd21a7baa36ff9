import { createHash } from 'node:crypto';
import type { Article } from '../model/article.js';
import { HTML_POLICY_FINGERPRINT } from '../model/html-policy.js';
import { renderAtom } from '../render/atom.js';
import type { FeedDocument } from '../render/feed-document.js';
import { renderJsonFeed } from '../render/jsonfeed.js';
import { renderRss } from '../render/rss.js';
import { feedTag } from './feed-stamp.js';
import type { FeedFormat } from './routes.js';

/**
 * A feed's strong ETag computed from what its bytes are rendered from, so that a conditional request is answered
 * before (and without) rendering. Rendering is deterministic, so the bytes are a function of:
 *  - the format;
 *  - the document's settings (ids, titles, self/next/first URLs: base URL, page and query are all in them);
 *  - each article's id and version: every stored change bumps the version (mergeWithStored), and clusterId and
 *    contentHash ride along as a guard;
 *  - the renderers' code, which is fingerprinted by rendering one fixed document in every format once per
 *    process: a deploy that changes any output for it changes every ETag (see RENDER_PROBE);
 *  - the HTML policy, and the policy each article's body was marked with: a body is published as stored or as
 *    its text depending on both (render/html.ts), and a new policy can change that for stored articles.
 * Same inputs, same code: the same tag in every process. `stamp` is the tag's stamp part (feed-stamp.ts), if any.
 */
export function feedEtag(format: Exclude<FeedFormat, 'html'>, doc: FeedDocument, stamp?: string): string {
  const hash = createHash('sha256');
  const { articles, ...settings } = doc;
  hash.update(feedIdentity(format, settings));
  for (const a of articles) hash.update(`${a.id}\u0000${a.version}\u0000${a.contentHash}\u0000${a.clusterId ?? ''}\u0000${a.bodyPolicy ?? ''}\n`);
  return feedTag(hash.digest('base64url'), stamp);
}

/**
 * What a feed's bytes depend on besides its articles: the renderers, the format and the document's settings.
 * The stamp part of a tag (feed-stamp.ts) hashes it without `nextUrl`, which comes from the query.
 */
export function feedIdentity(format: Exclude<FeedFormat, 'html'>, settings: Partial<Omit<FeedDocument, 'articles'>>): string {
  let identity = `${rendererFingerprint()}\n${format}\n`;
  // Keys in a fixed order, so that the tag does not depend on the order the document was built in.
  for (const key of Object.keys(settings).sort()) {
    const value = settings[key as keyof typeof settings];
    if (value !== undefined) identity += `${key}=${JSON.stringify(value)}\n`;
  }
  return identity;
}

let fingerprint: string | undefined;

/** The feed renderers' output for RENDER_PROBE in every format, hashed once per process. */
export function rendererFingerprint(): string {
  if (fingerprint === undefined) {
    const hash = createHash('sha256').update(HTML_POLICY_FINGERPRINT).update('\u0000');
    for (const render of [renderRss, renderAtom, renderJsonFeed]) hash.update(render(RENDER_PROBE)).update('\u0000');
    fingerprint = hash.digest('base64url').slice(0, 16);
  }
  return fingerprint;
}

const PROBE_ARTICLE: Article = {
  id: 'probe-1',
  partnerId: 'probe',
  guid: 'urn:probe:1',
  version: 2,
  url: 'https://probe.example/news/1?a=1&b=2',
  title: 'Probe <title> & "quotes"',
  summary: 'A summary with <b>markup</b> & entities.',
  bodyHtml: '<p>Body with <a href="https://probe.example/x">a link</a>, <em>emphasis</em> and <img src="https://probe.example/i.jpg" alt="i"></p><blockquote>Quote ]]&gt;</blockquote>',
  bodyText: 'Body with a link, emphasis and Quote ]]>',
  authors: ['Ann Writer', 'Bo Editor'],
  editor: 'Cy Desk',
  source: 'Probe Wire',
  publisher: 'Probe Publishing',
  dateline: 'JAKARTA',
  language: 'id',
  publishedAt: '2024-06-13T02:30:00.000Z',
  updatedAt: '2024-06-13T03:45:00.000Z',
  categories: ['Politik', 'Ekonomi & Bisnis'],
  media: [{ url: 'https://probe.example/i.jpg', type: 'image/jpeg', medium: 'image', width: 640, height: 480, fileSize: 12345, caption: 'A caption', credit: 'A credit' }],
  relatedLinks: [{ title: 'Related', url: 'https://probe.example/r' }, { title: 'Unlinked' }],
  rights: '© Probe',
  contentHash: 'probe-hash',
  status: 'usable',
  clusterId: 'probe-1',
  fetchedAt: '2024-06-13T04:00:00.000Z',
  rawKey: 'raw/probe/1.xml',
};

/** A fixed document that sets every field renderers read, so that a change to any of them shows in the fingerprint. */
const RENDER_PROBE: FeedDocument = {
  id: 'tag:probe.example,2024:feed:/feeds/all',
  title: 'Probe: all articles',
  description: 'Probe feed.',
  selfUrl: 'https://probe.example/feeds/all.rss?limit=2',
  homeUrl: 'https://probe.example/',
  language: 'id',
  articles: [PROBE_ARTICLE, { ...PROBE_ARTICLE, id: 'probe-2', guid: 'urn:probe:2', summary: undefined, media: [], relatedLinks: [], language: undefined, updatedAt: undefined, status: 'usable' }],
  nextUrl: 'https://probe.example/feeds/all.rss?limit=2&cursor=c',
  firstUrl: 'https://probe.example/feeds/all.rss?limit=2',
  hubUrl: 'https://hub.probe.example/',
  stylesheetUrl: 'https://probe.example/feeds/style.xsl',
  iconUrl: 'https://probe.example/icon.png',
  idPrefix: 'tag:probe.example,2024:',
  articleBaseUrl: 'https://probe.example/articles/',
  partnerFeedBaseUrl: 'https://probe.example/feeds/partners/',
  alternates: [{ type: 'application/atom+xml', url: 'https://probe.example/feeds/all.atom' }],
};
