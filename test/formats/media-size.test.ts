import { describe, expect, it } from 'vitest';
import { readFeed } from '../../shared/formats/index.js';

// RSS readers need an enclosure's length (the W3C validator rejects length="0"), so every format's stated size is kept.
describe('media file sizes', () => {
  it.each([
    [
      'an RSS enclosure length',
      '<rss version="2.0"><channel><title>T</title><link>https://x.example/</link><item><title>Pod</title><link>https://x.example/1</link><enclosure url="https://x.example/e1.mp3" length="12345678" type="audio/mpeg"/></item></channel></rss>',
      12345678,
    ],
    [
      'a Media RSS media:content fileSize',
      '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title><link>https://x.example/</link><item><title>Pic</title><link>https://x.example/2</link><media:content url="https://x.example/p.jpg" fileSize="2048" type="image/jpeg"/></item></channel></rss>',
      2048,
    ],
    [
      'an Atom enclosure link length',
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id><updated>2024-06-13T00:00:00Z</updated><entry><title>E</title><id>urn:e</id><updated>2024-06-13T00:00:00Z</updated><link rel="enclosure" href="https://x.example/v.mp4" type="video/mp4" length="99"/></entry></feed>',
      99,
    ],
    [
      'a JSON Feed attachment size_in_bytes',
      JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'T', items: [{ id: '1', url: 'https://x.example/1', content_text: 'x', attachments: [{ url: 'https://x.example/a.mp3', mime_type: 'audio/mpeg', size_in_bytes: 777 }] }] }),
      777,
    ],
  ])('reads %s as the media fileSize', (_name, doc, size) => {
    const [item] = readFeed(doc, {}).items;
    expect(item!.media[0]!.fileSize).toBe(size);
  });

  it('leaves the size out when the document gives none or a nonsense one', () => {
    const doc = '<rss version="2.0"><channel><title>T</title><link>https://x.example/</link><item><title>P</title><link>https://x.example/1</link><enclosure url="https://x.example/e.mp3" length="0" type="audio/mpeg"/></item></channel></rss>';
    expect(readFeed(doc, {}).items[0]!.media[0]).not.toHaveProperty('fileSize');
  });
});
