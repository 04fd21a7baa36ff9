import type { Article } from '../../shared/model/article.js';

/** A realistic article with every field set; override what a test is about. */
export function makeArticle(overrides: Partial<Article> & { id: string }): Article {
  return {
    partnerId: 'antara',
    guid: `https://www.antaranews.com/berita/${overrides.id}`,
    version: 1,
    url: `https://www.antaranews.com/berita/${overrides.id}/jakarta-floods`,
    title: 'Jakarta floods displace thousands as rivers overflow',
    summary: 'Heavy overnight rain pushed the Ciliwung river over its banks, officials said.',
    bodyHtml:
      '<p>JAKARTA (ANTARA) - Heavy overnight rain pushed the Ciliwung river over its banks on Tuesday.</p>' +
      '<p>"We moved 3,000 residents &amp; their belongings," a disaster agency official said.</p>' +
      '<figure><img src="/images/flood.jpg" alt="Flooded street"><figcaption>A flooded street</figcaption></figure>',
    bodyText: 'JAKARTA (ANTARA) - Heavy overnight rain pushed the Ciliwung river over its banks on Tuesday.',
    authors: ['Rina Sari'],
    source: 'ANTARA',
    publisher: 'ANTARA News',
    dateline: 'JAKARTA',
    language: 'en',
    publishedAt: '2024-06-13T02:30:00.000Z',
    updatedAt: '2024-06-13T03:00:00.000Z',
    categories: ['Nation', 'Weather'],
    media: [
      {
        url: 'https://img.antaranews.com/cache/flood.jpg',
        type: 'image/jpeg',
        medium: 'image',
        width: 800,
        height: 533,
        caption: 'Residents wade through floodwater',
        credit: 'ANTARA FOTO/Galih',
        fileSize: 48_213,
      },
    ],
    relatedLinks: [{ title: 'Rain to continue, agency warns', url: 'https://www.antaranews.com/berita/rain-warning' }],
    rights: '© 2024 ANTARA',
    contentHash: `hash-${overrides.id}`,
    status: 'usable',
    fetchedAt: '2024-06-13T03:05:00.000Z',
    ...overrides,
  };
}

const PARTNERS = ['antara', 'kontan', 'reuters'] as const;
const LANGS: Record<(typeof PARTNERS)[number], string> = { antara: 'id', kontan: 'id', reuters: 'en' };
const CATS = ['Economy', 'Politics', 'Sports', 'Technology', 'Weather'];

/** `count` articles from three partners, one per minute going back from 2024-06-13 12:00 UTC. */
export function makeCorpus(count: number): Article[] {
  const out: Article[] = [];
  const start = Date.parse('2024-06-13T12:00:00.000Z');
  for (let i = 0; i < count; i++) {
    const partnerId = PARTNERS[i % PARTNERS.length]!;
    const at = new Date(start - i * 60_000).toISOString();
    out.push(
      makeArticle({
        id: `${partnerId}-${String(i).padStart(5, '0')}`,
        partnerId,
        guid: i % 2 === 0 ? `urn:newsml:${partnerId}:${i}` : `https://${partnerId}.example.com/news/${i}`,
        url: `https://${partnerId}.example.com/news/${i}`,
        title: `Story ${i}: markets & "policy" <update> from ${partnerId}`,
        language: LANGS[partnerId],
        categories: [CATS[i % CATS.length]!, CATS[(i + 2) % CATS.length]!],
        publishedAt: at,
        updatedAt: at,
        fetchedAt: at,
        contentHash: `hash-${i}`,
      }),
    );
  }
  return out;
}
