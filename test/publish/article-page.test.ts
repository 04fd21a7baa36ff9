import { describe, expect, it } from 'vitest';
import { makeArticle } from './articles.js';
import { harness } from './harness.js';
import { seedArticle } from './seed.js';

/** The page's visible text: tags dropped, the few entities we write decoded, whitespace collapsed. */
function pageText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('publish: the article page', () => {
  const seed = seedArticle();

  it('shows the seed article with labelled credits, dateline, WIB time, photo credit and both related links', async () => {
    const res = await harness([seed]).get(`/articles/${seed.id}.html`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const text = pageText(res.text);
    expect(text).toContain(seed.title);
    for (const credit of ['Source Reuters', 'Editor Barratut Taqiyyah Rafie', 'Author Barratut Taqiyyah Rafie', 'Publisher KONTAN.CO.ID', 'Dateline SEOUL']) {
      expect(text).toContain(credit);
    }
    // Published 02:30 UTC is 09:30 in Jakarta; UTC stays as the second line and the tooltip.
    expect(text).toContain('Published Thu, 13 Jun 2024, 09:30 WIB Thu, 13 Jun 2024, 02:30 UTC');
    expect(res.text).toContain('<time datetime="2024-06-13T02:30:00Z" title="Thu, 13 Jun 2024, 02:30 UTC">');
    expect(res.text).toContain('<img src="https://foto.kontan.co.id/kim-jong-un-putin.jpg"');
    expect(text).toContain('Photo: REUTERS/Sputnik');
    for (const link of seed.relatedLinks) expect(res.text).toContain(`<a href="${link.url}">${link.title}</a>`);
    expect(text).toContain('Pemimpin Korea Utara Kim Jong Un');
    expect(res.text).toContain(`<a href="${seed.url}">Read it at KONTAN</a>`);
    expect(text).toContain('Version 1');
  });

  it('declares the article language and links its JSON form', async () => {
    const res = await harness([seed]).get(`/articles/${seed.id}.html`);
    expect(res.text).toMatch(/^<!DOCTYPE html>\n<html lang="id">/);
    expect(res.text).toContain(`<link rel="alternate" type="application/json" href="https://news.example.com/articles/${seed.id}">`);
    expect((await harness([seed]).get(`/articles/${seed.id}`)).headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('links each category to its category feed page', async () => {
    const res = await harness([seed]).get(`/articles/${seed.id}.html`);
    expect(res.text).toContain('<a href="https://news.example.com/feeds/categories/Internasional.html">Internasional</a>');
    expect(res.text).toContain('<a href="https://news.example.com/feeds/categories/Korea%20Utara.html">Korea Utara</a>');
  });

  it('shows UTC only for a partner without a time zone, and the version and update time', async () => {
    const article = makeArticle({ id: 'a1', version: 3, partnerId: 'reuters', updatedAt: '2024-06-13T03:00:00.000Z' });
    const text = pageText((await harness([article]).get('/articles/a1.html')).text);
    expect(text).toContain('Published Thu, 13 Jun 2024, 02:30 UTC Updated');
    expect(text).toContain('Version 3, updated Thu, 13 Jun 2024, 03:00 UTC');
  });

  it('says plainly when the partner sent no web link', async () => {
    const { url: _url, ...rest } = makeArticle({ id: 'nitf-1' });
    const text = pageText((await harness([rest]).get('/articles/nitf-1.html')).text);
    expect(text).toContain('ANTARA News sent this story without a web link.');
  });

  it('is 404 for absent, withdrawn and embargoed articles, as the JSON is', async () => {
    const h = harness([
      makeArticle({ id: 'gone', status: 'withdrawn' }),
      makeArticle({ id: 'later', status: 'embargoed', embargoedUntil: '2030-01-01T00:00:00.000Z' }),
    ]);
    for (const id of ['nope', 'gone', 'later']) expect((await h.get(`/articles/${id}.html`)).statusCode).toBe(404);
  });

  it('escapes hostile headline, credits and related titles and drops script from the body', async () => {
    const article = makeArticle({
      id: 'evil',
      title: '<script>alert(1)</script> headline',
      editor: '"><img src=x onerror=alert(2)>',
      relatedLinks: [{ title: '<b onclick="x()">more</b>', url: 'javascript:alert(3)' }],
      bodyHtml: '<p onclick="alert(4)">text<script>alert(5)</script></p>',
    });
    const html = (await harness([article]).get('/articles/evil.html')).text;
    expect(html.toLowerCase()).not.toMatch(/<script|onerror=|onclick=|javascript:/);
  });
});
