import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderJsonFeed } from '../../shared/render/jsonfeed.js';
import { jsonStringOfLegalText as jsonHtml } from '../../shared/model/json-string.js';
import { makeArticle, makeCorpus } from '../publish/articles.js';
import { feedDocument } from './document.js';

const schema = JSON.parse(readFileSync(new URL('../fixtures/schemas/jsonfeed-v1.1.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

describe('json feed', () => {
  it('validates against the JSON Feed 1.1 schema', () => {
    const feed = JSON.parse(renderJsonFeed(feedDocument(makeCorpus(20), { hubUrl: 'https://hub.test/', nextUrl: 'https://n.test/next' })));
    expect(validate(feed) ? [] : validate.errors).toEqual([]);
  });

  it('names itself with feed_url at the URL served and links the next page', () => {
    const feed = JSON.parse(renderJsonFeed(feedDocument([], { selfUrl: 'https://n.test/feeds/all.json?lang=id', nextUrl: 'https://n.test/feeds/all.json?lang=id&cursor=c' })));
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.feed_url).toBe('https://n.test/feeds/all.json?lang=id');
    expect(feed.next_url).toBe('https://n.test/feeds/all.json?lang=id&cursor=c');
  });

  it('writes items with id, url, title, content_html, summary, RFC 3339 dates, authors, tags, image and attachments', () => {
    const item = JSON.parse(renderJsonFeed(feedDocument([makeArticle({ id: 'a1' })]))).items[0];
    expect(item).toMatchObject({
      id: 'tag:news.example.com,2024:article:a1',
      url: 'https://www.antaranews.com/berita/a1/jakarta-floods',
      title: 'Jakarta floods displace thousands as rivers overflow',
      summary: 'Heavy overnight rain pushed the Ciliwung river over its banks, officials said.',
      date_published: '2024-06-13T02:30:00Z',
      date_modified: '2024-06-13T03:00:00Z',
      authors: [{ name: 'Rina Sari' }],
      tags: ['Nation', 'Weather'],
      language: 'en',
      image: 'https://img.antaranews.com/cache/flood.jpg',
      attachments: [{ url: 'https://img.antaranews.com/cache/flood.jpg', mime_type: 'image/jpeg' }],
    });
    expect(item.content_html).toContain('<p>JAKARTA (ANTARA)');
    expect(item._wirefeed).toMatchObject({ partner_id: 'antara', rights: '© 2024 ANTARA', source: { name: 'ANTARA' } });
  });

  it('splices each body into its own item only, even when text looks like the body slot', () => {
    const articles = [
      makeArticle({ id: 'a1', title: 'Trick "content_html":1 here', summary: ',"content_html":0', bodyHtml: '<p>first body</p>' }),
      makeArticle({ id: 'a2', bodyHtml: '<p>second body</p>' }),
    ];
    const feed = JSON.parse(renderJsonFeed(feedDocument(articles)));
    expect(feed.items.map((i: any) => i.content_html)).toEqual(['<p>first body</p>', '<p>second body</p>']);
    expect(feed.items[0].title).toBe('Trick "content_html":1 here');
    expect(feed.items[0].summary).toBe(',"content_html":0');
  });

  it('advertises a WebSub hub in hubs', () => {
    expect(JSON.parse(renderJsonFeed(feedDocument([], { hubUrl: 'https://hub.test/' }))).hubs).toEqual([{ type: 'WebSub', url: 'https://hub.test/' }]);
  });

  it('writes the same bytes for the same articles', () => {
    const articles = makeCorpus(5);
    expect(renderJsonFeed(feedDocument(articles))).toBe(renderJsonFeed(feedDocument(structuredClone(articles))));
  });
});

describe('jsonHtml', () => {
  it('writes what JSON.stringify writes for 20,000 strings free of XML-illegal characters', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const pieces = ['<p>', '"', '\\', '\n', '\r', '\t', '&amp;', "'", '/', 'é', '\u2028', '\u2029', '\u007f', '\u0085', '😀', 'x', ' ', '\\"', '\\n', '</script>'];
    for (let k = 0; k < 20_000; k++) {
      let text = '';
      for (let j = Math.floor(random() * 12); j > 0; j--) text += pieces[Math.floor(random() * pieces.length)];
      if (jsonHtml(text) !== JSON.stringify(text)) expect.fail(`jsonHtml(${JSON.stringify(text)})`);
    }
  });

  it('gives the bytes of one JSON.stringify of the whole feed', () => {
    const json = renderJsonFeed(feedDocument([makeArticle({ id: 'a1', bodyHtml: '<p title="a \\\\ b">x\n"y"\t</p>' }), makeArticle({ id: 'a2', bodyHtml: '' })]));
    expect(json).toBe(`${JSON.stringify(JSON.parse(json))}\n`);
  });
});
