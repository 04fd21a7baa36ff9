import { describe, expect, it } from 'vitest';
import { articleSchema } from '../../shared/model/article.js';
import type { ParsedFeed, WireItem } from '../../shared/model/wire-item.js';
import { articleId, normalizeFeed, normalizeFeedReport, normalizeItem, sanitizedBodyPolicy } from '../../shared/normalize/index.js';
import { HTML_POLICY_FINGERPRINT } from '../../shared/model/html-policy.js';
import { readFeed } from '../../shared/formats/index.js';

function item(over: Partial<WireItem> = {}): WireItem {
  return { authors: [], categories: [], media: [], relatedLinks: [], ...over };
}
function feed(items: WireItem[], over: Partial<ParsedFeed> = {}): ParsedFeed {
  return { format: 'rss', items, warnings: [], ...over };
}
const CTX = { partnerId: 'partner' };

describe('normalizeFeed: one wire story per language', () => {
  const cases: Array<[string, WireItem, Record<string, unknown>, string]> = [
    [
      'en',
      item({
        guid: 'r1', url: 'https://reuters.example/r1', title: 'Fed holds rates',
        contentHtml: '<p>By Howard Schneider</p><p>WASHINGTON, June 12 (Reuters) - Federal Reserve officials held interest rates steady on Wednesday.</p><p>Read more: Stocks rally</p><p>ADVERTISEMENT</p><p>The U.S. central bank kept its benchmark rate in the 5.25%-5.50% range.</p><p>(Reporting by Howard Schneider; Editing by Paul Simao)</p>',
      }),
      { source: 'Reuters', dateline: 'WASHINGTON', authors: ['Howard Schneider'], editor: 'Paul Simao', relatedLinks: [{ title: 'Stocks rally' }] },
      'Federal Reserve officials held',
    ],
    [
      'id',
      item({
        guid: 'k1', url: 'https://kompas.example/k1', title: 'Gempa Cianjur',
        contentHtml: 'JAKARTA, KOMPAS.com - Gempa bumi berkekuatan magnitudo 5,6 mengguncang wilayah Kabupaten Cianjur.<br>Baca juga Gempa Susulan Terus Terjadi<br>BMKG menyatakan gempa tersebut tidak berpotensi tsunami.<br>Penulis: Tim Redaksi | Editor: Ahmad Fauzi',
      }),
      { publisher: 'KOMPAS.com', dateline: 'JAKARTA', authors: ['Tim Redaksi'], editor: 'Ahmad Fauzi', relatedLinks: [{ title: 'Gempa Susulan Terus Terjadi' }] },
      'Gempa bumi berkekuatan',
    ],
    [
      'fr',
      item({
        guid: 'a1', url: 'https://afp.example/a1', title: 'Grève à la SNCF',
        contentHtml: '<p>Par Jean Dupont et Marie Curie</p><p>PARIS (AFP) - La SNCF prévoit de supprimer un TGV sur deux ce week-end.</p><p>Lire aussi : Grève SNCF : quels sont vos droits ?</p><p>Publicité</p><p>Le trafic des TER sera également perturbé.</p><p>Partager cet article</p>',
      }),
      { source: 'AFP', dateline: 'PARIS', authors: ['Jean Dupont', 'Marie Curie'], relatedLinks: [{ title: 'Grève SNCF : quels sont vos droits ?' }] },
      'La SNCF prévoit',
    ],
    [
      'de',
      item({
        guid: 'd1', url: 'https://dpa.example/d1', title: 'Heizungsgesetz',
        contentHtml: 'Berlin (dpa) - Nach monatelangem Streit hat der Bundestag das Heizungsgesetz beschlossen.\nAnzeige\nLesen Sie auch: Was das Gesetz für Mieter bedeutet\nDer Bundesrat befasst sich Ende September damit.\nQuelle: dpa\nArtikel teilen',
      }),
      { source: 'dpa', dateline: 'Berlin', relatedLinks: [{ title: 'Was das Gesetz für Mieter bedeutet' }] },
      'Nach monatelangem Streit',
    ],
    [
      'es',
      item({
        guid: 'e1', url: 'https://efe.example/e1', title: 'Incendio en Castellón',
        contentHtml: '<p>Fuente: EFE</p><p>CASTELLÓN, 24 Mar. (EFE) - El incendio forestal ha obligado a desalojar a unas 1.500 personas.</p><p>Lea también: La sequía agrava el riesgo</p><p>Publicidad</p><p>Más de 500 efectivos trabajan en la extinción.</p><p>Síguenos en Twitter</p>',
      }),
      { source: 'EFE', dateline: 'CASTELLÓN', relatedLinks: [{ title: 'La sequía agrava el riesgo' }] },
      'El incendio forestal',
    ],
  ];

  it.each(cases)('normalizes the %s story into a clean, attributed article', (lang, wire, expected, start) => {
    const [article] = normalizeFeed(feed([wire]), CTX);
    expect(articleSchema.parse(article)).toEqual(article);
    expect(article).toMatchObject(expected);
    expect(article.language).toBe(lang);
    expect(article.bodyText.startsWith(start)).toBe(true);
    expect(article.bodyText.split('\n\n')).toHaveLength(2);
    expect(article.bodyHtml.match(/<p>/g)).toHaveLength(2);
  });
});

