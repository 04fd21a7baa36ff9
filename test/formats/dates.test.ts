import { describe, expect, it } from 'vitest';
import { parseDate } from '../../shared/formats/dates.js';
import { readFeed } from '../../shared/formats/index.js';

describe('dates', () => {
  it.each([
    // RFC 822 / 1123 and wild variants
    ['Wed, 31 Jul 2024 18:00:00 +0700', '2024-07-31T11:00:00.000Z'],
    ['Wed, 31 Jul 2024 18:00:00 GMT', '2024-07-31T18:00:00.000Z'],
    ['Thu, 1 Aug 2024 09:05:00 GMT', '2024-08-01T09:05:00.000Z'],
    ['Thu, 01 Aug 2024 09:05 GMT', '2024-08-01T09:05:00.000Z'],
    ['1 Aug 2024 09:05:00 EST', '2024-08-01T14:05:00.000Z'],
    ['Thu, 01 Aug 2024 09:05:00 PDT', '2024-08-01T16:05:00.000Z'],
    ['Thu, 01 Aug 2024 09:05:00 UT', '2024-08-01T09:05:00.000Z'],
    ['Thu, 01 Aug 2024 09:05:00 Z', '2024-08-01T09:05:00.000Z'],
    ['Thu, 01 Aug 24 09:05:00 GMT', '2024-08-01T09:05:00.000Z'],
    ['Thu, 01 Aug 2024 09:05:00 +07:00', '2024-08-01T02:05:00.000Z'],
    ['Thu, 01 Aug 2024 09:05:00', '2024-08-01T09:05:00.000Z'],
    ['Thursday, 01-Aug-2024 09:05:00 GMT', '2024-08-01T09:05:00.000Z'],
    ['Thu, 01 August 2024 09:05:00 -0000', '2024-08-01T09:05:00.000Z'],
    // RFC 822 military zones as that RFC defines them (A = -1, N = +1), like Universal Feed Parser.
    ['Thu, 01 Aug 2024 09:05:00 A', '2024-08-01T10:05:00.000Z'],
    ['Thu, 01 Aug 2024 09:05:00 N', '2024-08-01T08:05:00.000Z'],
    ['Thu, 01 Aug 2024 09:05:00 Y', '2024-07-31T21:05:00.000Z'],
    // ISO 8601 / W3C-DTF
    ['2024-07-31', '2024-07-31T00:00:00.000Z'],
    ['2024-07', '2024-07-01T00:00:00.000Z'],
    ['2024-07-31T18:00Z', '2024-07-31T18:00:00.000Z'],
    ['2024-07-31T18:00:00+07:00', '2024-07-31T11:00:00.000Z'],
    ['2024-07-31T18:00:00.250-05:00', '2024-07-31T23:00:00.250Z'],
    ['2024-07-31 18:00:00', '2024-07-31T18:00:00.000Z'],
    ['2024-07-31T18:00:00+0530', '2024-07-31T12:30:00.000Z'],
    // NITF compact
    ['20240731T180000Z', '2024-07-31T18:00:00.000Z'],
    ['20240731T180000+0700', '2024-07-31T11:00:00.000Z'],
    ['20240731', '2024-07-31T00:00:00.000Z'],
    // Indonesian
    ['Rabu, 31 Juli 2024 18:00 WIB', '2024-07-31T11:00:00.000Z'],
    ['31 Agustus 2024 - 18:00 WITA', '2024-08-31T10:00:00.000Z'],
    ['Senin, 1 Januari 2024 | 10:15 WIT', '2024-01-01T01:15:00.000Z'],
    ['Selasa, 31 Desember 2024 23.59 WIB', '2024-12-31T16:59:00.000Z'],
    ["Jum'at, 2 Februari 2024 07:00:00 WIB", '2024-02-02T00:00:00.000Z'],
    ['3 Okt 2024 12:00 WIB', '2024-10-03T05:00:00.000Z'],
    ['31/07/2024 18:00 WIB', '2024-07-31T11:00:00.000Z'],
  ])('reads %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each([[''], ['   '], ['not a date'], ['Wed, 32 Jul 2024 10:00:00 GMT'], ['2024-02-30'], ['2024-13-01'], ['31 Foo 2024'], ['Thu, 01 Aug 2024 25:00:00 GMT'], ['Thu, 01 Aug 2024 09:05:00 XYZ']])(
    'leaves %j out rather than guessing',
    (input) => {
      expect(parseDate(input)).toBeUndefined();
    },
  );
});

describe('dates in the wild', () => {
  it.each([
    ['Wed, 31 Jul 2024 18:00:00 +0700 (WIB)', '2024-07-31T11:00:00.000Z'],
    ['July 31, 2024 6:00 PM EDT', '2024-07-31T22:00:00.000Z'],
    ['Wednesday, July 31, 2024 - 6:05 am', '2024-07-31T06:05:00.000Z'],
    ['2024/07/31 18:00:00', '2024-07-31T18:00:00.000Z'],
    ['31-07-2024 18:00', '2024-07-31T18:00:00.000Z'],
    ['Mon, 05 Aug 2024 10:00:00 GMT+7', '2024-08-05T03:00:00.000Z'],
    ['2024-07-31t18:00:00z', '2024-07-31T18:00:00.000Z'],
    ['2024-07-31T18:00:00+07', '2024-07-31T11:00:00.000Z'],
    ['31 Jul 2024', '2024-07-31T00:00:00.000Z'],
  ])('reads %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it('refuses a very long value without trying every pattern', () => {
    expect(parseDate(`${'1 '.repeat(50_000)}Jul 2024`)).toBeUndefined();
  });
});

