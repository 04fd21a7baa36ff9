import { describe, expect, it } from 'vitest';
import type { PartnerState } from '../../shared/ports.js';
import { makeArticle, makeCorpus } from './articles.js';
import { harness } from './harness.js';
import { seedArticle } from './seed.js';

function pageText(html: string): string {
  return html.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ').replace(/ ([,;:])/g, '$1');
}

const states = (entries: PartnerState[]) => ({ get: async (id: string) => entries.find((s) => s.partnerId === id) });

describe('publish: the index page for people', () => {
  it('names languages in their own language, with lang and hreflang on the link', async () => {
    const res = await harness(makeCorpus(6)).get('/');
    expect(res.text).toContain('<a class="view" href="https://news.example.com/feeds/languages/id.html" lang="id" hreflang="id">Bahasa Indonesia</a>');
    expect(res.text).toContain('<a class="view" href="https://news.example.com/feeds/languages/en.html" lang="en" hreflang="en">English</a>');
  });

  it('gives each feed its article count and last update, in the partner time zone for a partner feed', async () => {
    const text = pageText((await harness(makeCorpus(6)).get('/')).text);
    // makeCorpus: six articles round-robin over antara, kontan, reuters, one a minute back from 12:00 UTC.
    expect(text).toContain('All articles 6 articles · updated Thu, 13 Jun 2024, 12:00 UTC');
    expect(text).toContain('KONTAN 2 articles · updated Thu, 13 Jun 2024, 18:59 WIB Thu, 13 Jun 2024, 11:59 UTC');
    expect(text).toContain('English 2 articles');
    expect(text).toContain('Bahasa Indonesia 4 articles');
    expect(text).not.toContain('Counts and dates are from the newest');
  });

  it('shows each partner status from the state store: a healthy one and a failing one with its last error', async () => {
    const store = states([
      { partnerId: 'antara', consecutiveFailures: 0, circuit: 'closed', lastSuccessAt: '2024-06-30T23:55:00.000Z' },
      {
        partnerId: 'kontan',
        consecutiveFailures: 3,
        circuit: 'open',
        lastError: 'HTTP 500 from https://kontan.example.com/feed.xml',
        lastSuccessAt: '2024-06-30T20:00:00.000Z',
        nextPollAt: '2024-07-01T00:10:00.000Z',
        etag: '"secret-validator"',
      },
    ]);
    const h = harness(makeCorpus(3), {}, undefined, { partnerStates: store });
    const text = pageText((await h.get('/')).text);
    expect(text).toContain('ANTARA News 1 article · updated Thu, 13 Jun 2024, 12:00 UTC Fetching normally, last success Sun, 30 Jun 2024, 23:55 UTC');
    expect(text).toContain(
      'Failing: 3 failed fetches in a row; paused after repeated failures; last error: HTTP 500 from https://kontan.example.com/feed.xml; last success Mon, 1 Jul 2024, 03:00 WIB',
    );
    expect(text).toContain('Reuters 1 article · updated Thu, 13 Jun 2024, 11:58 UTC Not fetched yet');
    expect(text).not.toContain('secret-validator');
    const feedPage = await h.get('/feeds/partners/kontan.html');
    expect(feedPage.text).toContain('<p class="banner" role="status"><strong class="status-failing">Failing</strong>: 3 failed fetches');
    expect((await h.get('/feeds/partners/antara.html')).text).not.toContain('class="banner"');
  });

  it('shows no status at all when the publisher has no state store', async () => {
    expect((await harness(makeCorpus(3)).get('/')).text).not.toMatch(/class="meta status"|Not fetched yet/);
  });

  it('serves an SVG favicon and links it from every page', async () => {
    const h = harness([seedArticle()]);
    const icon = await h.get('/favicon.svg');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(icon.text).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    for (const path of ['/', '/feeds/all.html', `/articles/${seedArticle().id}.html`]) {
      expect((await h.get(path)).text).toContain('<link rel="icon" type="image/svg+xml" href="https://news.example.com/favicon.svg">');
    }
  });

  it('declares a viewport and a layout that switches to two columns from 60rem', async () => {
    const html = (await harness([seedArticle()]).get(`/articles/${seedArticle().id}.html`)).text;
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('@media (min-width:60rem){.layout{grid-template-columns:minmax(0,1fr) 19rem}');
  });
});

describe('publish: the feed page for people', () => {
  it('shows each item with its dateline, labelled credits, time in the partner zone and related links', async () => {
    const seed = seedArticle();
    const text = pageText((await harness([seed, makeArticle({ id: 'a1' })]).get('/feeds/all.html')).text);
    expect(text).toContain(`${seed.title} Thu, 13 Jun 2024, 09:30 WIB Thu, 13 Jun 2024, 02:30 UTC original Dateline SEOUL Source Reuters Editor Barratut Taqiyyah Rafie`);
    expect(text).toContain('Publisher KONTAN.CO.ID');
    expect(text).toContain(`Related: ${seed.relatedLinks[0]!.title} · ${seed.relatedLinks[1]!.title}`);
  });

  it('links each title to the article page and keeps the partner link as "original"', async () => {
    const seed = seedArticle();
    const html = (await harness([seed]).get('/feeds/all.html')).text;
    expect(html).toContain(`<a class="title" href="https://news.example.com/articles/${seed.id}.html">`);
    expect(html).toContain(`<a class="original" href="${seed.url}">original</a>`);
  });
});
