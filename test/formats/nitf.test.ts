import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFeed } from '../../shared/formats/index.js';
import { htmlToText } from '../../shared/model/plain-text.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/formats/${name}`, import.meta.url));

describe('nitf', () => {
  const feed = readFeed(fixture('nitf-story.xml'));
  const [story] = feed.items;

  it('reads one story from a NITF document', () => {
    expect(feed.format).toBe('nitf');
    expect(feed.items).toHaveLength(1);
  });

  it('reads doc-id, date.issue, date.release as an embargo, du-key version and doc.copyright', () => {
    expect(story).toMatchObject({
      guid: 'WIRE-20240731-0815',
      publishedAt: '2024-07-31T11:00:00.000Z',
      embargoedUntil: '2024-07-31T12:00:00.000Z',
      version: 2,
      rights: 'Copyright 2024 Wire Example Agency',
      status: 'usable',
    });
  });

  it('reads hedline/hl1, byline persons, dateline city, language and keywords', () => {
    expect(story).toMatchObject({
      title: 'Volcano erupts on Java, villages evacuated',
      authors: ['Made Suarta', 'Ketut Wirawan'],
      dateline: 'YOGYAKARTA',
      language: 'en-US',
      categories: ['volcano', 'Indonesia', 'Natural disaster'],
      summaryHtml: '<p>Mount Merapi erupted on Wednesday.</p>',
    });
  });

  it('turns body.content into HTML, with block as div, media lifted out and entities decoded', () => {
    expect(htmlToText(story.contentHtml ?? '')).toContain('Caf\u00e9 owners closed early.');
    expect(story.contentHtml).toContain('<div><p>About 1,200 residents were moved to shelters in Sleman.</p></div>');
    expect(story.contentHtml).not.toContain('media');
    expect(story.media).toEqual([
      {
        url: 'https://media.wire.example/merapi.jpg',
        type: 'image/jpeg',
        medium: 'image',
        width: 1600,
        height: 1067,
        caption: 'Ash rises from Mount Merapi.',
        credit: 'Wire/Hendra Nurdiyansyah',
      },
    ]);
  });

  it('reads a kill notice as canceled, with its revision count as the version', () => {
    const [kill] = readFeed(fixture('nitf-kill-notice.xml')).items;
    expect(kill).toMatchObject({ guid: 'WIRE-20240731-0815', status: 'canceled', version: 3 });
  });

  it('holds a story whose date.release does not read, with a warning naming it', () => {
    const f = readFeed('<nitf><head><docdata><date.issue norm="20240731T110000Z"/><date.release norm="TBA"/></docdata></head><body><body.head><hedline><hl1>Budget</hl1></hedline></body.head><body.content><p>x</p></body.content></body></nitf>');
    expect(f.items[0]).toMatchObject({ publishedAt: '2024-07-31T11:00:00.000Z', embargoEndUnknown: true });
    expect(f.items[0].embargoedUntil).toBeUndefined();
    expect(f.warnings).toEqual(['item "Budget": unreadable embargo time "TBA": held until a copy gives one that reads']);
  });

  it('reads a date.release no later than date.issue as no embargo', () => {
    const [item] = readFeed('<nitf><head><docdata><date.issue norm="20240731T110000Z"/><date.release norm="20240731T110000Z"/></docdata></head><body><body.content><p>x</p></body.content></body></nitf>').items;
    expect(item.embargoedUntil).toBeUndefined();
    expect(item.embargoEndUnknown).toBeUndefined();
  });

  it('reads a bare byline when there are no person elements', () => {
    const [item] = readFeed('<nitf><body><body.head><byline>By Ann Lee <byttl>Reuters</byttl></byline></body.head><body.content><p>x</p></body.content></body></nitf>').items;
    expect(item.authors).toEqual(['By Ann Lee']);
  });
});
