import { describe, expect, it } from 'vitest';
import { generateArticles } from '../../bench/generate.js';
import { renderAtom, renderAtomBytes } from '../../shared/render/atom.js';
import { clearRenderMemos } from '../../shared/render/memo.js';
import { renderRss, renderRssBytes } from '../../shared/render/rss.js';
import { Utf8Writer } from '../../shared/render/utf8.js';
import { escLong } from '../../shared/render/xml.js';
import { renderJsonFeed, renderJsonFeedBytes } from '../../shared/render/jsonfeed.js';
import { jsonStringOfLegalText } from '../../shared/model/json-string.js';
import { makeArticle } from '../publish/articles.js';
import { feedDocument } from './document.js';

const joined = (pieces: string[]) => Buffer.from(pieces.join(''), 'utf8');

/** The writer's bytes for the pieces, pushed in calls of one to three pieces, into a buffer of `capacity`. */
function utf8Bytes(pieces: string[], capacity = 16): Buffer {
  const writer = new Utf8Writer(capacity);
  for (let i = 0; i < pieces.length; i += 1 + (i % 3)) writer.push(...pieces.slice(i, i + 1 + (i % 3)));
  return writer.bytes();
}

describe('Utf8Writer', () => {
  it('gives the bytes of the joined string for ASCII, Latin-1, two- and three-byte and astral characters', () => {
    const pieces = ['<a>', 'caf\u00e9', '', 'Jakarta \u2014 \u4e2d\u6587', '\u{1F600}\u{1F4F0}', '</a>\n'];
    expect(utf8Bytes(pieces).equals(joined(pieces))).toBe(true);
    expect(utf8Bytes(pieces, 10_000).equals(joined(pieces))).toBe(true);
  });

  it('grows past its first guess when the text is mostly three-byte characters', () => {
    const pieces = Array.from({ length: 500 }, (_, i) => `\u4e2d\u6587\u65b0\u95fb ${i} `.repeat(1 + (i % 7)));
    expect(utf8Bytes(pieces).equals(joined(pieces))).toBe(true);
    const one = ['x', '\u4e2d'.repeat(100_000)];
    expect(utf8Bytes(one).equals(joined(one))).toBe(true);
  });

  it('keeps a surrogate pair split between two pieces one character, as the joined string does', () => {
    const pieces = ['news \ud83d', '\ude00 today', '\ud83d', '', '\ude00', 'end \ud83d'];
    expect(utf8Bytes(pieces).equals(joined(pieces))).toBe(true);
    expect(utf8Bytes(['\ud83d', '\ude00']).toString('utf8')).toBe('\u{1F600}');
    // A lone half at the very end is written as the joined string encodes it (U+FFFD).
    expect(utf8Bytes(['a', '\ud83d']).equals(joined(['a', '\ud83d']))).toBe(true);
  });

  it('writes long text escaped as the bytes of escLong(text), between plain pieces', () => {
    const texts = [
      `<p class="x">Tom &amp; Jerry's "caf\u00e9" &lt;b&gt; \u2014 \u4e2d\u6587 \u{1F600}</p>`,
      '<a href="https://e.example/?a=1&amp;b=2">\u00e9</a>'.repeat(4_000), // past the scratch buffer's first 64 KB
      'no specials at all, \u00e9\u00e8',
      `&&&<<<>>>"""'''`,
      '',
    ];
    for (const capacity of [16, 1_000_000]) {
      const writer = new Utf8Writer(capacity);
      const expected: string[] = [];
      for (const text of texts) {
        writer.push('<content>');
        writer.pushEscapedLong(text);
        writer.push('</content>');
        expected.push('<content>', escLong(text), '</content>');
      }
      expect(writer.bytes().equals(joined(expected))).toBe(true);
    }
  });

  it('escapes runs of plain text of every length between specials, short and long, at the start and the end', () => {
    // Runs above a few dozen bytes are copied natively and shorter ones byte by byte: both must meet the escapes.
    const runs = Array.from({ length: 80 }, (_, n) => 'w\u00e9'.repeat(n).slice(0, n));
    const texts = [runs.join('&'), `<${runs.join('"<')}>`, runs.reverse().join('>'), `${'x'.repeat(79)}&`, `&${'y'.repeat(79)}`];
    for (const text of texts) {
      const writer = new Utf8Writer(16);
      writer.pushEscapedLong(text);
      expect(writer.bytes().toString('utf8')).toBe(escLong(text));
    }
  });

  it('writes long text as a JSON string: the bytes of jsonStringOfLegalText(text)', () => {
    const texts = ['<p class="x">a \\ b\n\r\t "q" caf\u00e9 \u{1F600}</p>', `${'<a href="https://e.example/">\u4e2d\n</a>'.repeat(6_000)}`, '', 'plain'];
    for (const capacity of [16, 1_000_000]) {
      const writer = new Utf8Writer(capacity);
      const expected: string[] = [];
      for (const text of texts) {
        writer.push('{"b":');
        writer.pushJsonStringLong(text);
        writer.push('}');
        expected.push('{"b":', jsonStringOfLegalText(text), '}');
      }
      expect(writer.bytes().equals(joined(expected))).toBe(true);
      for (const text of texts) expect(JSON.parse(jsonStringOfLegalText(text))).toBe(text);
    }
  });

  it('keeps a surrogate pair split between a piece and escaped text one character', () => {
    const writer = new Utf8Writer(16);
    writer.push('a \ud83d');
    writer.pushEscapedLong('\ude00 & b \ud83d');
    writer.push('\ude00');
    expect(writer.bytes().toString('utf8')).toBe('a \u{1F600} &amp; b \u{1F600}');
  });

  it('gives no bytes for no pieces', () => {
    expect(utf8Bytes([]).length).toBe(0);
    expect(utf8Bytes(['', '']).length).toBe(0);
  });
});

