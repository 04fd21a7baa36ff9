import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../shared/render/atom.js';
import { renderJsonFeed } from '../../shared/render/jsonfeed.js';
import { renderRss } from '../../shared/render/rss.js';
import { makeArticle } from '../publish/articles.js';
import { feedDocument } from './document.js';
import { parseXml, text } from './parse.js';

const hostile = makeArticle({
  id: 'evil-1',
  url: 'javascript:alert(document.cookie)',
  title: `<script>alert("t")</script>Title ]]> with <img src=x onerror=alert(1)> \u0000\u0001\u0008\u000B\u001F\uFFFE ${'T'.repeat(10_000)}`,
  summary: 'Summary ]]> <![CDATA[ x ]]> \u0007 <a href="javascript:alert(2)">click</a>',
  bodyHtml:
    '<p onclick="alert(3)">Body ]]> text</p><script>alert(4)</script><style>body{display:none}</style>' +
    '<a href="javascript:alert(5)">js</a><a href="  JaVaScRiPt:alert(6)">js2</a><a href="data:text/html,x">data</a>' +
    '<img src="https://img.test/x.jpg" onerror="alert(7)"><iframe src="https://evil.test"></iframe>' +
    '<svg><script>alert(8)</script></svg><form action="https://evil.test"><input name=q></form>' +
    '<p>Control \u0000\u0002 chars and a lone surrogate \uD800 here. <![CDATA[ ]]> ]]]]><![CDATA[>]]></p>',
  authors: ['<b>Eve</b> \u0000'],
  categories: ['<script>x</script>Politics', ']]>'],
  media: [{ url: 'javascript:alert(9)', type: 'image/png' }],
  relatedLinks: [{ title: '<i>More</i>', url: 'javascript:alert(10)' }],
  rights: '\u0001 © Eve',
  language: 'en"><script>',
});

const renderers = [
  ['rss', renderRss],
  ['atom', renderAtom],
] as const;

/** Everything a reader would act on after undoing the XML layer, as one string. */
function decodedXml(xml: string): string {
  return JSON.stringify(parseXml(xml));
}

describe.each(renderers)('hostile content in %s', (_name, render) => {
  const xml = render(feedDocument([hostile]));

  it('stays well-formed XML', () => {
    expect(() => parseXml(xml)).not.toThrow();
  });

  it('carries no XML-illegal characters', () => {
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('never writes CDATA, so a ]]> in content ends nothing', () => {
    expect(xml).not.toContain('<![CDATA[');
    expect(xml).not.toContain(']]>');
  });

  it('carries no script, event handler, javascript: or data: link even after entity decoding', () => {
    const decoded = decodedXml(xml).toLowerCase();
    expect(decoded).not.toMatch(/<script|<style|<iframe|<svg|<form|onerror=|onclick=|javascript:|data:text/);
  });

  it('cuts the 10,000-character title', () => {
    expect(xml.length).toBeLessThan(5_000);
  });
});

describe('hostile content in json feed', () => {
  const json = renderJsonFeed(feedDocument([hostile]));
  const feed = JSON.parse(json);

  it('stays valid JSON with no control characters or lone surrogates, even escaped', () => {
    expect(json).not.toMatch(/\\u00[01][0-9a-f]|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i);
  });

  it('carries no script, event handler or javascript: link', () => {
    expect(json.toLowerCase()).not.toMatch(/<script|onerror=|onclick=|javascript:|<iframe/);
    expect(feed.items[0].url).toBe('https://news.example.com/articles/evil-1.html');
    expect(feed.items[0].title.length).toBeLessThanOrEqual(300);
    expect(feed.items[0].language).toBeUndefined();
  });
});

describe('hostile feed-level values', () => {
  it('makes the title of the feed itself plain text and escapes its URLs', () => {
    const xml = renderRss(feedDocument([], { title: 'A </title><script>x</script>', selfUrl: 'https://n.test/?a="><script>' }));
    const channel = parseXml(xml).rss.channel;
    expect(channel.title).toBe('A x');
    expect(channel['atom:link'][0]['@href']).toBe('https://n.test/?a="><script>');
    expect(text(channel.title)).not.toContain('\u0000');
  });
});
