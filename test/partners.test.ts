import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPartner, loadPartnersFile, parsePartners } from '../shared/partners.js';
import { tempDir } from './support/temp-dir.js';

const valid = { id: 'kontan', name: 'KONTAN', feedUrl: 'https://partner.example/rss.xml' };

describe('partners configuration', () => {
  it('fills the defaults: format auto, 300 s interval, enabled, not local', () => {
    const [partner] = parsePartners({ partners: [valid] }, 'partners.json');
    expect(partner).toEqual({ ...valid, format: 'auto', pollIntervalSeconds: 300, enabled: true, local: false });
  });

  it.each([
    [{ ...valid, feedUrl: 'not a url' }, /^partners\.json: partner "kontan" field "feedUrl": /],
    [{ ...valid, feedUrl: 'ftp://partner.example/feed' }, /partner "kontan" field "feedUrl": only http and https/],
    [{ ...valid, format: 'mp3' }, /partner "kontan" field "format": /],
    [{ ...valid, pollIntervalSeconds: 5 }, /partner "kontan" field "pollIntervalSeconds": /],
    [{ ...valid, id: 'Bad Id' }, /partner "Bad Id" field "id": lowercase letters/],
    [{ ...valid, auth: { type: 'header', header: 'X-Key', secret: 'abc def' } }, /partner "kontan" field "auth.secret": a secret is referenced by name/],
    [{ ...valid, apiKey: 'inline' }, /partner "kontan": .*apiKey/],
    [{ name: 'x', feedUrl: 'https://x.example/' }, /partners\[0\] field "id"/],
    [{ id: 'kontan', feedUrl: 'https://x.example/' }, /^partners\.json: partner "kontan" field "name": is required$/],
    [{ ...valid, timeZone: 'Asia/Jakarat' }, /partner "kontan" field "timeZone": an IANA time zone such as "Asia\/Jakarta"/],
  ])('names the partner and the field of a mistake (%#)', (partner, message) => {
    expect(() => parsePartners({ partners: [partner] }, 'partners.json')).toThrow(message);
  });

  it('keeps a time zone that Intl knows', () => {
    expect(parsePartners({ partners: [{ ...valid, timeZone: 'Asia/Jakarta' }] }, 'partners.json')[0]!.timeZone).toBe('Asia/Jakarta');
  });

  it.each([
    ['asia/jakarta', 'Asia/Jakarta'],
    ['ASIA/MAKASSAR', 'Asia/Makassar'],
    ['utc', 'UTC'],
  ])('stores the time zone %s as Intl spells it, %s (the pages look zones up by that name)', (given, canonical) => {
    expect(parsePartners({ partners: [{ ...valid, timeZone: given }] }, 'partners.json')[0]!.timeZone).toBe(canonical);
  });

  it('refuses two partners with the same id', () => {
    expect(() => parsePartners({ partners: [valid, valid] }, 'p.json')).toThrow(/duplicate partner id "kontan"/);
  });

  it('says when the file is missing or not JSON', async () => {
    const dir = tempDir('wirefeed-partners-');
    await expect(loadPartnersFile(join(dir, 'none.json'))).rejects.toThrow(/cannot read partners file .*none\.json: ENOENT/);
    await writeFile(join(dir, 'bad.json'), '{ "partners": [ ');
    await expect(loadPartnersFile(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json:1:17: not valid JSON \(unexpected end of the document\)$/);
  });

  it('reads a file that starts with a UTF-8 byte order mark, and still places a later mistake', async () => {
    const dir = tempDir('wirefeed-partners-');
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    await writeFile(join(dir, 'bom.json'), Buffer.concat([bom, Buffer.from(JSON.stringify({ partners: [valid] }))]));
    expect((await loadPartnersFile(join(dir, 'bom.json'))).map((p) => p.id)).toEqual(['kontan']);
    await writeFile(join(dir, 'bom-bad.json'), Buffer.concat([bom, Buffer.from('{ "partners": ] }')]));
    await expect(loadPartnersFile(join(dir, 'bom-bad.json'))).rejects.toThrow(/bom-bad\.json:1:15: not valid JSON \(unexpected "\]"\)$/);
  });

  it('names a misspelt field and the field it probably meant', () => {
    const { feedUrl, ...rest } = valid as { feedUrl: string };
    expect(() => parsePartners({ partners: [{ ...rest, feedUrl, feed_url: feedUrl }] }, 'p.json')).toThrow(
      'p.json: partner "kontan": unknown field "feed_url" (did you mean "feedUrl"?)',
    );
  });

  it.each([
    ['a required field', { id: 'kontan', name: 'KONTAN', feed_url: 'https://partner.example/rss.xml' }, 'p.json: partner "kontan": unknown field "feed_url" (did you mean "feedUrl"?)'],
    [
      'a required auth field',
      { ...valid, auth: { type: 'header', name: 'X-Api-Key', secret: 'wirefeed/kontan-key' } },
      'p.json: partner "kontan" field "auth": unknown field "name" (did you mean "header"?)',
    ],
  ])('names %s, misspelt, as unknown rather than missing', (_case, partner, message) => {
    expect(() => parsePartners({ partners: [partner] }, 'p.json')).toThrow(message);
  });

  it('names a misspelt required field as unknown when checking one partner (add --file, every write)', () => {
    expect(() => checkPartner({ id: 'kontan', name: 'KONTAN', feed_url: 'https://partner.example/rss.xml' }, 'partner.json')).toThrow(
      'partner.json: partner "kontan": unknown field "feed_url" (did you mean "feedUrl"?)',
    );
  });

  it('names a misspelt "partners" at the top of the file', () => {
    expect(() => parsePartners({ partner: [valid] }, 'p.json')).toThrow('p.json: document: unknown field "partner" (did you mean "partners"?)');
  });

  it('ships valid partner files for the local stack and for a deployment', async () => {
    expect((await loadPartnersFile('infra/local/partners.json')).map((p) => p.id)).toEqual(['kontan', 'meridian']);
    expect((await loadPartnersFile('infra/partners.json')).length).toBeGreaterThan(0);
  });
});