describe('RSS, Atom and JSON Feed as bytes', () => {
  const all = generateArticles(200, 42);
  for (const count of [1, 7, 50, 200]) {
    it(`are the UTF-8 of the rendered string for ${count} bench article(s)`, () => {
      const doc = feedDocument(all.slice(0, count), { stylesheetUrl: 'https://news.example.com/feeds/style.xsl', nextUrl: 'https://news.example.com/feeds/all.rss?before=x' });
      // Fresh memos for each render, as a first render of the articles has.
      clearRenderMemos();
      const rss = renderRssBytes(doc);
      clearRenderMemos();
      expect(rss.equals(Buffer.from(renderRss(doc), 'utf8'))).toBe(true);
      clearRenderMemos();
      const atom = renderAtomBytes(doc);
      clearRenderMemos();
      expect(atom.equals(Buffer.from(renderAtom(doc), 'utf8'))).toBe(true);
      clearRenderMemos();
      expect(renderJsonFeedBytes(doc).equals(Buffer.from(renderJsonFeed(doc), 'utf8'))).toBe(true);
    });
  }

  it('are the UTF-8 of the rendered string for text outside the BMP and characters XML forbids', () => {
    const doc = feedDocument([
      makeArticle({ id: 'astral', title: 'Kabar \u{1F4F0} hari ini \ud83d', summary: 'Ringkas \u4e2d\u6587 \u0001 \uFFFE', bodyHtml: '<p>Isi \u{1F600} &amp; caf\u00e9</p>' }),
      makeArticle({ id: 'plain', title: 'Plain' }),
    ]);
    expect(renderRssBytes(doc).equals(Buffer.from(renderRss(doc), 'utf8'))).toBe(true);
    expect(renderAtomBytes(doc).equals(Buffer.from(renderAtom(doc), 'utf8'))).toBe(true);
    expect(renderJsonFeedBytes(doc).equals(Buffer.from(renderJsonFeed(doc), 'utf8'))).toBe(true);
  });
});
