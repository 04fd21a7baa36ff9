import { describe, expect, it } from 'vitest';
import type { Article } from '../../shared/model/article.js';
import { htmlToText, plainText, textToHtml } from '../../shared/model/plain-text.js';
import { normalizeFeed } from '../../shared/normalize/index.js';
import { renderAtom } from '../../shared/render/atom.js';
import { renderJsonFeed } from '../../shared/render/jsonfeed.js';
import { renderRss } from '../../shared/render/rss.js';
import { makeArticle } from '../publish/articles.js';
import { feedDocument } from '../render/document.js';
import { parseXml, text } from '../render/parse.js';

/** A `<` that an HTML reader would take as the start of a tag, comment or declaration. */
const TAG_OPENER = /<[A-Za-z/!?]/;

const HOSTILE_TEXT: Array<[string, string]> = [
  ['a details element with a toggle handler', '<details open ontoggle=alert(1)>Rates</details> rise'],
  ['a custom element', 'Rates <my-widget onclick="alert(1)">rise</my-widget>'],
  ['SVG children', '<svg><animate onbegin=alert(1) attributeName=x dur=1s></animate><set attributeName=onmouseover to=alert(1)/></svg>Rates'],
  ['MathML with a link', '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">Rates</maction></math>'],
  ['double-encoded markup', '&amp;lt;img src=x onerror=alert(1)&amp;gt;Rates'],
  ['triple-encoded markup', '&amp;amp;lt;script&amp;amp;gt;alert(1)&amp;amp;lt;/script&amp;amp;gt;'],
  ['numeric references spelling a tag', '&#60;img src=x onerror=alert(1)&#x3E;Rates'],
  ['a tag rebuilt when an inner tag goes', '<<b>script>alert(1)<</b>/script>'],
  ['a quoted > inside an attribute', '<img alt=">" src=x onerror=alert(1)>Rates'],
  ['an unclosed tag at the end', 'Rates rise <img src=x onerror=alert(1)'],
  ['a comment hiding a tag', 'Rates <!--><img src=x onerror=alert(1)>--> rise'],
  ['a processing instruction and a CDATA section', '<?xml-stylesheet href=x?><![CDATA[<script>]]>Rates'],
  ['an upper-case script', '<SCRIPT>alert(1)</SCRIPT>Rates'],
];

describe('plainText: a text field can never carry a tag', () => {
  it.each(HOSTILE_TEXT)('leaves no tag-like sequence from %s, however many times it runs', (_name, value) => {
    const once = plainText(value);
    expect(once).not.toMatch(TAG_OPENER);
    expect(plainText(once)).not.toMatch(TAG_OPENER);
    expect(plainText(plainText(once))).not.toMatch(TAG_OPENER);
  });

  it('decodes before stripping, so double-encoded markup loses its tags instead of becoming them', () => {
    expect(plainText(plainText('Q2 &amp;lt;b&amp;gt;beats&amp;lt;/b&amp;gt;'))).toBe('Q2 beats');
  });

  it('keeps the text of the elements it removes', () => {
    expect(plainText('<details open ontoggle=alert(1)>Rates</details> rise')).toBe('Rates rise');
  });

  it('stays linear on a long run of unclosed tag openers and quotes', () => {
    expect(plainText('<a "'.repeat(50_000))).not.toMatch(TAG_OPENER);
  });
});

describe('htmlToText: one line of text from HTML', () => {
  it.each([
    ['block tags become spaces, inline tags join', '<p>One</p><p>Tw<b>o</b></p>', 'One Two'],
    ['script and style go with their content', '<script>var a = "<p>";</script><style>p{}</style>Text', 'Text'],
    ['references are decoded after the tags go (in HTML they are text)', '<p>a &lt;b&gt; c</p>', 'a <b> c'],
  ])('%s', (_name, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });
});

describe('textToHtml', () => {
  it('escapes the HTML specials', () => {
    expect(textToHtml('a < b & "c" > d')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
  });
});

describe('plain text in every output', () => {
  const article: Article = makeArticle({
    id: 'a1',
    url: 'https://partner.example/a1',
    title: '<details open ontoggle=alert(1)>Title</details> &amp;lt;img src=x onerror=alert(2)&amp;gt;',
    authors: ['<my-author onclick=alert(3)>Eve</my-author>'],
    categories: ['<svg><animate onbegin=alert(4) attributeName=x></animate></svg>World'],
    media: [{ url: 'https://img.example/a.jpg', type: 'image/jpeg', medium: 'image', caption: 'A <x-caption onmouseover=alert(5)>photo</x-caption>', credit: '<b>AFP</b>' }],
    summary: '&lt;img src=x onerror=alert(6)&gt; Summary',
  });
  const doc = feedDocument([article], { title: 'Category <img src=x onerror=alert(7)>', description: 'Articles in <img src=x onerror=alert(8)>' });

  it('RSS: every text field is plain, and the channel description (HTML to readers) carries no raw <', () => {
    const channel = parseXml(renderRss(doc)).rss.channel;
    expect(text(channel.title)).not.toMatch(TAG_OPENER);
    expect(text(channel.description)).not.toContain('<');
    const item = channel.item[0];
    for (const value of [item.title, item['dc:creator'][0], item.category[0], item['media:content'][0]['media:description'], item['media:content'][0]['media:credit']]) {
      expect(text(value)).not.toMatch(TAG_OPENER);
    }
    expect(text(item['media:content'][0]['media:description'])).toBe('A photo');
    expect(text(item.description)).not.toMatch(TAG_OPENER);
  });

  it('Atom and JSON Feed: the same fields are plain', () => {
    const feed = parseXml(renderAtom(doc)).feed;
    expect(text(feed.title)).not.toMatch(TAG_OPENER);
    expect(text(feed.subtitle)).not.toMatch(TAG_OPENER);
    expect(text(feed.entry[0].title)).not.toMatch(TAG_OPENER);
    expect(text(feed.entry[0].author[0].name)).not.toMatch(TAG_OPENER);
    const json = JSON.parse(renderJsonFeed(doc));
    for (const value of [json.title, json.description, json.items[0].title, json.items[0].authors[0].name, ...json.items[0].tags]) {
      expect(value).not.toMatch(TAG_OPENER);
    }
  });

  it('normalization stores plain titles, names and captions', () => {
    const [stored] = normalizeFeed(
      {
        format: 'rss',
        warnings: [],
        items: [
          {
            guid: 'g', url: 'https://partner.example/g', title: '&lt;details open ontoggle=alert(1)&gt;Title', authors: ['<x-a>Eve</x-a>'], categories: [],
            media: [{ url: 'https://img.example/a.jpg', caption: '<svg><set attributeName=onmouseover to=alert(1)/></svg>Photo' }], relatedLinks: [],
            contentHtml: '<p>Body</p>',
          },
        ],
      },
      { partnerId: 'p' },
    );
    expect(stored!.title).toBe('Title');
    expect(stored!.authors).toEqual(['Eve']);
    expect(stored!.media[0]!.caption).toBe('Photo');
  });
});
