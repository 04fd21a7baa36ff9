import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTag, isText, type ChildNode, type ParentNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../bench/generate.js';
import { readFeed } from '../../shared/formats/index.js';
import { parseCheckedHtml } from '../../shared/normalize/dom.js';
import { XSS_VECTORS } from '../support/xss-vectors.js';

/**
 * parseCheckedHtml parses with the tokenizer's entity decoding off and decodes text and attribute values itself;
 * these tests hold its tree to the one htmlparser2 builds with decoding on, node for node.
 */
function shape(parent: ParentNode): unknown[] {
  return parent.children.map((node: ChildNode) => {
    if (isText(node)) return ['text', node.data];
    if (isTag(node)) return [node.name, Object.entries(node.attribs), shape(node)];
    return [node.type, 'data' in node ? node.data : '', 'children' in node ? shape(node) : []];
  });
}

function expectSameTree(html: string): void {
  expect(shape(parseCheckedHtml(html)), html).toEqual(shape(parseDocument(html, { decodeEntities: true })));
}

const ENTITY_PIECES = [
  '&amp;', '&amp', '&AMP', '&lt', '&gt;', '&nbsp', '&nbsp;', '&not', '&notin;', '&notit;', '&copy', '&copyx', '&copy=',
  '&quot', '&apos;', '&hellip;', '&mdash;', '&#0;', '&#x0;', '&#38;', '&#x26;', '&#x80;', '&#128;', '&#x9F;', '&#xD800;',
  '&#xDFFF;', '&#x110000;', '&#1114111;', '&#99999999999;', '&#', '&#x', '&#x;', '&#;', '&#65', '&#x41', '&#x41g', '&',
  '&;', '& ', '&&', '&unknown;', '&Eacute', '&eacute;', '&aacutex', '&frac12', '&frac123',
];
const TEXT_PIECES = ['a', 'Z', '1', '=', ' ', '\n', ';', '"', "'", '/', '>', '<', '< b', '<3', 'é', '\u00a0', '\t'];
const OPEN_TAGS = [
  '<p>', '<div>', '<b>', '<span>', '<script>', '<style>', '<title>', '<textarea>', '<xmp>', '<iframe>', '<noembed>',
  '<noframes>', '<noscript>', '<svg>', '<math>', '<foreignObject>', '<desc>', '<table>', '<td>', '<li>', '<pre>',
  '<script/>', '<br>', '<img src=x>', '<!-- c &amp; -->', '<![CDATA[ &amp; ]]>', '<!doctype html>', '<?pi &amp; ?>',
];
const CLOSE_TAGS = ['</p>', '</div>', '</b>', '</script>', '</style>', '</title>', '</textarea>', '</xmp>', '</svg>', '</math>', '</foreignObject>', '</titlex>', '</'];

function randomAttribute(rand: () => number, pick: <T>(list: T[]) => T): string {
  let value = '';
  const parts = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < parts; i++) value += rand() < 0.6 ? pick(ENTITY_PIECES) : pick(['a', '=', '1', 'x', ' ', ';', '/']);
  const name = pick(['href', 'title', 'alt', 'data-x', 'src']);
  switch (Math.floor(rand() * 3)) {
    case 0:
      return ` ${name}="${value.replaceAll('"', '')}"`;
    case 1:
      return ` ${name}='${value.replaceAll("'", '')}'`;
    default:
      return ` ${name}=${value.replace(/[\s>"'=<`]/g, '')}${pick(['', 'a', '1', '='])}`;
  }
}

function randomFragment(rand: () => number): string {
  const pick = <T,>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
  let html = '';
  const pieces = 3 + Math.floor(rand() * 25);
  for (let i = 0; i < pieces; i++) {
    const roll = rand();
    if (roll < 0.4) html += pick(ENTITY_PIECES);
    else if (roll < 0.65) html += pick(TEXT_PIECES);
    else if (roll < 0.8) {
      const tag = pick(OPEN_TAGS);
      html += tag.endsWith('>') && /^<[a-z]/i.test(tag) && rand() < 0.5 ? tag.replace(/\/?>$/, `${randomAttribute(rand, pick)}>`) : tag;
    } else if (roll < 0.85) html += `<a${randomAttribute(rand, pick)}${randomAttribute(rand, pick)}>`;
    else html += pick(CLOSE_TAGS);
  }
  return html;
}

const FORMATS_DIR = join(import.meta.dirname, '..', 'fixtures', 'formats');

describe('parseCheckedHtml decodes entities as the tokenizer would', () => {
  it('builds the same tree as decoding in the tokenizer, for the bodies and summaries of every format fixture', () => {
    let bodies = 0;
    for (const file of readdirSync(FORMATS_DIR)) {
      const feed = readFeed(readFileSync(join(FORMATS_DIR, file)), { url: 'https://partner.example/feed' });
      for (const item of feed.items) {
        for (const html of [item.contentHtml, item.summaryHtml]) {
          if (html === undefined) continue;
          expectSameTree(html);
          bodies++;
        }
      }
    }
    expect(bodies).toBeGreaterThan(20);
  });

  it('builds the same tree for every XSS vector of our corpus', () => {
    for (const vector of XSS_VECTORS) expectSameTree(vector.html);
  });

  it.each([
    ['named entities with and without a semicolon', '<p>a &amp b &amp; c &AMP d &notit; e &notin; f &copyx</p>'],
    ['numeric references past the ranges', '<p>&#0; &#x80; &#x9F; &#xD800; &#x110000; &#99999999999; &#x41g &#65x</p>'],
    ['an entity right before a tag and at the end', '<p>&amp</p>&lt<b>&gt</b>&copy'],
    ['attribute values, quoted and unquoted, before letters and =', '<a href="?a=1&copy=2&amp;b&notx" title=&amp;x alt=&copy= data-x=&lt1>t</a>'],
    ['raw text elements, left as written', '<script>if (a &amp;&amp; b) x("&lt;")</script><style>a::after{content:"&amp;"}</style><xmp>&amp;</xmp><iframe>&amp;</iframe><noembed>&amp;</noembed><noframes>&amp;</noframes>'],
    ['RCDATA elements, decoded', '<title>A &amp; B</title><textarea>&lt;b&gt;</textarea><noscript>&amp;</noscript>'],
    ['raw text elements inside SVG and MathML, decoded', '<svg><style>&amp;</style><script>&lt;</script><foreignObject><style>&amp;</style></foreignObject></svg><math><style>&amp;</style></math>'],
    ['plaintext, raw to the end', '<p>&amp;</p><plaintext>&amp; </p> &lt;'],
    ['a self-closed script stays raw text', '<script/>&amp;<p>&amp;</p>'],
    ['an & part-way through a title or textarea end tag, left as written', '<title>a<&amp; </t&amp; </TITLE&lt;&amp;</title><textarea><</&#65;</textarea>'],
    ['a title inside SVG or MathML, an ordinary element', '<svg><title>&lt;&amp;</title></svg><math><title><&#65;</title></math>'],
    ['CDATA inside SVG, taken as written', '<svg><![CDATA[ &amp; &lt; ]]>&amp;</svg><![CDATA[ &amp; ]]>'],
  ])('builds the same tree for %s', (_name, html) => {
    expectSameTree(html);
  });

  it('builds the same tree for 5,000 random fragments heavy in entities', () => {
    const rand = createRandom(20261204);
    let withEntities = 0;
    for (let i = 0; i < 5000; i++) {
      const html = randomFragment(rand);
      if (html.includes('&')) withEntities++;
      expectSameTree(html);
    }
    expect(withEntities).toBeGreaterThan(4000);
  });
});
