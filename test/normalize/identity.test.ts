import { describe, expect, it } from 'vitest';
import { kontanArticle as article } from '../support/articles.js';
import { type Article, articleSchema } from '../../shared/model/article.js';
import { HTML_POLICY_FINGERPRINT } from '../../shared/model/html-policy.js';
import { createHash } from 'node:crypto';
import { articleId, contentHash, deriveGuid, mergeWithStored, statusOf } from '../../shared/normalize/identity.js';
import { jsonString } from '../../shared/model/json-string.js';
import { sanitizedBodyPolicy } from '../../shared/normalize/body.js';
import { createRandom } from '../../bench/generate.js';

const NOW = '2024-06-13T10:00:00.000Z';


describe('identity: guid and id', () => {
  it('uses the partner guid, else the link, else a hash of title and date', () => {
    expect(deriveGuid({ guid: 'urn:x:1', url: 'https://x.example/1' })).toBe('urn:x:1');
    expect(deriveGuid({ url: 'https://x.example/1' })).toBe('https://x.example/1');
    const derived = deriveGuid({ title: 'T', publishedAt: '2024-06-13T02:30:00.000Z' });
    expect(derived).toMatch(/^urn:wirefeed:[0-9a-f]{32}$/);
    expect(deriveGuid({ title: 'T', publishedAt: '2024-06-13T02:30:00.000Z' })).toBe(derived);
    expect(deriveGuid({ title: 'T', publishedAt: '2024-06-14T02:30:00.000Z' })).not.toBe(derived);
  });

  it('hashes partner and guid into a stable id that differs across partners and repeats', () => {
    expect(articleId('kontan', 'g1')).toBe(articleId('kontan', 'g1'));
    expect(articleId('kontan', 'g1')).not.toBe(articleId('bisnis', 'g1'));
    expect(articleId('kontan', 'g1', 2)).not.toBe(articleId('kontan', 'g1'));
    expect(articleId('kontan', 'g1')).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('identity: content hash', () => {
  it('changes with title, body or media and not with metadata', () => {
    const a = article();
    expect(contentHash({ ...a, title: 'Other' })).not.toBe(a.contentHash);
    expect(contentHash({ ...a, bodyHtml: '<p>Other</p>' })).not.toBe(a.contentHash);
    expect(contentHash({ ...a, media: [{ url: 'https://x.example/a.jpg' }] })).not.toBe(a.contentHash);
    expect(contentHash({ ...a, categories: ['x'], publishedAt: NOW } as Article)).toBe(a.contentHash);
  });

  it('is the same with the body vouched legal, for every body the policy mark is given to', () => {
    // normalizeParsedItem passes bodyIsLegal for a marked body, sparing jsonString's scan: a marked body must
    // hold nothing JSON.stringify escapes beyond the five (controls, lone surrogates).
    const rand = createRandom(16);
    const pieces = ['<p>', '</p>', 'a', ' ', '"', '\\', '\n', '\r', '\t', '\u0001', '\u001f', '\u007f', '\u0085', '\ud83d\ude00', '\ud83d', '\ude00', '\ufffe', 'é', '’'];
    let marked = 0;
    for (let i = 0; i < 5000; i++) {
      let bodyHtml = '';
      const length = 1 + Math.floor(rand() * 12);
      for (let k = 0; k < length; k++) bodyHtml += pieces[Math.floor(rand() * pieces.length)];
      const body = { title: 'T', bodyHtml, media: [] };
      if (sanitizedBodyPolicy(bodyHtml) === undefined) {
        expect(contentHash(body)).toBe(createHash('sha256').update(JSON.stringify(['T', bodyHtml, []])).digest('hex'));
        continue;
      }
      marked++;
      expect(contentHash(body, true), JSON.stringify(bodyHtml)).toBe(contentHash(body));
      expect(contentHash(body, true)).toBe(createHash('sha256').update(JSON.stringify(['T', bodyHtml, []])).digest('hex'));
    }
    expect(marked).toBeGreaterThan(200);
  });
});

describe('identity: the body policy mark', () => {
  it('is not content: the hash leaves it out, and an unchanged article stored without it stays unchanged', () => {
    const stored = article();
    delete stored.bodyPolicy;
    const incoming = { ...article(), bodyPolicy: HTML_POLICY_FINGERPRINT };
    expect(contentHash(incoming)).toBe(contentHash(stored));
    expect(mergeWithStored(incoming, stored, NOW)).toEqual({ article: stored, outcome: 'unchanged' });
  });

  it('rides along with a changed article, which gets the next version anyway', () => {
    const stored = article();
    delete stored.bodyPolicy;
    const bodyHtml = '<p>Corrected.</p>';
    const incoming = { ...article(), bodyHtml, contentHash: contentHash({ ...article(), bodyHtml }), bodyPolicy: HTML_POLICY_FINGERPRINT };
    const { article: merged, outcome } = mergeWithStored(incoming, stored, NOW);
    expect(outcome).toBe('updated');
    expect(merged.version).toBe(stored.version + 1);
    expect(merged.bodyPolicy).toBe(HTML_POLICY_FINGERPRINT);
  });
});

describe('identity: status', () => {
  it.each([
    [{ status: 'usable' as const }, 'usable'],
    [{}, 'usable'],
    [{ status: 'withheld' as const }, 'withdrawn'],
    [{ status: 'canceled' as const }, 'withdrawn'],
    [{ embargoedUntil: '2024-06-14T00:00:00.000Z' }, 'embargoed'],
    [{ status: 'canceled' as const, embargoedUntil: '2024-06-14T00:00:00.000Z' }, 'withdrawn'],
    [{ embargoEndUnknown: true as const }, 'embargoed'],
    [{ status: 'withheld' as const, embargoEndUnknown: true as const }, 'withdrawn'],
  ])('maps %j to %s', (item, status) => {
    expect(statusOf(item)).toBe(status);
  });

});

describe('identity: mergeWithStored', () => {
  it('stores a new article as it is', () => {
    const a = article();
    expect(mergeWithStored(a, undefined, NOW)).toEqual({ article: a, outcome: 'new' });
  });

  it('leaves an unchanged article unchanged (not written again)', () => {
    const stored = article({ version: 3, updatedAt: '2024-06-13T05:00:00.000Z', clusterId: 'c1' });
    const incoming = article({ fetchedAt: NOW });
    expect(mergeWithStored(incoming, stored, NOW)).toEqual({ article: stored, outcome: 'unchanged' });
  });

  it('keeps the id, bumps the version and sets updatedAt to now when the content changed', () => {
    const stored = article({ version: 2, clusterId: 'c1' });
    const incoming = article({ id: 'ignored', bodyHtml: '<p>Corrected body</p>', bodyText: 'Corrected body', contentHash: undefined });
    const { article: merged, outcome } = mergeWithStored(incoming, stored, NOW);
    expect(outcome).toBe('updated');
    expect(merged.id).toBe(stored.id);
    expect(merged.version).toBe(3);
    expect(merged.updatedAt).toBe(NOW);
    expect(merged.bodyText).toBe('Corrected body');
    expect(merged.clusterId).toBe('c1');
    expect(articleSchema.parse(merged)).toEqual(merged);
  });

  it("takes the feed's updatedAt when it is newer than what is stored", () => {
    const stored = article({ updatedAt: '2024-06-13T03:00:00.000Z' });
    const incoming = article({ title: 'New title', contentHash: undefined, updatedAt: '2024-06-13T08:00:00.000Z' });
    expect(mergeWithStored(incoming, stored, NOW).article.updatedAt).toBe('2024-06-13T08:00:00.000Z');
  });

  it('respects a higher wire version (NewsML-G2 version 5 over stored 2)', () => {
    const stored = article({ version: 2 });
    const incoming = article({ version: 5, title: 'v5', contentHash: undefined });
    const { article: merged } = mergeWithStored(incoming, stored, NOW);
    expect(merged.version).toBe(5);
  });

  it('ignores a late copy of an older wire version (revision 2 after stored 3)', () => {
    const stored = article({ version: 3, title: 'v3' });
    const incoming = article({ version: 2, title: 'v2', contentHash: undefined });
    expect(mergeWithStored(incoming, stored, NOW)).toEqual({ article: stored, outcome: 'unchanged' });
  });

  it('writes a withdrawal even when the text did not change (pubStatus canceled)', () => {
    const stored = article();
    const { article: merged, outcome } = mergeWithStored(article({ status: 'withdrawn' }), stored, NOW);
    expect(outcome).toBe('updated');
    expect(merged.status).toBe('withdrawn');
    expect(merged.version).toBe(2);
  });

  it('keeps the stored publishedAt when the update has none', () => {
    const stored = article();
    const incoming = article({ title: 'New', contentHash: undefined });
    delete incoming.publishedAt;
    expect(mergeWithStored(incoming, stored, NOW).article.publishedAt).toBe(stored.publishedAt);
  });
});

describe('identity: contentHash writes the JSON it hashes as JSON.stringify does', () => {
  const strings = [
    '',
    'plain',
    '<p class="a">Café “quoted” ünïcödé 東京</p><img src="https://x.example/a.jpg" alt="" />',
    'back\\slash and "quotes"',
    'controls \u0000\u0001\b\t\n\f\r\u001f and \u007f',
    'a pair \ud83d\ude00, a lone high \ud83d and a lone low \ude00',
    '"',
  ];

  it.each(strings)('jsonString(%j) is JSON.stringify', (text) => {
    expect(jsonString(text)).toBe(JSON.stringify(text));
  });

  it('is the sha256 of JSON.stringify([title, bodyHtml, media]), whatever the body holds', () => {
    const media = [{ url: 'https://x.example/a.jpg', caption: 'A "cap"', credit: 'AFP' }, { url: 'https://x.example/b.jpg' }];
    for (const bodyHtml of strings) {
      for (const title of ['T', 'A "title" \\ \n']) {
        const json = JSON.stringify([title, bodyHtml, media.map((m) => [m.url, m.caption ?? '', m.credit ?? ''])]);
        expect(contentHash({ title, bodyHtml, media })).toBe(createHash('sha256').update(json, 'utf8').digest('hex'));
      }
    }
  });
});