describe('normalizeFeed: the body policy mark', () => {
  it('marks a sanitized body with the current policy, and no empty body', () => {
    const [a, b] = normalizeFeed(feed([item({ guid: 'n1', url: 'https://x.example/1', title: 'T', contentHtml: '<p onclick="x()">Body <script>y()</script></p>' }), item({ guid: 'n2', title: 'Only a title' })]), CTX);
    expect(a.bodyHtml).not.toMatch(/script|onclick/);
    expect(a.bodyPolicy).toBe(HTML_POLICY_FINGERPRINT);
    expect(b.bodyHtml).toBe('');
    expect(b).not.toHaveProperty('bodyPolicy');
  });

  it('takes no mark from the wire item: only the normalizer sets it', () => {
    const forged = { ...item({ guid: 'n1', title: 'T' }), bodyPolicy: HTML_POLICY_FINGERPRINT, contentHtml: undefined } as WireItem;
    const [a] = normalizeFeed(feed([forged]), CTX);
    expect(a).not.toHaveProperty('bodyPolicy');
  });

  it('marks only a body the renderers would publish byte for byte: no XML-illegal character, no space at the ends', () => {
    expect(sanitizedBodyPolicy('<p>x</p>')).toBe(HTML_POLICY_FINGERPRINT);
    expect(sanitizedBodyPolicy('<p>x\u0001</p>')).toBeUndefined();
    expect(sanitizedBodyPolicy('<p>x\uD800</p>')).toBeUndefined();
    expect(sanitizedBodyPolicy(' <p>x</p>')).toBeUndefined();
    expect(sanitizedBodyPolicy('')).toBeUndefined();
  });
});

