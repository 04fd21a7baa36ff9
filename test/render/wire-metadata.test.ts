import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../shared/render/atom.js';
import { WF_NAMESPACE } from '../../shared/render/extension.js';
import { renderJsonFeed } from '../../shared/render/jsonfeed.js';
import { renderRss } from '../../shared/render/rss.js';
import { makeArticle } from '../publish/articles.js';
import { seedArticle } from '../publish/seed.js';
import { feedDocument } from './document.js';
import { parseXml, text } from './parse.js';

const seed = seedArticle();
const [putin, biden] = seed.relatedLinks;

describe('wire metadata in feeds: the seed article', () => {
  it('carries dateline, credits, publisher, version, photo credit and related links in RSS', () => {
    const rss = parseXml(renderRss(feedDocument([seed]))).rss;
    expect(rss['@xmlns:wf']).toBe(WF_NAMESPACE);
    const item = rss.channel.item[0];
    expect(item['wf:dateline']).toBe('SEOUL');
    expect(item['wf:source']).toBe('Reuters');
    expect(item['wf:editor']).toBe('Barratut Taqiyyah Rafie');
    expect(item['dc:publisher']).toBe('KONTAN.CO.ID');
    expect(item['dc:creator']).toEqual(['Barratut Taqiyyah Rafie']);
    expect(item['wf:version']).toBe('1');
    expect(text(item.source)).toBe('Reuters');
    expect(item.source['@url']).toBe('https://news.example.com/feeds/partners/kontan');
    expect(item['media:content'][0]['media:credit']).toBe('REUTERS/Sputnik');
    expect(item['atom:link'].map((l: any) => [l['@rel'], l['@href'], l['@title']])).toEqual([
      ['related', putin!.url, putin!.title],
      ['related', biden!.url, biden!.title],
    ]);
  });

  it('carries the same facts in Atom, with related links as link rel="related"', () => {
    const feed = parseXml(renderAtom(feedDocument([seed]))).feed;
    expect(feed['@xmlns:wf']).toBe(WF_NAMESPACE);
    const entry = feed.entry[0];
    expect(entry['wf:dateline']).toBe('SEOUL');
    expect(entry['wf:source']).toBe('Reuters');
    expect(entry['wf:editor']).toBe('Barratut Taqiyyah Rafie');
    expect(entry['dc:publisher']).toBe('KONTAN.CO.ID');
    expect(entry.author[0].name).toBe('Barratut Taqiyyah Rafie');
    expect(text(entry.source.title)).toBe('Reuters');
    expect(entry['media:content'][0]['media:credit']).toBe('REUTERS/Sputnik');
    expect(entry.link.filter((l: any) => l['@rel'] === 'related').map((l: any) => l['@href'])).toEqual([putin!.url, biden!.url]);
  });

  it('carries the same facts in JSON Feed under _wirefeed', () => {
    const item = JSON.parse(renderJsonFeed(feedDocument([seed]))).items[0];
    expect(item._wirefeed).toMatchObject({
      about: expect.stringMatching(/^https:\/\//),
      dateline: 'SEOUL',
      credits: { source: 'Reuters', editor: 'Barratut Taqiyyah Rafie', publisher: 'KONTAN.CO.ID' },
      version: 1,
      page_url: `https://news.example.com/articles/${seed.id}.html`,
      original_url: seed.url,
      related: [putin, biden],
    });
    expect(item._wirefeed.media[0].credit).toBe('REUTERS/Sputnik');
    expect(item.authors).toEqual([{ name: 'Barratut Taqiyyah Rafie' }]);
    expect(item.image).toBe('https://foto.kontan.co.id/kim-jong-un-putin.jpg');
  });
});

describe('wire metadata in feeds: an item without a web link', () => {
  const { url: _url, ...rest } = makeArticle({ id: 'nitf 1', relatedLinks: [{ title: 'Earlier: rain warning' }] });
  const article = rest;

  it('links RSS and Atom to its own page, with a guid that is not a permalink', () => {
    const item = parseXml(renderRss(feedDocument([article]))).rss.channel.item[0];
    expect(item.link).toBe('https://news.example.com/articles/nitf%201.html');
    expect(item.guid['@isPermaLink']).toBe('false');
    const entry = parseXml(renderAtom(feedDocument([article]))).feed.entry[0];
    expect(entry.link.find((l: any) => l['@rel'] === 'alternate')['@href']).toBe('https://news.example.com/articles/nitf%201.html');
  });

  it('keeps a related story without a link as wf:related in RSS and Atom, and in JSON Feed without a url', () => {
    expect(parseXml(renderRss(feedDocument([article]))).rss.channel.item[0]['wf:related']).toBe('Earlier: rain warning');
    expect(parseXml(renderAtom(feedDocument([article]))).feed.entry[0]['wf:related']).toBe('Earlier: rain warning');
    const item = JSON.parse(renderJsonFeed(feedDocument([article]))).items[0];
    expect(item.url).toBe('https://news.example.com/articles/nitf%201.html');
    expect(item._wirefeed.related).toEqual([{ title: 'Earlier: rain warning' }]);
    expect(item._wirefeed.original_url).toBeUndefined();
  });
});

describe('channel links', () => {
  it('point people to the feed page when the document has one', () => {
    const doc = feedDocument([], { pageUrl: 'https://news.example.com/feeds/all.html' });
    expect(parseXml(renderRss(doc)).rss.channel.link).toBe('https://news.example.com/feeds/all.html');
    const alternate = parseXml(renderAtom(doc)).feed.link.find((l: any) => l['@rel'] === 'alternate' && l['@type'] === 'text/html');
    expect(alternate['@href']).toBe('https://news.example.com/feeds/all.html');
    expect(JSON.parse(renderJsonFeed(doc)).home_page_url).toBe('https://news.example.com/feeds/all.html');
  });
});