describe('dates partners write that issue 12 names', () => {
  it.each([
    ['an abbreviated Indonesian Friday in WIB', 'Jum, 14 Jun 2024 08:00:00 WIB', '2024-06-14T01:00:00.000Z'],
    ['an abbreviated Indonesian Monday in WITA', 'Sen, 10 Jun 2024 08:00:00 WITA', '2024-06-10T00:00:00.000Z'],
    ['an abbreviated Indonesian Sunday in WIT', 'Min, 16 Jun 2024 23:00:00 WIT', '2024-06-16T14:00:00.000Z'],
    ['an abbreviated Indonesian Tuesday', 'Sel, 11 Jun 2024 08:00 WIB', '2024-06-11T01:00:00.000Z'],
    ['an abbreviated Indonesian Wednesday', 'Rab, 12 Jun 2024 08:00 WIB', '2024-06-12T01:00:00.000Z'],
    ['an abbreviated Indonesian Thursday', 'Kam, 13 Jun 2024 08:00 WIB', '2024-06-13T01:00:00.000Z'],
    ['an abbreviated Indonesian Saturday', 'Sab, 15 Jun 2024 08:00 WIB', '2024-06-15T01:00:00.000Z'],
    ['Etc/GMT+7, which POSIX means as UTC-7', 'Fri, 14 Jun 2024 08:00:00 Etc/GMT+7', '2024-06-14T15:00:00.000Z'],
    ['Etc/GMT-7, which POSIX means as UTC+7', 'Fri, 14 Jun 2024 08:00:00 Etc/GMT-7', '2024-06-14T01:00:00.000Z'],
    ['an ISO date with an Etc/GMT zone', '2024-06-14T08:00:00 Etc/GMT-7', '2024-06-14T01:00:00.000Z'],
    ['UT', 'Fri, 14 Jun 2024 08:00:00 UT', '2024-06-14T08:00:00.000Z'],
    ['Eastern Standard Time', 'Fri, 14 Jun 2024 08:00:00 EST', '2024-06-14T13:00:00.000Z'],
    ['Central Daylight Time', 'Fri, 14 Jun 2024 08:00:00 CDT', '2024-06-14T13:00:00.000Z'],
    ['Mountain Standard Time', 'Fri, 14 Jun 2024 08:00:00 MST', '2024-06-14T15:00:00.000Z'],
  ])('reads %s', (_name, text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it.each([
    ['an hour of 25', '2013-01-27T25:14:00Z'],
    ['a minute of 61', '2013-01-27T10:61:00Z'],
    ['a zone with no time', '2013-01-27-01'],
    ['an RFC 822 hour of 25', 'Sun, 27 Jan 2013 25:00:00 GMT'],
    ['an RFC 822 minute of 61', 'Sun, 27 Jan 2013 10:61:00 GMT'],
    ['the 30th of February', '2024-02-30T10:00:00Z'],
  ])('rejects %s rather than rolling it over', (_name, text) => {
    expect(parseDate(text)).toBeUndefined();
  });

  it.each([
    ['an RSS pubDate', '<rss><channel><item><title>Banjir</title><pubDate>sometime last week</pubDate></item></channel></rss>', 'Banjir'],
    ['an RSS item known only by its guid', '<rss><channel><item><guid>g-1</guid><pubDate>2013-01-27T25:14:00Z</pubDate></item></channel></rss>', 'g-1'],
    ['an Atom published date', '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>e1</id><title>Gempa</title><published>yesterday</published></entry></feed>', 'Gempa'],
    ['a JSON Feed date_published', '{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"j1","title":"Banjir","content_text":"x","date_published":"sometime last week"}]}', 'Banjir'],
    ['a JSON Feed item known only by its id', '{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"j-2","content_text":"x","date_published":"2013-01-27T25:14:00Z"}]}', 'j-2'],
    ['a NITF date.issue', '<nitf><head><docdata><doc-id id-string="n1"/><date.issue norm="yesterday"/></docdata></head><body><body.head><hedline><hl1>Gempa</hl1></hedline></body.head><body.content><p>x</p></body.content></body></nitf>', 'Gempa'],
    ['a NewsML-G2 firstCreated', '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g1"><itemMeta><itemClass qcode="ninat:text"/><firstCreated>sometime last week</firstCreated></itemMeta><contentMeta><headline>Banjir</headline></contentMeta></newsItem>', 'Banjir'],
  ])('warns naming the item and the text when %s cannot be read, and leaves the date out', (_name, xml, item) => {
    const feed = readFeed(xml);
    expect(feed.items[0].publishedAt).toBeUndefined();
    const warning = feed.warnings.find((w) => /unreadable date/.test(w));
    expect(warning).toContain(`"${item}"`);
    expect(warning).toMatch(/sometime last week|T25:14|yesterday/);
  });
});