describe('normalizeFeed: fields and fallbacks', () => {
  it('lets a feed-level dateline, source, publisher and editor win over the body', () => {
    const [a] = normalizeFeed(
      feed([item({ guid: 'n1', url: 'https://x.example/1', title: 'T', dateline: 'Pyongyang', source: 'Yonhap', publisher: 'Korea Herald', editor: 'E. D.', contentHtml: '<p>Sumber: Reuters | Editor: X</p><p>KONTAN.CO.ID - SEOUL. Body.</p>' })]),
      CTX,
    );
    expect(a).toMatchObject({ dateline: 'Pyongyang', source: 'Yonhap', publisher: 'Korea Herald', editor: 'E. D.' });
    expect(a.bodyText).toBe('Body.');
  });

  it('merges feed authors with body credits, without repeats', () => {
    const [a] = normalizeFeed(feed([item({ guid: 'n1', url: 'https://x.example/1', title: 'T', authors: ['Jane Doe'], contentHtml: '<p>By Jane Doe and John Roe</p><p>Body.</p>' })]), CTX);
    expect(a.authors).toEqual(['Jane Doe', 'John Roe']);
  });

  it.each([
    ['en', 'Reuters', 'Reuters'],
    ['fr', 'AFP', 'AFP'],
    ['de', 'dpa', 'dpa'],
    ['es', 'Efe', 'EFE'],
    ['id', 'Antara', 'ANTARA'],
  ])('takes the %s agency author "%s" as the source, not a person', (_lang, author, source) => {
    const [a] = normalizeFeed(feed([item({ guid: 'n1', url: 'https://x.example/1', title: 'T', authors: [author, 'Jane Doe'], contentHtml: '<p>Body.</p>' })]), CTX);
    expect(a.source).toBe(source);
    expect(a.authors).toEqual(['Jane Doe']);
  });

  it('leaves optional fields absent, never empty strings', () => {
    const [a] = normalizeFeed(feed([item({ guid: 'n1', url: 'https://x.example/1', title: 'T', contentHtml: '<p>Body.</p>', editor: '', rights: ' ' })]), CTX);
    for (const key of ['editor', 'source', 'publisher', 'dateline', 'rights', 'updatedAt', 'publishedAt', 'embargoedUntil', 'fetchedAt', 'rawKey', 'clusterId']) {
      expect(key in a).toBe(false);
    }
  });

  it('keeps bodyHtml and bodyText as empty strings for a title-only item', () => {
    const [a] = normalizeFeed(feed([item({ guid: 'n1', url: 'https://x.example/1', title: 'Headline only' })]), CTX);
    expect(a.bodyHtml).toBe('');
    expect(a.bodyText).toBe('');
    expect(articleSchema.parse(a)).toEqual(a);
  });

  it('gives a short item the language detected over its whole feed ("Pearl Jam donates $300,000 to Flint water crisis")', () => {
    const long = [
      'Federal Reserve officials held interest rates steady on Wednesday and pushed out the start of rate cuts to perhaps as late as December.',
      'Apple forecast a return to revenue growth in the current quarter and unveiled a record share buyback on Thursday, sending its shares up.',
      'Microsoft beat Wall Street estimates for quarterly revenue on Thursday, as demand for artificial intelligence services lifted its cloud unit.',
    ];
    const items = [
      ...long.map((text, i) => item({ guid: `l${i}`, url: `https://x.example/${i}`, title: `Story ${i}`, contentHtml: `<p>${text}</p>` })),
      item({ guid: 's', url: 'https://x.example/s', title: 'Pearl Jam donates $300,000 to Flint water crisis', contentHtml: '<p>submitted by Sariel007 to UpliftingNews [link] [194 comments]</p>' }),
    ];
    const articles = normalizeFeed(feed(items), CTX);
    expect(articles.map((a) => a.language)).toEqual(['en', 'en', 'en', 'en']);
  });

  it('falls back to updatedAt for publishedAt', () => {
    const [a] = normalizeFeed(feed([item({ guid: 'n1', url: 'https://x.example/1', title: 'T', updatedAt: '2024-06-13T02:30:00.000Z' })]), CTX);
    expect(a.publishedAt).toBe('2024-06-13T02:30:00.000Z');
    expect(a.updatedAt).toBe('2024-06-13T02:30:00.000Z');
  });

  it('takes the summary from the feed, cleaned like the body, else from the first paragraph', () => {
    const [withSummary] = normalizeFeed(
      feed([item({ guid: 'n1', url: 'https://x.example/1', title: 'T', summaryHtml: '<p>KONTAN.CO.ID - SEOUL. Kim hails Russia.</p>', contentHtml: '<p>Body one.</p><p>Body two.</p>' })]),
      CTX,
    );
    expect(withSummary.summary).toBe('Kim hails Russia.');
    const [without] = normalizeFeed(feed([item({ guid: 'n2', url: 'https://x.example/2', title: 'T', contentHtml: '<p>Body one.</p><p>Body two.</p>' })]), CTX);
    expect(without.summary).toBe('Body one.');
  });

  it('uses the summary as body when the item carries nothing else', () => {
    const [a] = normalizeFeed(feed([item({ guid: 'n1', url: 'https://x.example/1', title: 'T', summaryHtml: '<p>Only a teaser.</p>' })]), CTX);
    expect(a.bodyText).toBe('Only a teaser.');
  });

  it('makes up a title from the first paragraph when the item has none', () => {
    const [a] = normalizeFeed(feed([item({ guid: 'n1', url: 'https://x.example/1', contentHtml: '<p>Kim hails Russia as ally.</p>' })]), CTX);
    expect(a.title).toBe('Kim hails Russia as ally.');
  });

  it('resolves relative body URLs against the item URL and media against the feed link', () => {
    const [a] = normalizeFeed(
      feed([item({ guid: 'n1', url: 'https://x.example/news/1', title: 'T', contentHtml: '<p><a href="/a">a</a></p>', media: [{ url: 'https://cdn.example/p.jpg', caption: ' Cap ' }, { url: 'https://cdn.example/p.jpg' }] })]),
      CTX,
    );
    expect(a.bodyHtml).toBe('<p><a href="https://x.example/a">a</a></p>');
    expect(a.media).toEqual([{ url: 'https://cdn.example/p.jpg', caption: 'Cap' }]);
  });

  it('strips tracking parameters from media URLs ("?utm_source=rss&w=800")', () => {
    const [a] = normalizeFeed(feed([item({ guid: 'n1', url: 'https://x.example/1', title: 'T', media: [{ url: 'https://cdn.example/p.jpg?utm_source=rss&w=800' }] })]), CTX);
    expect(a.media).toEqual([{ url: 'https://cdn.example/p.jpg?w=800' }]);
  });

  it.each([
    ['in a document with no link and no address', {}, {}],
    ['in a feed whose channel links its home page', { link: 'https://x.example/' }, {}],
    ['fetched from an address', {}, { fetchUrl: 'https://x.example/feed.xml' }],
  ])('keeps an item without a link %s, with no url and its id from partner and guid', (_name, meta, ctx) => {
    const report = normalizeFeedReport(feed([item({ guid: 'urn:x:1', title: 'T', contentHtml: '<p>Body.</p>' })], meta), { ...CTX, ...ctx });
    expect(report.skipped).toEqual([]);
    expect(report.articles).toHaveLength(1);
    const [a] = report.articles;
    expect(a).not.toHaveProperty('url');
    expect(a).toMatchObject({ guid: 'urn:x:1', id: articleId(CTX.partnerId, 'urn:x:1', 1), title: 'T' });
  });

  it('takes the article url from a guid that is a web address when the item has no link', () => {
    const [a] = normalizeFeed(feed([item({ guid: 'https://x.example/story/1', title: 'T' })], { link: 'https://x.example/' }), CTX);
    expect(a.url).toBe('https://x.example/story/1');
  });

  it('merges explicit related links with the body ones, without repeats', () => {
    const [a] = normalizeFeed(
      feed([item({ guid: 'n1', url: 'https://x.example/1', title: 'T', relatedLinks: [{ title: 'Putin visit', url: 'https://x.example/p' }], contentHtml: '<p>Body.</p><p>Baca Juga: <a href="https://x.example/p">Putin visit</a></p>' })]),
      CTX,
    );
    expect(a.relatedLinks).toEqual([{ title: 'Putin visit', url: 'https://x.example/p' }]);
  });

  it('carries the wire version, status and embargo, and the fetch context', () => {
    const [a, b] = normalizeFeed(
      feed([
        item({ guid: 'n1', url: 'https://x.example/1', title: 'T', version: 4, status: 'canceled' }),
        item({ guid: 'n2', url: 'https://x.example/2', title: 'T', embargoedUntil: '2024-06-14T00:00:00.000Z' }),
      ]),
      { ...CTX, fetchedAt: '2024-06-13T10:00:00Z', rawKey: 'raw/partner/abc' },
    );
    expect(a).toMatchObject({ version: 4, status: 'withdrawn', fetchedAt: '2024-06-13T10:00:00.000Z', rawKey: 'raw/partner/abc' });
    expect(b).toMatchObject({ version: 1, status: 'embargoed', embargoedUntil: '2024-06-14T00:00:00.000Z' });
  });
});

