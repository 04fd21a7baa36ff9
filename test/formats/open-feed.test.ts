import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFeed, readFeed } from '../../shared/formats/index.js';
import { normalizeFeedReport } from '../../shared/normalize/index.js';

const dir = join(import.meta.dirname, '../fixtures/formats');
const fixtures = readdirSync(dir);
const url = 'https://p.example/feed';

const rss = (items: string[], channel = '<language>en</language>') =>
  `<rss version="2.0"><channel><title>P</title><link>https://p.example/</link>${channel}${items.map((b) => `<item>${b}</item>`).join('')}</channel></rss>`;
const item = (n: number, body = `Text of story ${n}.`) => `<guid>g${n}</guid><title>Story ${n}</title><description>${body}</description>`;

describe('openFeed', () => {
  it.each(fixtures)('reads %s item by item as readFeed reads it whole', (name) => {
    const bytes = readFileSync(join(dir, name));
    const reading = openFeed(bytes, { url });
    const items = Array.from({ length: reading.count }, (_, i) => reading.read(i));
    const { warnings, ...rest } = reading.feed();
    expect({ ...rest, items, warnings }).toEqual(readFeed(bytes, { url }));
  });

  it('gives each XML item its own source: a byte changed inside one item changes only its source', () => {
    const a = openFeed(rss([item(1), item(2), item(3)]), { url });
    const b = openFeed(rss([item(1), item(2, 'Text of story 2!'), item(3)]), { url });
    expect([0, 1, 2].map((i) => a.source(i) === b.source(i))).toEqual([true, false, true]);
    expect([0, 1, 2].map((i) => a.context(i) === b.context(i))).toEqual([true, true, true]);
  });

  it('changes every item\'s context, not its source, when the channel changes what items inherit', () => {
    const a = openFeed(rss([item(1)]), { url });
    for (const channel of ['<language>id</language>', '<language>en</language><copyright>P</copyright>']) {
      const b = openFeed(rss([item(1)], channel), { url });
      expect(b.source(0)).toBe(a.source(0));
      expect(b.context(0)).not.toBe(a.context(0));
    }
    expect(openFeed(rss([item(1)]), { url: 'https://q.example/feed' }).context(0)).not.toBe(a.context(0));
    // A DOCTYPE's entities are part of the context too: they change how the item's text decodes.
    expect(openFeed(`<!DOCTYPE rss [<!ENTITY x "y">]>${rss([item(1)])}`, { url }).context(0)).not.toBe(a.context(0));
  });
});

describe('normalizeFeedReport over a LazyFeed', () => {
  const bytes = readFileSync(join(dir, 'rss2-kabar-nusantara.xml'));
  const ctx = { partnerId: 'p', fetchUrl: url };

  it('makes the report it makes from the whole feed, reading each item once and letting its tree go at once', () => {
    const reading = openFeed(bytes, { url });
    const log: string[] = [];
    const lazy = {
      ...reading.feed(),
      reading: {
        count: reading.count,
        read: (i: number) => (log.push(`read ${i}`), reading.read(i)),
        release: (i: number) => (log.push(`release ${i}`), reading.release(i)),
      },
    };
    expect(normalizeFeedReport(lazy, ctx)).toEqual(normalizeFeedReport(readFeed(bytes, { url }), ctx));
    expect(log).toEqual(Array.from({ length: reading.count }, (_, i) => [`read ${i}`, `release ${i}`]).flat());
  });

  it('reads every item, stored ones too, when a language may have to be detected from the whole feed', () => {
    const doc = rss([item(1), item(2)], '');
    const reading = openFeed(doc, { url });
    const read: number[] = [];
    const lazy = { ...reading.feed(), reading: { count: reading.count, read: (i: number) => (read.push(i), reading.read(i)), release: () => {} } };
    const report = normalizeFeedReport(lazy, ctx, { isStored: (i) => i === 0 });
    expect(read).toEqual([0, 1]);
    expect(report).toEqual(normalizeFeedReport(readFeed(doc, { url }), ctx, { isStored: (i) => i === 0 }));
  });
});
