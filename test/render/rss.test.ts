import { describe, expect, it } from 'vitest';
import { renderRss } from '../../shared/render/rss.js';
import { makeArticle } from '../publish/articles.js';
import { feedDocument } from './document.js';
import { parseXml, text } from './parse.js';
import { normalizeFeed } from '../../shared/normalize/index.js';
import { HTML_POLICY_FINGERPRINT } from '../../shared/model/html-policy.js';

const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

function channelOf(xml: string): any {
  return parseXml(xml).rss.channel;
}

describe('rss', () => {
  it('declares RSS 2.0 with the namespaces of every extension it uses', () => {
    const xml = renderRss(feedDocument([makeArticle({ id: 'a1' })]));
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const rss = parseXml(xml).rss;
    expect(rss['@version']).toBe('2.0');
    for (const ns of ['xmlns:atom', 'xmlns:content', 'xmlns:dc', 'xmlns:media']) expect(rss[`@${ns}`]).toBeTruthy();
  });

  it('links to itself with atom:link rel="self" at the URL served', () => {
    const channel = channelOf(renderRss(feedDocument([], { selfUrl: 'https://news.example.com/feeds/all.rss?lang=id&limit=5' })));
    const self = channel['atom:link'].find((l: any) => l['@rel'] === 'self');
    expect(self['@href']).toBe('https://news.example.com/feeds/all.rss?lang=id&limit=5');
    expect(self['@type']).toBe('application/rss+xml');
  });

  it('advertises a WebSub hub only when one is configured', () => {
    const without = channelOf(renderRss(feedDocument([])));
    expect(without['atom:link'].some((l: any) => l['@rel'] === 'hub')).toBe(false);
    const withHub = channelOf(renderRss(feedDocument([], { hubUrl: 'https://hub.example.com/' })));
    expect(withHub['atom:link'].find((l: any) => l['@rel'] === 'hub')['@href']).toBe('https://hub.example.com/');
  });

  it('links the next page with rel="next" and rel="prev-archive" (RFC 5005) and the first page with rel="first"', () => {
    const channel = channelOf(
      renderRss(feedDocument([], { nextUrl: 'https://n.test/feeds/all.rss?cursor=abc', firstUrl: 'https://n.test/feeds/all.rss' })),
    );
    const rel = (r: string) => channel['atom:link'].find((l: any) => l['@rel'] === r)?.['@href'];
    expect(rel('next')).toBe('https://n.test/feeds/all.rss?cursor=abc');
    expect(rel('prev-archive')).toBe('https://n.test/feeds/all.rss?cursor=abc');
    expect(rel('first')).toBe('https://n.test/feeds/all.rss');
  });

  it('writes RFC 822 dates with a four-digit year', () => {
    const channel = channelOf(renderRss(feedDocument([makeArticle({ id: 'a1' })])));
    expect(channel.lastBuildDate).toMatch(RFC822);
    expect(channel.item[0].pubDate).toBe('Thu, 13 Jun 2024 02:30:00 GMT');
  });

  it('leaves out a date that does not parse rather than write an invalid one', () => {
    const article = makeArticle({ id: 'a1', publishedAt: 'not a date', updatedAt: undefined, fetchedAt: undefined });
    const xml = renderRss(feedDocument([article]));
    expect(xml).not.toContain('Invalid Date');
    expect(channelOf(xml).item[0].pubDate).toBeUndefined();
  });

  it('derives lastBuildDate from the newest item, so the same articles give the same bytes', () => {
    const articles = [makeArticle({ id: 'a1' }), makeArticle({ id: 'a2', updatedAt: '2024-06-14T00:00:00.000Z' })];
    const first = renderRss(feedDocument(articles));
    expect(channelOf(first).lastBuildDate).toBe('Fri, 14 Jun 2024 00:00:00 GMT');
    expect(renderRss(feedDocument(articles))).toBe(first);
  });

  it.each([
    ['a URL guid', 'https://www.antaranews.com/berita/1'],
    ['a URN guid', 'urn:newsml:antara:1'],
    ['a bare number', '123456'],
  ])('marks the guid isPermaLink="false" for %s (ids are tag: URIs, never permalinks)', (_name, guid) => {
    const item = channelOf(renderRss(feedDocument([makeArticle({ id: 'a1', guid })]))).item[0];
    expect(item.guid['@isPermaLink']).toBe('false');
    expect(text(item.guid)).toBe('tag:news.example.com,2024:article:a1');
  });

  it('gives every item a distinct guid and writes a repeated article once', () => {
    const a = makeArticle({ id: 'a1' });
    const items = channelOf(renderRss(feedDocument([a, makeArticle({ id: 'a2' }), a]))).item;
    expect(items.map((i: any) => text(i.guid))).toEqual([
      'tag:news.example.com,2024:article:a1',
      'tag:news.example.com,2024:article:a2',
    ]);
  });

  it('names authors with dc:creator, since RSS <author> must be an email address', () => {
    const item = channelOf(renderRss(feedDocument([makeArticle({ id: 'a1', authors: ['Rina Sari', 'Budi'] })]))).item[0];
    expect(item['dc:creator']).toEqual(['Rina Sari', 'Budi']);
    expect(item.author).toBeUndefined();
  });

  it('writes the plain-text summary as description and the body as content:encoded', () => {
    const item = channelOf(renderRss(feedDocument([makeArticle({ id: 'a1', summary: 'AT&T <3 rates' })]))).item[0];
    // description holds HTML: the text is HTML-escaped, and the parser undoes only the XML layer.
    expect(item.description).toBe('AT&amp;T &lt;3 rates');
    expect(item['content:encoded']).toContain('<p>JAKARTA (ANTARA)');
  });

  it('publishes a body with relative links (ingestion resolves them all) as its text, and a marked body as stored', () => {
    const bodyHtml = '<p><a href="/berita/2">more</a> <img src="img/x.jpg" alt=""></p>';
    const unmarked = makeArticle({ id: 'a1', url: 'https://www.antaranews.com/berita/1/floods', bodyHtml });
    expect(channelOf(renderRss(feedDocument([unmarked]))).item[0]['content:encoded']).toBe('<p>more</p>');
    const [article] = normalizeFeed(
      { format: 'rss', items: [{ url: 'https://www.antaranews.com/berita/1/floods', title: 'Floods', contentHtml: bodyHtml, authors: [], categories: [], media: [], relatedLinks: [] }], warnings: [] },
      { partnerId: 'antara' },
    );
    expect(article!.bodyPolicy).toBe(HTML_POLICY_FINGERPRINT);
    const body = channelOf(renderRss(feedDocument([article!]))).item[0]['content:encoded'];
    expect(body).toBe(article!.bodyHtml);
    expect(body).toContain('href="https://www.antaranews.com/berita/2"');
    expect(body).toContain('src="https://www.antaranews.com/berita/1/img/x.jpg"');
  });

  it('links an article whose URL is not absolute http(s) to its own page instead', () => {
    const item = channelOf(renderRss(feedDocument([makeArticle({ id: 'a 1', url: 'javascript:alert(1)' })]))).item[0];
    expect(item.link).toBe('https://news.example.com/articles/a%201.html');
  });

  it('strips HTML from titles, which the validator flags in text', () => {
    const item = channelOf(renderRss(feedDocument([makeArticle({ id: 'a1', title: '<b>Breaking</b>: rates rise' })]))).item[0];
    expect(item.title).toBe('Breaking: rates rise');
  });

  it('writes categories, media:content, one enclosure, source with url, rights and related links', () => {
    const article = makeArticle({
      id: 'a1',
      media: [
        { url: 'https://img.test/0.jpg', type: 'image/jpeg', medium: 'image' },
        { url: 'https://img.test/1.jpg', type: 'image/jpeg', medium: 'image', caption: 'One', credit: 'Photo: A', fileSize: 48_213 },
        { url: 'https://img.test/2.jpg', type: 'image/jpeg', fileSize: 1000 },
        { url: '/relative.jpg', type: 'image/jpeg' },
      ],
    });
    const item = channelOf(renderRss(feedDocument([article]))).item[0];
    expect(item.category).toEqual(['Nation', 'Weather']);
    expect(item['media:content'].map((m: any) => m['@url'])).toEqual(['https://img.test/0.jpg', 'https://img.test/1.jpg', 'https://img.test/2.jpg']);
    expect(item['media:content'][1]['media:description']).toBe('One');
    expect(item['media:content'][1]['media:credit']).toBe('Photo: A');
    expect(item['media:content'][1]['@fileSize']).toBe('48213');
    // One enclosure, the first with a known size: the validator rejects a missing or zero length.
    expect(item.enclosure).toHaveLength(1);
    expect(item.enclosure[0]).toMatchObject({ '@url': 'https://img.test/1.jpg', '@type': 'image/jpeg', '@length': '48213' });
    expect(item.source).toMatchObject({ '@url': 'https://news.example.com/feeds/partners/antara', '#text': 'ANTARA' });
    expect(item['dc:rights']).toBe('© 2024 ANTARA');
    expect(item['atom:link'][0]).toMatchObject({ '@rel': 'related', '@href': 'https://www.antaranews.com/berita/rain-warning' });
  });

  it('writes no enclosure for media of unknown size', () => {
    const item = channelOf(renderRss(feedDocument([makeArticle({ id: 'a1', media: [{ url: 'https://img.test/x.jpg', type: 'image/jpeg' }] })]))).item[0];
    expect(item.enclosure).toBeUndefined();
    expect(item['media:content']).toHaveLength(1);
  });

  it('references the XSL stylesheet when one is given', () => {
    const xml = renderRss(feedDocument([], { stylesheetUrl: 'https://news.example.com/feeds/style.xsl' }));
    expect(xml.split('\n')[1]).toBe('<?xml-stylesheet type="text/xsl" href="https://news.example.com/feeds/style.xsl"?>');
  });
});