describe('normalizeFeed: identity', () => {
  it('gives the same id and content hash on every fetch of the same item', () => {
    const wire = item({ guid: 'n1', url: 'https://x.example/1', title: 'T', contentHtml: '<p>Body.</p>' });
    const [a] = normalizeFeed(feed([wire]), { ...CTX, fetchedAt: '2024-06-13T10:00:00.000Z' });
    const [b] = normalizeFeed(feed([wire]), { ...CTX, fetchedAt: '2024-06-13T11:00:00.000Z' });
    expect(b.id).toBe(a.id);
    expect(b.contentHash).toBe(a.contentHash);
  });

  it('drops a repeated guid with the same content and disambiguates one with other content', () => {
    const report = normalizeFeedReport(
      feed([
        item({ guid: 'dup', url: 'https://x.example/1', title: 'First', contentHtml: '<p>A</p>' }),
        item({ guid: 'dup', url: 'https://x.example/1', title: 'First', contentHtml: '<p>A</p>' }),
        item({ guid: 'dup', url: 'https://x.example/1', title: 'Second', contentHtml: '<p>B</p>' }),
      ]),
      CTX,
    );
    expect(report.articles.map((a) => a.title)).toEqual(['First', 'Second']);
    expect(new Set(report.articles.map((a) => a.id)).size).toBe(2);
    expect(report.warnings).toEqual(['item 2 skipped: repeats guid "dup" with the same content']);
  });

  it.each([
    ['by its guid', { guid: 'n1', url: 'https://x.example/1' }, 'item 2 (guid "n1") skipped: item has neither title nor text'],
    ['by its link when it has no guid', { url: 'https://x.example/1' }, 'item 2 (link https://x.example/1) skipped: item has neither title nor text'],
    ['by its place when it has neither', {}, 'item 2 skipped: item has neither title nor text'],
  ])('skips an item with neither title nor text, counted and named %s', (_name, fields, line) => {
    const report = normalizeFeedReport(feed([item({ guid: 'ok', title: 'Kept' }), item(fields)]), CTX);
    expect(report.articles.map((a) => a.title)).toEqual(['Kept']);
    expect(report.skipped).toEqual([line]);
    expect(report.warnings).toEqual([line]);
  });

  it('normalizes one item on its own', () => {
    const result = normalizeItem(item({ guid: 'n1', url: 'https://x.example/1', title: 'T' }), CTX);
    expect('skipped' in result).toBe(false);
  });
});

describe('normalizeFeed: categories', () => {
  it('keeps an Atom category term as the category and its label for display, one category per spelling', () => {
    const xml =
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><entry><id>e1</id><title>T</title><link href="https://x.example/1"/>' +
      '<content type="text">Body.</content><category term="world" label="World News"/><category term=" World "/><category term="tech"/></entry></feed>';
    const [a] = normalizeFeed(readFeed(xml), CTX);
    expect(a.categories).toEqual(['world', 'tech']);
    expect(a.categoryLabels).toEqual({ world: 'World News' });
    expect(articleSchema.safeParse(a).success).toBe(true);
  });
});
