import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseFeed, parseFeedDocument } from '../shared/index.js';
import { articleSchema } from '../shared/model/article.js';
import { NotAFeedError, UnsafeFeedError } from '../shared/errors.js';

const run = promisify(execFile);

describe('parseFeed (the library entry)', () => {
  it('decodes HTML named entities in an RSS description into characters in the plain text (&eacute; &rsquo; &nbsp;)', () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://site.example/news/</link>
<item><title>Caf&amp;eacute;</title><link>/news/a</link><guid>g</guid>
<description>&lt;p&gt;Caf&amp;eacute; l&amp;rsquo;heure&amp;nbsp;ok &lt;a href="/rel/link"&gt;x&lt;/a&gt;&lt;/p&gt;</description></item></channel></rss>`;
    const [article] = parseFeed(rss, { partnerId: 'p' });
    expect(article!.title).toBe('Café');
    expect(article!.bodyText).toBe('Café l’heure ok x');
    expect(article!.bodyHtml).toContain('href="https://site.example/rel/link"');
    expect(article!.url).toBe('https://site.example/news/a');
  });

  it('returns canonical articles for the bundled sample partner feed, and the document with its format', () => {
    const bytes = readFileSync('infra/local/sample-feeds/meridian.xml');
    const { feed, articles } = parseFeedDocument(bytes, { partnerId: 'meridian', url: 'https://www.meridianherald.example/world/rss' });
    expect(feed.format).toBe('rss');
    expect(articles).toHaveLength(3);
    for (const article of articles) articleSchema.parse(article);
    expect(articles[0]).toMatchObject({ authors: ['Alice Moreno', 'Tom Becker'], source: 'AP', dateline: 'WASHINGTON', language: 'en' });
    expect(articles[0]!.relatedLinks).toEqual([
      { title: 'Fed holds rates steady, sees one cut this year', url: 'https://www.meridianherald.example/world/2024/06/12/fed-holds-rates' },
    ]);
    expect(articles[0]!.bodyText).not.toMatch(/Share this article|Read more/);
  });

  it('refuses what is not a feed, and a document over the size limit before parsing it', () => {
    expect(() => parseFeed('{"hello": "world"}', { partnerId: 'p' })).toThrow(NotAFeedError);
    const big = `<rss version="2.0"><channel>${'<item><title>x</title></item>'.repeat(1000)}</channel></rss>`;
    expect(() => parseFeed(big, { partnerId: 'p', maxBytes: 1000 })).toThrow(UnsafeFeedError);
  });

  it('is importable from plain Node as the package main module', async () => {
    const script = `import { parseFeed } from 'wirefeed';
const a = parseFeed('<rss version="2.0"><channel><title>T</title><link>https://x.example/</link><item><title>Hi</title><link>https://x.example/1</link></item></channel></rss>', { partnerId: 'p' });
console.log(JSON.stringify(a.map((x) => x.title)));`;
    const { stdout } = await run('node', ['--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual(['Hi']);
  });
});
