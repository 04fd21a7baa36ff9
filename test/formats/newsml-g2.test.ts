import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFeed } from '../../shared/formats/index.js';
import { htmlToText } from '../../shared/model/plain-text.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/formats/${name}`, import.meta.url));
const g2 = (body: string) =>
  readFeed(`<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>${body}</itemSet></newsMessage>`);

describe('newsml-g2', () => {
  const feed = readFeed(fixture('newsml-g2-antara-message.xml'));
  const [story, canceled] = feed.items;

  it('reads the text items of a newsMessage and not the picture item', () => {
    expect(feed.format).toBe('newsml-g2');
    expect(feed.items.map((i) => i.guid)).toEqual([
      'urn:newsml:kantorberita.example:20240731:KBN-EKO-0042',
      'urn:newsml:kantorberita.example:20240731:KBN-POL-0007',
    ]);
  });

  it('reads guid, version, versionCreated, firstCreated, embargoed and pubStatus', () => {
    expect(story).toMatchObject({
      version: 3,
      publishedAt: '2024-07-31T10:40:00.000Z',
      updatedAt: '2024-07-31T11:02:00.000Z',
      embargoedUntil: '2024-07-31T12:00:00.000Z',
      status: 'usable',
    });
    expect(canceled.status).toBe('canceled');
  });

  it('reads headline, creator, editor, dateline, language, subject names in the item language, creditline and rights', () => {
    expect(story).toMatchObject({
      title: 'Bank Indonesia Pertahankan Suku Bunga 6,25 Persen',
      authors: ['Rina Kartika'],
      editor: 'Budi Santoso',
      dateline: 'JAKARTA, 31 Juli (KBN)',
      language: 'id',
      categories: ['ekonomi, bisnis dan keuangan', 'pasar uang'],
      source: 'KBN',
      rights: 'Copyright 2024 Kantor Berita Nusantara. All rights reserved.',
      summaryHtml: 'BI menahan suku bunga acuan untuk menjaga stabilitas rupiah.',
      url: 'https://www.kantorberita.example/berita/eko-0042',
    });
  });

  it('takes the body from NITF inside inlineXML', () => {
    expect(story.contentHtml).toMatch(/^<p>Bank Indonesia \(BI\) mempertahankan/);
    expect(htmlToText(story.contentHtml ?? '')).toContain('\u201ckonsisten\u201d');
  });

  it('turns the linked picture item into media of the story, largest rendition first', () => {
    expect(story.media).toHaveLength(2);
    expect(story.media[0]).toEqual({
      url: 'https://media.kantorberita.example/foto/0913.jpg',
      type: 'image/jpeg',
      medium: 'image',
      width: 2048,
      height: 1365,
      caption: 'Gedung Bank Indonesia di Jakarta, Rabu (31/7/2024).',
      credit: 'KBN/Aditya Pradana',
    });
  });

  it('takes an XHTML body and the by line when there is no creator', () => {
    expect(canceled.contentHtml).toBe('<p>Berita ini dibatalkan.</p>');
    expect(canceled.authors).toEqual(['Oleh Dimas Prasetyo']);
  });

  it('reads a bare newsItem with located, literal provider and withheld status', () => {
    const bare = readFeed(fixture('newsml-g2-bare-item.xml'), { url: 'https://wire.example/g2/item.xml' });
    expect(bare.items).toHaveLength(1);
    expect(bare.items[0]).toMatchObject({
      guid: 'tag:wire.example,2024:newsml_L1N3JS01X',
      version: 5,
      status: 'withheld',
      dateline: 'SINGAPORE',
      source: 'Wire Example',
      language: 'en',
      categories: ['Singapore'],
    });
    expect(bare.items[0].contentHtml).toContain('<a href="https://wire.example/markets/shipping">shipping</a>');
  });

  it('warns about a picture item no story links to when several stories could own it', () => {
    const text = (id: string) => `<newsItem guid="${id}"><itemMeta><itemClass qcode="ninat:text"/></itemMeta><contentMeta><headline>${id}</headline></contentMeta></newsItem>`;
    const pic = '<newsItem guid="p1"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta><contentSet><remoteContent href="https://m.example/p1.jpg" contenttype="image/jpeg"/></contentSet></newsItem>';
    const f = g2(text('a') + text('b') + pic);
    expect(f.items.map((i) => i.media.length)).toEqual([0, 0]);
    expect(f.warnings).toEqual(['picture item p1 is not linked to a story; not attached']);
    const single = g2(text('a') + pic);
    expect(single.items[0].media[0]).toMatchObject({ url: 'https://m.example/p1.jpg', medium: 'image' });
  });

  it('reads a bare picture item as no story, with a warning', () => {
    const f = readFeed('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="p9"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta><contentSet><remoteContent href="https://m.example/p9.jpg"/></contentSet></newsItem>');
    expect(f.items).toEqual([]);
    expect(f.warnings).toEqual(['picture item p9 is not linked to a story; not attached']);
  });

  describe('embargoed', () => {
    const item = (embargoed: string, body = '') =>
      g2(`<newsItem guid="e1"><itemMeta><itemClass qcode="ninat:text"/>${embargoed}</itemMeta><contentMeta><headline>Rate decision</headline></contentMeta><contentSet>${body}</contentSet></newsItem>`);

    it('reads an empty embargoed as an embargo with no end yet, with no warning', () => {
      const f = item('<embargoed/>');
      expect(f.items[0]).toMatchObject({ embargoEndUnknown: true });
      expect(f.items[0].embargoedUntil).toBeUndefined();
      expect(f.warnings).toEqual([]);
    });

    it('holds an item whose embargo time does not read, and says so naming the story', () => {
      const f = item('<embargoed>after the speech</embargoed>');
      expect(f.items[0]).toMatchObject({ embargoEndUnknown: true });
      expect(f.items[0].embargoedUntil).toBeUndefined();
      expect(f.warnings).toEqual(['item "Rate decision": unreadable embargo time "after the speech": held until a copy gives one that reads']);
    });

    it('reads a readable embargo as its time, and no embargoed as none', () => {
      expect(item('<embargoed>2024-07-31T19:00:00+07:00</embargoed>').items[0]).toMatchObject({ embargoedUntil: '2024-07-31T12:00:00.000Z' });
      expect(item('<embargoed>2024-07-31T19:00:00+07:00</embargoed>').items[0].embargoEndUnknown).toBeUndefined();
      const none = item('');
      expect(none.items[0].embargoedUntil).toBeUndefined();
      expect(none.items[0].embargoEndUnknown).toBeUndefined();
    });

    it('leaves the embargo to the item when its inline NITF has an unreadable date.release', () => {
      const nitf = '<inlineXML><nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><head><docdata><date.release norm="soon"/></docdata></head><body><body.head><hedline><hl1>Rate decision</hl1></hedline></body.head><body.content><p>x</p></body.content></body></nitf></inlineXML>';
      const f = item('', nitf);
      expect(f.items[0].embargoEndUnknown).toBeUndefined();
      expect(f.items[0].embargoedUntil).toBeUndefined();
      expect(f.warnings).toEqual(['item "Rate decision": unreadable date "soon" ignored']);
    });
  });

  it('reads inlineData plain text as paragraphs', () => {
    const f = g2('<newsItem guid="t1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta><contentSet><inlineData contenttype="text/plain">Line &amp; more</inlineData></contentSet></newsItem>');
    expect(f.items[0].contentHtml).toBe('<p>Line &amp; more</p>');
  });
});
