import { describe, expect, it } from 'vitest';
import { plainText } from '../../shared/model/plain-text.js';
import { languageTag, parseInstant, rfc3339, rfc822, safeHttpUrl, tagSpecific } from '../../shared/render/fields.js';

describe('plain text for titles', () => {
  it('removes HTML markup, which the validator flags in text titles', () => {
    expect(plainText('<b>Breaking:</b> <i>rates</i> rise<br/>today', 300)).toBe('Breaking: rates rise today');
  });

  it('keeps angle brackets that cannot open a tag, and removes every tag-like sequence (a browser would hide <update>)', () => {
    expect(plainText('Inflation <3% as a < b and <update> lands', 300)).toBe('Inflation <3% as a < b and lands');
  });

  it('removes script elements and event handler attributes with their tags', () => {
    expect(plainText('<script>alert(1)</script><img src=x onerror="alert(2)">Hi', 300)).toBe('alert(1) Hi');
  });

  it('decodes entity references left in double-encoded titles, then removes the markup they spelled', () => {
    expect(plainText('AT&amp;T &#8211; Q2 &lt;b&gt;beats&lt;/b&gt; &#x1F4C8; &bogus;', 300)).toBe('AT&T – Q2 beats 📈 &bogus;');
  });

  it('drops a control character spelled as a numeric reference', () => {
    expect(plainText('a&#1;b&#0;c', 300)).toBe('abc');
  });

  it('cuts a 10,000-character title to the limit with an ellipsis', () => {
    const title = plainText('x'.repeat(10_000), 300);
    expect(title.length).toBe(300);
    expect(title.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair when cutting', () => {
    const title = plainText('😀'.repeat(400), 300);
    expect(title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('drops control characters and collapses whitespace', () => {
    expect(plainText('  a\u0000b \n\t c\u0007  ', 300)).toBe('ab c');
  });
});

describe('dates', () => {
  const ms = Date.parse('2024-06-13T02:30:00.000Z');

  it('writes RFC 822 dates for RSS', () => {
    expect(rfc822(ms)).toBe('Thu, 13 Jun 2024 02:30:00 GMT');
  });

  it('writes RFC 3339 dates for Atom and JSON Feed', () => {
    expect(rfc3339(ms)).toBe('2024-06-13T02:30:00Z');
    expect(rfc3339(ms + 250)).toBe('2024-06-13T02:30:00.250Z');
  });

  it('treats an unparseable date as absent, never as Invalid Date', () => {
    expect(parseInstant('yesterday-ish')).toBeUndefined();
    expect(parseInstant(undefined)).toBeUndefined();
  });
});

describe('links and ids', () => {
  it.each([
    ['a relative link', '/news/1'],
    ['a javascript: link', 'javascript:alert(1)'],
    ['a data: link', 'data:text/html,<script>alert(1)</script>'],
    ['a protocol-relative link', '//evil.test/x'],
    ['garbage', 'http://'],
  ])('refuses %s', (_name, url) => {
    expect(safeHttpUrl(url)).toBeUndefined();
  });

  it('accepts and normalizes absolute http(s) links', () => {
    expect(safeHttpUrl('HTTPS://News.Example.com/a b')).toBe('https://news.example.com/a%20b');
  });

  it('accepts only well-formed language tags', () => {
    expect(languageTag('id')).toBe('id');
    expect(languageTag('en-GB')).toBe('en-GB');
    expect(languageTag('english')).toBeUndefined();
    expect(languageTag('e"n')).toBeUndefined();
  });

  it('percent-encodes characters a tag URI cannot hold', () => {
    expect(tagSpecific('a b#c/é')).toBe('a%20b%23c/%C3%A9');
  });
});
