import { describe, expect, it } from 'vitest';
import { ingestPartner, type IngestDeps } from '../../shared/ingest/ingest-partner.js';
import { MemoryArticleStore, MemoryPartnerStateStore, MemoryRawArchive } from '../../shared/adapters/memory.js';
import { partnerSchema, type Partner } from '../../shared/model/partner.js';
import { FetchError, VersionConflictError } from '../../shared/errors.js';
import type { Article } from '../../shared/model/article.js';
import type { FeedFetcher, FetchResult, FetchValidators, IngestionSummary } from '../../shared/ports.js';
import { formatSummary } from '../../shared/ingest/ingest-partners.js';
import { articleId } from '../../shared/normalize/index.js';
import { updatePartner } from '../../shared/partner-admin/manage.js';
import { MemoryPartnerStore, MemoryStates } from '../support/memory-partner-store.js';

const partner: Partner = partnerSchema.parse({
  id: 'kontan',
  name: 'KONTAN',
  feedUrl: 'https://partner.example/rss.xml',
  defaultLanguage: 'id',
  pollIntervalSeconds: 300,
});

function rss(items: Array<{ guid: string; title: string; body: string }>): Uint8Array {
  const xml = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>KONTAN</title><link>https://partner.example/</link><language>id</language>${items
    .map(
      (i) => `<item><title>${i.title}</title><link>https://partner.example/${i.guid}</link><guid isPermaLink="false">${i.guid}</guid>
<pubDate>Thu, 13 Jun 2024 09:30:00 +0700</pubDate><content:encoded><![CDATA[<p>${i.body}</p>]]></content:encoded></item>`,
    )
    .join('')}</channel></rss>`;
  return new TextEncoder().encode(xml);
}

/** A partner whose answers are scripted one per fetch; it records the validators it was sent. */
class ScriptedFetcher implements FeedFetcher {
  readonly sent: FetchValidators[] = [];
  constructor(private readonly answers: Array<FetchResult | Error | (() => Promise<FetchResult>)>) {}
  async fetch(_partner: Partner, validators: FetchValidators): Promise<FetchResult> {
    this.sent.push(validators);
    const answer = this.answers.shift();
    if (!answer) throw new Error('no scripted answer left');
    if (answer instanceof Error) throw answer;
    return typeof answer === 'function' ? answer() : answer;
  }
}

const ok = (body: Uint8Array, etag = '"v1"'): FetchResult => ({
  status: 'ok',
  url: partner.feedUrl,
  body,
  contentType: 'application/rss+xml',
  etag,
  httpStatus: 200,
});

function setup(answers: Array<FetchResult | Error | (() => Promise<FetchResult>)>, start = '2024-06-13T03:00:00.000Z') {
  let now = new Date(start);
  const fetcher = new ScriptedFetcher(answers);
  const articles = new MemoryArticleStore();
  const archive = new MemoryRawArchive();
  const partnerStates = new MemoryPartnerStateStore();
  const deps: IngestDeps = {
    fetcher,
    archive,
    articles,
    partnerStates,
    clock: { now: () => now },
    maxFeedBytes: 1_000_000,
    circuitFailureThreshold: 5,
    random: () => 0.5,
  };
  const advance = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };
  return { deps, fetcher, articles, archive, partnerStates, advance };
}

const story = { guid: 'a-1', title: 'Kim Jong Un memuji Rusia', body: 'KONTAN.CO.ID - SEOUL. Pemimpin Korea Utara Kim Jong Un memuji Rusia.' };
const other = { guid: 'a-2', title: 'Harga minyak naik', body: 'Harga minyak mentah naik pada perdagangan Kamis pagi.' };

describe('ingestPartner', () => {
  it('stores every new article with the key of the raw copy it came from', async () => {
    const { deps, articles, archive } = setup([ok(rss([story, other]))]);
    const summary = await ingestPartner(partner, deps);
    expect(summary).toMatchObject({ fetched: true, new: 2, updated: 0, unchanged: 0, failed: 0 });
    expect(archive.objects.size).toBe(1);
    const [rawKey] = [...archive.objects.keys()];
    expect(summary.rawKey).toBe(rawKey);
    const stored = [...articles.articles.values()];
    expect(stored.map((a) => a.guid).sort()).toEqual(['a-1', 'a-2']);
    for (const article of stored) {
      expect(article.rawKey).toBe(rawKey);
      expect(article.fetchedAt).toBe('2024-06-13T03:00:00.000Z');
      expect(article.version).toBe(1);
    }
  });

  it('reports each item it left out in the run summary instead of dropping the reason', async () => {
    const { deps, articles } = setup([ok(rss([story, story, { guid: 'empty', title: '', body: '' }]))]);
    const summary = await ingestPartner(partner, deps);
    expect(summary.new).toBe(1);
    expect(articles.articles.size).toBe(1);
    expect(summary.warnings).toEqual([
      'item 2 skipped: repeats guid "a-1" with the same content',
      'item 3 (guid "empty") skipped: item has neither title nor text',
    ]);
  });

  it('counts the skipped items in the run record and names them on the summary line', async () => {
    const { deps } = setup([ok(rss([story, { guid: 'empty', title: '', body: '' }, other]))]);
    const runs: IngestionSummary[] = [];
    const summary = await ingestPartner(partner, { ...deps, recordRun: async (s) => void runs.push(structuredClone(s)) });
    expect(summary).toMatchObject({ new: 2, skippedItems: 1 });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ skippedItems: 1, warnings: ['item 2 (guid "empty") skipped: item has neither title nor text'] });
    expect(formatSummary(summary)).toBe(
      'ingest kontan: fetched, 2 new, 0 updated, 0 unchanged, 0 failed, 1 skipped (1 warning) — item 2 (guid "empty") skipped: item has neither title nor text',
    );
  });

  it('keeps an item without a link and stores it with no url, its id from partner and guid', async () => {
    const nitf = new TextEncoder().encode(
      '<nitf><head><title>Gempa guncang Cianjur</title><docdata><doc-id id-string="antara-0042"/></docdata></head><body><body.content><p>Gempa bumi mengguncang Cianjur.</p></body.content></body></nitf>',
    );
    const { deps, articles } = setup([ok(nitf)]);
    const summary = await ingestPartner(partner, deps);
    expect(summary).toMatchObject({ new: 1, skippedItems: 0, failed: 0 });
    const stored = articles.articles.get(articleId('kontan', 'antara-0042', 1));
    expect(stored).toMatchObject({ guid: 'antara-0042', title: 'Gempa guncang Cianjur' });
    expect(stored).not.toHaveProperty('url');
  });

  it('sends the stored validators back and, on a 304, archives and writes nothing (no cost for an unchanged feed)', async () => {
    const { deps, fetcher, articles, archive, advance } = setup([ok(rss([story])), { status: 'not-modified', url: partner.feedUrl }]);
    await ingestPartner(partner, deps);
    const writes = articles.writes;
    advance(300);
    const summary = await ingestPartner(partner, deps);
    expect(fetcher.sent[1]).toEqual({ etag: '"v1"', lastModified: undefined });
    expect(summary).toMatchObject({ notModified: true, new: 0, updated: 0, unchanged: 0 });
    expect(articles.writes).toBe(writes);
    expect(archive.objects.size).toBe(1);
  });

  it('archives a body that arrived whole but could not be decoded, as received, with its failure beside it', async () => {
    const bytes = new TextEncoder().encode('not gzip at all');
    const received = { url: partner.feedUrl, httpStatus: 200, contentType: 'application/rss+xml', contentEncoding: 'gzip', body: bytes };
    const corrupt = new FetchError(`partner "kontan": corrupt gzip body from ${partner.feedUrl}`, 'protocol', undefined, undefined, { received });
    const { deps, archive } = setup([corrupt]);
    const summary = await ingestPartner(partner, deps);
    expect(summary).toMatchObject({ failed: 1, error: `partner "kontan": corrupt gzip body from ${partner.feedUrl}` });
    expect(archive.objects.size).toBe(1);
    const [key, object] = [...archive.objects.entries()][0]!;
    expect(summary.rawKey).toBe(key);
    expect(Buffer.from(object.body).toString()).toBe('not gzip at all');
    expect(object.info).toMatchObject({ partnerId: 'kontan', contentEncoding: 'gzip', fetchedAt: '2024-06-13T03:00:00.000Z' });
    expect(key).toMatch(/\.bin\.gz$/);
    expect(archive.failures.get(key)).toBe(summary.error);
  });

  it('names a permanent move of the feed in the run, with the command that updates the partner', async () => {
    const moved = { ...ok(rss([story])), movedPermanently: { status: 301, to: 'https://partner.example/new/rss.xml' } };
    const { deps } = setup([moved]);
    const summary = await ingestPartner(partner, deps);
    expect(summary).toMatchObject({ new: 1, failed: 0 });
    const line = 'feed moved permanently (HTTP 301) to https://partner.example/new/rss.xml: update it with wirefeed partners update kontan --feed-url https://partner.example/new/rss.xml';
    expect(summary.warnings).toContain(line);
    expect(formatSummary(summary)).toContain(`(1 warning) — ${line}`);
  });

  it('fails a run answered "not modified" when it had no validators to send', async () => {
    const { deps } = setup([{ status: 'not-modified', url: partner.feedUrl }]);
    const summary = await ingestPartner(partner, deps);
    expect(summary).toMatchObject({ failed: 1, notModified: false, error: `partner "kontan": HTTP 304 to an unconditional request from ${partner.feedUrl}` });
    expect((await deps.partnerStates.get('kontan'))!.consecutiveFailures).toBe(1);
  });

  it('keeps the new validators a 304 carries and the stored ones it leaves out, and sends them next time', async () => {
    const lastModified = 'Thu, 13 Jun 2024 03:00:00 GMT';
    const { deps, fetcher, advance } = setup([
      { ...ok(rss([story])), lastModified },
      { status: 'not-modified', url: partner.feedUrl, etag: '"v2"' },
      { status: 'not-modified', url: partner.feedUrl },
    ]);
    await ingestPartner(partner, deps);
    advance(300);
    await ingestPartner(partner, deps);
    advance(300);
    await ingestPartner(partner, deps);
    expect(fetcher.sent[1]).toEqual({ etag: '"v1"', lastModified });
    expect(fetcher.sent[2]).toEqual({ etag: '"v2"', lastModified });
    expect(await deps.partnerStates.get('kontan')).toMatchObject({ etag: '"v2"', lastModified });
  });

  it('re-ingesting the same items in a new document creates no duplicate and rewrites nothing (idempotent)', async () => {
    const first = rss([story, other]);
    // The same items, but not the same bytes (a feed generator adds a new build date to every response).
    const again = new TextEncoder().encode(new TextDecoder().decode(first).replace('<title>KONTAN</title>', '<title>KONTAN</title><lastBuildDate>Thu, 13 Jun 2024 10:05:00 +0700</lastBuildDate>'));
    const { deps, articles, advance } = setup([ok(first), ok(again, '"v1-again"')]);
    await ingestPartner(partner, deps);
    const writes = articles.writes;
    advance(300);
    const summary = await ingestPartner(partner, deps);
    expect(summary).toMatchObject({ new: 0, updated: 0, unchanged: 2 });
    expect(articles.articles.size).toBe(2);
    expect(articles.writes).toBe(writes);
  });

  it('does not parse or read back a body identical to the last stored one (a partner that ignores validators costs a 304)', async () => {
    const body = rss([story, other]);
    const { deps, articles, archive, advance } = setup([ok(body), ok(body, '"v1-again"')]);
    await ingestPartner(partner, deps);
    let reads = 0;
    const getMany = articles.getMany.bind(articles);
    articles.getMany = async (ids: string[]) => {
      reads++;
      return getMany(ids);
    };
    const writes = articles.writes;
    advance(300);
    const summary = await ingestPartner(partner, deps);
    expect(summary).toMatchObject({ fetched: true, sameBody: true, new: 0, updated: 0, unchanged: 0, failed: 0 });
    expect(reads).toBe(0);
    expect(articles.writes).toBe(writes);
    expect(archive.objects.size).toBe(1);
  });

  it('ingests the same bytes again when the run that archived them crashed before storing the articles (no loss)', async () => {
    const body = rss([story]);
    const { deps, articles, advance } = setup([ok(body), ok(body)]);
    const putMany = articles.putMany.bind(articles);
    articles.putMany = async () => {
      throw new Error('DynamoDB timed out');
    };
    const crashed = await ingestPartner(partner, deps);
    expect(crashed.failed).toBe(1);
    articles.putMany = putMany;
    advance(3600);
    const retried = await ingestPartner(partner, deps, { force: true });
    expect(retried.sameBody).toBeUndefined();
    expect(retried.new).toBe(1);
    expect(articles.articles.size).toBe(1);
  });

  it('gives a changed story the same id, version 2 and a new updatedAt', async () => {
    const changed = { ...story, body: `${story.body} Kremlin belum mengonfirmasi tanggal kunjungan.` };
    const { deps, articles, advance } = setup([ok(rss([story])), ok(rss([changed]), '"v2"')]);
    await ingestPartner(partner, deps);
    const [first] = [...articles.articles.values()] as [Article];
    advance(600);
    const summary = await ingestPartner(partner, deps);
    expect(summary).toMatchObject({ new: 0, updated: 1, unchanged: 0 });
    const second = articles.articles.get(first.id)!;
    expect(second.version).toBe(2);
    expect(second.updatedAt).toBe('2024-06-13T03:10:00.000Z');
    expect(second.bodyText).toContain('Kremlin');
  });

  it('when the raw archive write fails, writes no article and keeps the validators, so the next run ingests them (no loss)', async () => {
    const body = rss([story]);
    const { deps, fetcher, articles, archive, advance } = setup([ok(body), ok(body)]);
    archive.failNextPut = new Error('S3 is down');
    const failed = await ingestPartner(partner, deps);
    expect(failed.failed).toBe(1);
    expect(failed.error).toMatch(/^partner "kontan": .*S3 is down/);
    expect(articles.articles.size).toBe(0);
    advance(3600);
    const retried = await ingestPartner(partner, deps, { force: true });
    // The validators of the failed fetch were not stored, so the partner could not answer 304 and lose the items.
    expect(fetcher.sent[1]).toEqual({ etag: undefined, lastModified: undefined });
    expect(retried).toMatchObject({ new: 1, failed: 0 });
    expect(articles.articles.size).toBe(1);
  });

  it('keeps a payload that cannot be parsed in the archive and records why next to it (nothing lost)', async () => {
    const html = new TextEncoder().encode('<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Back soon</body></html>');
    const { deps, archive, articles, partnerStates } = setup([ok(html)]);
    const summary = await ingestPartner(partner, deps);
    expect(summary.failed).toBe(1);
    expect(summary.error).toMatch(/^partner "kontan": /);
    expect(summary.error).not.toContain('\n');
    expect(archive.objects.size).toBe(1);
    expect(archive.failures.get(summary.rawKey!)).toMatch(/HTML/i);
    expect(articles.articles.size).toBe(0);
    expect((await partnerStates.get('kontan'))?.consecutiveFailures).toBe(1);
  });

  it('records a partner whose format setting names another format as failing, raw copy kept, instead of a quiet run of 0 items', async () => {
    const { deps, archive, articles, partnerStates } = setup([ok(rss([story]))]);
    const summary = await ingestPartner({ ...partner, format: 'newsml-g2' }, deps);
    expect(summary.failed).toBe(1);
    expect(summary.error).toBe('partner "kontan": the document is rss (root element <rss>), not newsml-g2: set the format to rss or auto');
    expect(archive.objects.size).toBe(1);
    expect(articles.articles.size).toBe(0);
    expect((await partnerStates.get('kontan'))?.consecutiveFailures).toBe(1);
  });

  it('records a fetch failure in the partner health with backoff, and skips the partner until it is due', async () => {
    const { deps, partnerStates } = setup([new FetchError('partner "kontan": HTTP 503 from https://partner.example/rss.xml', 'status', 503, 120)]);
    const summary = await ingestPartner(partner, deps);
    expect(summary).toMatchObject({ failed: 1, error: 'partner "kontan": HTTP 503 from https://partner.example/rss.xml' });
    const state = (await partnerStates.get('kontan'))!;
    expect(state.consecutiveFailures).toBe(1);
    expect(Date.parse(state.nextPollAt!)).toBeGreaterThanOrEqual(Date.parse('2024-06-13T03:02:00.000Z'));
    const skipped = await ingestPartner(partner, deps);
    expect(skipped.skipped).toBe(true);
  });

  it('is due again exactly one interval after a run started, so a schedule at the interval never skips it', async () => {
    const body = rss([story]);
    const { deps, advance } = setup([ok(body), { status: 'not-modified', url: partner.feedUrl }]);
    await ingestPartner(partner, deps);
    advance(300);
    const second = await ingestPartner(partner, deps);
    expect(second.skipped).toBeUndefined();
    expect(second.notModified).toBe(true);
  });

  it('retries with fresh versions when another run stored the article first (no lost update)', async () => {
    const { deps, articles } = setup([ok(rss([story]))]);
    const realPutMany = articles.putMany.bind(articles);
    let raced = false;
    articles.putMany = async (batch: Article[]) => {
      if (!raced) {
        raced = true;
        // Another run wins the race with the same article first.
        await realPutMany(batch);
        throw new VersionConflictError('lost the race');
      }
      return realPutMany(batch);
    };
    const summary = await ingestPartner(partner, deps);
    expect(summary.failed).toBe(0);
    expect(summary.unchanged).toBe(1);
    expect(articles.articles.size).toBe(1);
    expect([...articles.articles.values()][0]!.version).toBe(1);
  });
});

/** The document as a cut-off download leaves it: everything up to the end of its items, then half an item. */
function cutOff(document: Uint8Array): Uint8Array {
  const xml = new TextDecoder().decode(document);
  return new TextEncoder().encode(`${xml.slice(0, xml.lastIndexOf('</channel>'))}<item><title>Terpotong di teng`);
}

describe('ingestPartner: truncated documents', () => {
  it('stores the items complete before the cut, records the run as truncated, and keeps the old validators', async () => {
    const { deps, fetcher, articles, partnerStates, advance } = setup([
      ok(rss([story]), '"v1"'),
      ok(cutOff(rss([story, other])), '"v2-cut"'),
      { status: 'not-modified', url: partner.feedUrl },
    ]);
    const runs: IngestionSummary[] = [];
    const recorded = { ...deps, recordRun: async (s: IngestionSummary) => void runs.push(structuredClone(s)) };
    await ingestPartner(partner, recorded);
    advance(300);
    const summary = await ingestPartner(partner, recorded);
    expect(summary).toMatchObject({ fetched: true, truncated: true, new: 1, unchanged: 1, failed: 0 });
    expect(summary.warnings.filter((w) => /truncated/.test(w))).toHaveLength(1);
    expect(runs[1]).toMatchObject({ truncated: true, new: 1 });
    expect(runs[0]).not.toHaveProperty('truncated');
    expect([...articles.articles.values()].map((a) => a.title).sort()).toEqual([other.title, story.title].sort());
    expect(formatSummary(summary)).toMatch(/^ingest kontan: fetched \(truncated\), 1 new, 0 updated, 1 unchanged, 0 failed \(1 warning\)$/);
    // The validators of the cut-off answer are not kept: a 304 to them would hide the dropped item.
    expect((await partnerStates.get('kontan'))?.etag).toBe('"v1"');
    advance(300);
    await ingestPartner(partner, recorded);
    expect(fetcher.sent[2]).toEqual({ etag: '"v1"', lastModified: undefined });
  });

  it('records a truncated document with no complete item as a failed fetch: raw copy kept, failure beside it, validators not advanced, fetched again next poll', async () => {
    const whole = rss([story]);
    const nothingComplete = cutOff(rss([]));
    const { deps, fetcher, articles, archive, partnerStates, advance } = setup([ok(nothingComplete, '"cut"'), ok(whole, '"whole"')]);
    const failed = await ingestPartner(partner, deps);
    expect(failed).toMatchObject({ fetched: true, truncated: true, failed: 1, new: 0 });
    expect(failed.error).toMatch(/^partner "kontan": truncated rss document: it ends before any item is complete/);
    expect(failed.error).not.toContain('\n');
    expect(archive.objects.size).toBe(1);
    expect(archive.failures.get(failed.rawKey!)).toMatch(/truncated rss document/);
    expect(articles.articles.size).toBe(0);
    const state = (await partnerStates.get('kontan'))!;
    expect(state).toMatchObject({ consecutiveFailures: 1 });
    expect(state).not.toHaveProperty('etag');
    expect(state).not.toHaveProperty('lastStoredRawKey');
    advance((Date.parse(state.nextPollAt!) - Date.parse(failed.startedAt)) / 1000);
    const retried = await ingestPartner(partner, deps);
    expect(fetcher.sent[1]).toEqual({ etag: undefined, lastModified: undefined });
    expect(retried).toMatchObject({ fetched: true, new: 1, failed: 0 });
    expect(retried).not.toHaveProperty('truncated');
    expect((await partnerStates.get('kontan'))?.etag).toBe('"whole"');
  });
});

describe('ingestPartner: embargoes and edits', () => {
  it('holds a NewsML-G2 story embargoed with no time, or an unreadable one, until a later version lifts it', async () => {
    const g2 = (version: number, embargoed: string) =>
      new TextEncoder().encode(`<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:g2:rate" version="${version}"><itemMeta><itemClass qcode="ninat:text"/><versionCreated>2024-06-13T03:00:00Z</versionCreated>${embargoed}</itemMeta><contentMeta><headline>BI rate decision</headline><language tag="id"/></contentMeta><contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Bank Indonesia mempertahankan suku bunga acuan.</p></body></html></inlineXML></contentSet></newsItem>`);
    const { deps, articles, advance } = setup([ok(g2(1, '<embargoed/>'), '"e1"'), ok(g2(2, '<embargoed>when the governor speaks</embargoed>'), '"e2"'), ok(g2(3, ''), '"e3"')]);
    const visible = async () => (await articles.latest({ limit: 10 })).articles.map((a) => a.guid);

    expect(await ingestPartner(partner, deps)).toMatchObject({ new: 1, warnings: [] });
    const [held] = [...articles.articles.values()] as [Article];
    expect(held).toMatchObject({ status: 'embargoed', version: 1 });
    expect(held).not.toHaveProperty('embargoedUntil');
    expect(await visible()).toEqual([]);

    advance(600);
    const unreadable = await ingestPartner(partner, deps);
    expect(unreadable).toMatchObject({ updated: 1 });
    expect(unreadable.warnings).toContainEqual(expect.stringContaining('unreadable embargo time "when the governor speaks": held'));
    expect(articles.articles.get(held.id)).toMatchObject({ status: 'embargoed', version: 2 });
    expect(await visible()).toEqual([]);

    advance(600);
    expect(await ingestPartner(partner, deps)).toMatchObject({ updated: 1 });
    expect(articles.articles.get(held.id)).toMatchObject({ status: 'usable', version: 3 });
    expect(await visible()).toEqual(['urn:g2:rate']);
  });

  it('does not let a run that read the old feed URL bring back its validators after an edit moved the partner', async () => {
    const states = new MemoryStates();
    const partners = new MemoryPartnerStore(states);
    await partners.put(partner);
    const moved = { ...partner, feedUrl: 'https://partner.example/rss/world.xml' };
    const admin = { partners, states, clock: { now: () => new Date('2024-06-13T03:05:00.000Z') } };
    // The run fetches the old URL; while it is in flight an editor moves the partner to a new one.
    const { deps, fetcher } = setup([
      async () => {
        await updatePartner(partner.id, { feedUrl: moved.feedUrl }, admin);
        return ok(rss([story]), '"old-feed"');
      },
      ok(rss([other]), '"new-feed"'),
    ]);
    deps.partnerStates = states;
    await ingestPartner(partner, deps);
    expect((await states.get(partner.id))?.etag).toBe('"old-feed"');

    // The next run, with the new settings, fetches the new URL unconditionally and at once.
    const next = await ingestPartner(moved, deps);
    expect(next.skipped).toBeUndefined();
    expect(next).toMatchObject({ fetched: true, new: 1 });
    expect(fetcher.sent[1]).toEqual({ etag: undefined, lastModified: undefined });
    expect((await states.get(partner.id))?.etag).toBe('"new-feed"');
  });
});
