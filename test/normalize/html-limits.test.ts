import { describe, expect, it } from 'vitest';
import { UnsafeFeedError, UnsafeHtmlError } from '../../shared/errors.js';
import { parseFeed } from '../../shared/index.js';
import type { ParsedFeed, WireItem } from '../../shared/model/wire-item.js';
import { parseHtml } from '../../shared/normalize/dom.js';
import { HTML_LIMITS, htmlLimitBreach } from '../../shared/normalize/html-limits.js';
import { normalizeFeed } from '../../shared/normalize/index.js';

function item(over: Partial<WireItem> = {}): WireItem {
  return { authors: [], categories: [], media: [], relatedLinks: [], guid: 'g1', url: 'https://partner.example/a', title: 'T', ...over };
}
function feed(items: WireItem[]): ParsedFeed {
  return { format: 'rss', items, warnings: [] };
}
const CTX = { partnerId: 'hostile-partner' };

/** What normalizing threw, or undefined when it did not throw. */
function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('HTML limits: hostile nesting is refused before any parser sees it', () => {
  it.each([
    ['10,000', 10_000],
    ['100,000', 100_000],
    ['1,000,000', 1_000_000],
  ])('refuses a body of %s unclosed <x> with UnsafeHtmlError naming the partner and the item', (_label, depth) => {
    const body = '<x>'.repeat(depth) + 'deep';
    const error = refusal(() => normalizeFeed(feed([item({ contentHtml: body })]), CTX));
    expect(error).toBeInstanceOf(UnsafeHtmlError);
    expect(error).toBeInstanceOf(UnsafeFeedError);
    const unsafe = error as UnsafeHtmlError;
    expect(unsafe.message).toMatch(/^partner "hostile-partner": item 1 \(g1\) refused: its body has /);
    expect(unsafe.context.partnerId).toBe('hostile-partner');
    expect(unsafe.message).not.toMatch(/call stack/);
  });

  it('refuses 100,000 nested elements in a summary too, and through the whole pipeline from an RSS document', () => {
    const nested = '&lt;div&gt;'.repeat(100_000);
    const rss = `<rss version="2.0"><channel><title>c</title><link>https://partner.example/</link><item><title>t</title><link>https://partner.example/a</link><description>${nested}</description></item></channel></rss>`;
    expect(refusal(() => parseFeed(rss, { partnerId: 'hostile-partner' }))).toBeInstanceOf(UnsafeHtmlError);
  });

  it('checks every item before parsing any: a hostile third item stops the document before the first is parsed', () => {
    const items = [item({ guid: 'a', contentHtml: '<p>fine</p>' }), item({ guid: 'b' }), item({ guid: 'c', contentHtml: '<b>'.repeat(10_000) })];
    expect((refusal(() => normalizeFeed(feed(items), CTX)) as Error).message).toMatch(/item 3 \(c\)/);
  });

  it('refuses direct parsing of over-deep HTML with the typed error, never a RangeError', () => {
    expect(refusal(() => parseHtml('<span>'.repeat(200_000)))).toBeInstanceOf(UnsafeHtmlError);
  });

  it.each([
    ['nesting exactly at the depth limit', '<div>'.repeat(HTML_LIMITS.maxDepth) + 'x'],
    ['many closed siblings', '<p><b>x</b></p>'.repeat(9_000)],
    ['unclosed paragraphs and list items (closed implicitly, as parsers do)', '<p>a'.repeat(5_000) + '<ul>' + '<li>b'.repeat(5_000) + '</ul>'],
    ['void elements', 'a<br>'.repeat(19_000)],
    ['tags inside comments, scripts and quoted attributes', '<!--' + '<x>'.repeat(2_000) + '--><script>' + '<x>'.repeat(2_000) + '</script><a title="' + '<x>'.repeat(2_000) + '">l</a>'],
    ['stray end tags', '</x>'.repeat(50_000) + '<p>ok</p>'],
  ])('accepts %s', (_name, html) => {
    expect(htmlLimitBreach(html)).toBeUndefined();
  });

  it.each([
    ['one level past the depth limit', '<div>'.repeat(HTML_LIMITS.maxDepth + 1), /nested more than 512 deep/],
    ['more elements than the limit', '<br>'.repeat(HTML_LIMITS.maxElements + 1), new RegExp(`more than ${HTML_LIMITS.maxElements} elements`)],
    ['more characters than the per-item cap', 'a'.repeat(HTML_LIMITS.maxChars + 1), /exceed the 1048576-character limit/],
    ['nesting hidden from a careless quote scan', '<a b"c>' + '<x>'.repeat(1_000) + '"', /nested more than 512 deep/],
  ])('refuses %s', (_name, html, reason) => {
    expect(htmlLimitBreach(html)).toMatch(reason);
  });
});

describe('HTML limits: the time budget per document', () => {
  it('refuses the document once normalizing has taken longer than its budget (clock passed in)', () => {
    let clock = 0;
    const now = (): number => (clock += 400);
    const items = [item({ guid: 'a' }), item({ guid: 'b' }), item({ guid: 'c' })];
    const error = refusal(() => normalizeFeed(feed(items), { ...CTX, timeBudget: { ms: 1_000, now } }));
    expect(error).toBeInstanceOf(UnsafeHtmlError);
    expect((error as Error).message).toMatch(/"hostile-partner": normalizing the document took over its 1000 ms time budget \(stopped before item 3\)/);
  });

  it('normalizes every item when the budget is not spent', () => {
    const items = [item({ guid: 'a' }), item({ guid: 'b' })];
    expect(normalizeFeed(feed(items), { ...CTX, timeBudget: { ms: 1_000, now: () => 0 } })).toHaveLength(2);
  });
});
