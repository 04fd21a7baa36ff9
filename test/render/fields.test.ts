import { describe, expect, it } from 'vitest';
import { plainText } from '../../shared/model/plain-text.js';
import { languageTag, rfc3339, rfc822, safeHttpUrl, tagSpecific } from '../../shared/render/fields.js';
import { parseInstant } from '../../shared/model/instant.js';

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

describe('dates by hand agree with Date', () => {
  let seed = 11;
  const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');

  // What rfc822 and rfc3339 were before the hand formatting: the reference they must keep matching.
  const viaDate = (ms: number): [string, string] => {
    const d = new Date(ms);
    const year = d.getUTCFullYear();
    const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    if (year < 1000 || year > 9999) return [d.toUTCString(), d.toISOString()];
    const millis = d.getUTCMilliseconds();
    return [
      `${days[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${months[d.getUTCMonth()]} ${year} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} GMT`,
      `${year}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}${millis === 0 ? '' : `.${pad(millis, 3)}`}Z`,
    ];
  };

  it('formats 100,000 instants from year 1 to 9999 and just past it as the Date path did', () => {
    const from = Date.UTC(1, 0, 1);
    const until = Date.UTC(10_050, 0, 1);
    const special = [0, -1, 1, Date.UTC(1000, 0, 1), Date.UTC(1000, 0, 1) - 1, Date.UTC(10_000, 0, 1), Date.UTC(10_000, 0, 1) - 1, Date.UTC(2000, 1, 29, 23, 59, 59, 999), 1.5, Date.UTC(2024, 6, 31) + 0.25];
    for (let k = 0; k < 100_000 + special.length; k++) {
      const ms = k < special.length ? special[k]! : Math.floor(from + random() * (until - from));
      const [r822, r3339] = viaDate(ms);
      if (rfc822(ms) !== r822 || rfc3339(ms) !== r3339) expect.fail(`instant ${ms}: ${rfc822(ms)} / ${rfc3339(ms)}, expected ${r822} / ${r3339}`);
    }
  });

  it('parses 100,000 stored-form timestamps, impossible ones included, as Date.parse does', () => {
    const special = ['2023-02-29T00:00:00.000Z', '2024-02-29T00:00:00.000Z', '1900-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z', '2024-04-31T00:00:00.000Z',
      '2024-06-13T24:00:00.000Z', '2024-06-13T23:60:00.000Z', '2024-06-13T23:59:60.000Z', '2024-00-13T00:00:00.000Z', '2024-13-01T00:00:00.000Z',
      '2024-06-00T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2024-06-13T02:30:00.000+0', '2024-06-1aT02:30:00.000Z', '2024-06-13 02:30:00.000Z'];
    for (let k = 0; k < 100_000 + special.length; k++) {
      const iso = k < special.length ? special[k]!
        : `${pad(Math.floor(random() * 10_000), 4)}-${pad(Math.floor(random() * 14), 2)}-${pad(Math.floor(random() * 33), 2)}T${pad(Math.floor(random() * 26), 2)}:${pad(Math.floor(random() * 61), 2)}:${pad(Math.floor(random() * 61), 2)}.${pad(Math.floor(random() * 1000), 3)}Z`;
      const ms = Date.parse(iso);
      const expected = Number.isNaN(ms) ? undefined : ms;
      if (parseInstant(iso) !== expected) expect.fail(`parseInstant(${iso}) = ${parseInstant(iso)}, expected ${expected}`);
    }
  });
});
