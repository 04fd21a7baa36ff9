import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../shared/render/atom.js';
import { makeArticle } from '../publish/articles.js';
import { feedDocument } from './document.js';
import { parseXml, text } from './parse.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function feedOf(xml: string): any {
  return parseXml(xml).feed;
}

describe('atom', () => {
  it('writes the elements RFC 4287 requires of a feed: id, title, updated, author', () => {
    const feed = feedOf(renderAtom(feedDocument([makeArticle({ id: 'a1', authors: [] })])));
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe('tag:news.example.com,2024:feed:/feeds/all');
    expect(text(feed.title)).toBe('wirefeed: all articles');
    expect(feed.updated).toBe('2024-06-13T03:00:00Z');
    expect(feed.author[0].name).toBe('wirefeed');
  });

  it('says the epoch, not "now", as the updated date of an empty feed', () => {
    expect(feedOf(renderAtom(feedDocument([]))).updated).toBe('1970-01-01T00:00:00Z');
  });

  it('links to itself with rel="self" at the URL served, and to the home page', () => {
    const feed = feedOf(renderAtom(feedDocument([], { selfUrl: 'https://news.example.com/feeds/partners/antara.atom?limit=3' })));
    const self = feed.link.find((l: any) => l['@rel'] === 'self');
    expect(self).toMatchObject({ '@href': 'https://news.example.com/feeds/partners/antara.atom?limit=3', '@type': 'application/atom+xml' });
    expect(feed.link.find((l: any) => l['@rel'] === 'alternate')['@href']).toBe('https://news.example.com/');
  });

  it('links a hub, the next page (next and prev-archive) and the first page when given', () => {
    const feed = feedOf(
      renderAtom(feedDocument([], { hubUrl: 'https://hub.test/', nextUrl: 'https://n.test/all.atom?cursor=x', firstUrl: 'https://n.test/all.atom' })),
    );
    const rel = (r: string) => feed.link.find((l: any) => l['@rel'] === r)?.['@href'];
    expect([rel('hub'), rel('next'), rel('prev-archive'), rel('first')]).toEqual([
      'https://hub.test/',
      'https://n.test/all.atom?cursor=x',
      'https://n.test/all.atom?cursor=x',
      'https://n.test/all.atom',
    ]);
  });

  it('gives entries tag: ids, RFC 3339 dates, authors, an alternate link and categories', () => {
    const entry = feedOf(renderAtom(feedDocument([makeArticle({ id: 'antara/2024#1' })]))).entry[0];
    expect(entry.id).toBe('tag:news.example.com,2024:article:antara/2024%231');
    expect(entry.updated).toMatch(RFC3339);
    expect(entry.published).toBe('2024-06-13T02:30:00Z');
    expect(entry.author[0].name).toBe('Rina Sari');
    expect(entry.link.find((l: any) => l['@rel'] === 'alternate')['@href']).toBe('https://www.antaranews.com/berita/antara/2024#1/jakarta-floods');
    expect(entry.category.map((c: any) => c['@term'])).toEqual(['Nation', 'Weather']);
    expect(entry['@xml:lang']).toBe('en');
  });

  it('gives an undated entry a deterministic updated date rather than none', () => {
    const entry = feedOf(renderAtom(feedDocument([makeArticle({ id: 'a1', publishedAt: undefined, updatedAt: undefined, fetchedAt: undefined })])))
      .entry[0];
    expect(entry.updated).toBe('1970-01-01T00:00:00Z');
    expect(entry.published).toBeUndefined();
  });

  it('writes the body as escaped type="html" content and the summary as text', () => {
    const entry = feedOf(renderAtom(feedDocument([makeArticle({ id: 'a1' })]))).entry[0];
    expect(entry.content['@type']).toBe('html');
    expect(text(entry.content)).toContain('<p>JAKARTA (ANTARA)');
    expect(entry.summary['@type']).toBe('text');
  });

  it('writes text titles without HTML', () => {
    const entry = feedOf(renderAtom(feedDocument([makeArticle({ id: 'a1', title: 'Rates <em>rise</em> again' })]))).entry[0];
    expect(text(entry.title)).toBe('Rates rise again');
    expect(entry.title['@type']).toBe('text');
  });

  it('writes each id once', () => {
    const a = makeArticle({ id: 'a1' });
    const entries = feedOf(renderAtom(feedDocument([a, a, makeArticle({ id: 'a2' })]))).entry;
    expect(entries.map((e: any) => e.id)).toEqual(['tag:news.example.com,2024:article:a1', 'tag:news.example.com,2024:article:a2']);
  });

  it('writes media as an enclosure link and media:content, with rights, source and related links', () => {
    const entry = feedOf(renderAtom(feedDocument([makeArticle({ id: 'a1' })]))).entry[0];
    expect(entry.link.find((l: any) => l['@rel'] === 'enclosure')).toMatchObject({ '@href': 'https://img.antaranews.com/cache/flood.jpg', '@type': 'image/jpeg' });
    expect(entry['media:content'][0]['@url']).toBe('https://img.antaranews.com/cache/flood.jpg');
    expect(text(entry.rights)).toBe('© 2024 ANTARA');
    expect(text(entry.source.title)).toBe('ANTARA');
    expect(entry.link.find((l: any) => l['@rel'] === 'related')['@title']).toBe('Rain to continue, agency warns');
  });

  it('omits an ill-formed language rather than write an invalid xml:lang', () => {
    const entry = feedOf(renderAtom(feedDocument([makeArticle({ id: 'a1', language: 'Bahasa Indonesia' })]))).entry[0];
    expect(entry['@xml:lang']).toBeUndefined();
  });
});
