import { describe, expect, it } from 'vitest';
import { removeRepeatedTitle } from '../../shared/normalize/boilerplate.js';
import { BlockTexts, lineText, parseHtml, textBlocks, toHtml } from '../../shared/normalize/dom.js';
import { paragraphsOf } from '../../shared/normalize/paragraph-text.js';

describe('BlockTexts: block line texts shared between the body steps', () => {
  it('reads the same blocks and line texts as textBlocks and lineText', () => {
    const doc = parseHtml('<p> One  <b>two</b>\n</p><blockquote><p>Three</p></blockquote><h2>Four&nbsp;five</h2>');
    const texts = new BlockTexts(doc);
    expect(texts.blocks()).toEqual(textBlocks(doc));
    for (const block of texts.blocks()) expect(texts.line(block)).toBe(lineText(block));
    expect(texts.line(doc)).toBe(lineText(doc));
  });

  it('forgets the text of the ancestors of a removed node, and the block list', () => {
    const doc = parseHtml('<blockquote><p>Sumber: Reuters</p><p>Story.</p></blockquote>');
    const texts = new BlockTexts(doc);
    const [credit, story] = texts.blocks();
    const quote = credit!.parent!;
    expect(texts.line(quote)).toBe('Sumber: ReutersStory.');
    texts.remove(credit!);
    expect(texts.line(quote)).toBe('Story.');
    expect(texts.line(doc)).toBe('Story.');
    expect(texts.line(story!)).toBe('Story.');
    expect(texts.blocks()).toEqual([story]);
  });

  it('sees a block that a removal leaves without blocks inside as a text block', () => {
    const doc = parseHtml('<h2><p>Sumber: Reuters</p>Heading</h2><p>Story.</p>');
    const texts = new BlockTexts(doc);
    const [credit, story] = texts.blocks();
    expect(texts.blocks().map((b) => b.name)).toEqual(['p', 'p']);
    texts.remove(credit!);
    expect(texts.blocks().map((b) => b.name)).toEqual(['h2', 'p']);
    expect(texts.line(texts.blocks()[0]!)).toBe('Heading');
    expect(texts.blocks()[1]).toBe(story);
  });

  it('forgets the text of the element, its descendants and ancestors when leading text goes', () => {
    const doc = parseHtml('<div><p><strong>JAKARTA</strong> - Presiden <a href="https://x.example/">berkata</a>.</p></div>');
    const texts = new BlockTexts(doc);
    const [block] = texts.blocks();
    const strong = block!.children[0]!;
    const link = block!.children[2]!;
    expect(texts.line(strong)).toBe('JAKARTA');
    expect(texts.line(link)).toBe('berkata');
    expect(texts.line(block!)).toBe('JAKARTA - Presiden berkata.');
    texts.removeLeadingText(block!, 'JAKARTA - '.length);
    expect(texts.line(block!)).toBe('Presiden berkata.');
    expect(texts.line(block!.parent!)).toBe('Presiden berkata.');
    expect(texts.line(link)).toBe('berkata');
    expect(toHtml(doc)).toBe('<div><p>Presiden <a href="https://x.example/">berkata</a>.</p></div>');
  });

  it('gives paragraphsOf the same lines with or without it', () => {
    const html = '<p>One <br>two</p><div><p>Three</p> four</div><table><tr><td>a</td><td>b</td></tr></table><p><span><p>x</p></span> y</p>';
    const plain = paragraphsOf(parseHtml(html));
    const doc = parseHtml(html);
    expect(paragraphsOf(doc, new BlockTexts(doc))).toEqual(plain);
  });
});

describe('removeRepeatedTitle with a long first paragraph', () => {
  it('removes a repeat whatever its case, punctuation and ß, and keeps a longer paragraph', () => {
    const repeat = parseHtml('<h1>STRASSE-SPERRE: Alle 12 Wege zu!</h1><p>Story.</p>');
    expect(removeRepeatedTitle(repeat, 'Straßesperre alle 12 Wege zu')).toBe(true);
    const longer = parseHtml('<p>Strassesperre alle 12 Wege zu und mehr</p>');
    expect(removeRepeatedTitle(longer, 'Straßesperre alle 12 Wege zu')).toBe(false);
  });
});
