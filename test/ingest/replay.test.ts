import { describe, expect, it } from 'vitest';
import { replayRawCopies, type ReplayProgress } from '../../shared/ingest/replay.js';
import { progressBar, progressLines } from '../../shared/cli/replay-run.js';
import { MemoryArticleStore, MemoryRawArchive } from '../../shared/adapters/memory.js';
import { partnerSchema } from '../../shared/model/partner.js';
import type { CommandIo } from '../../shared/cli/main.js';

const enc = (s: string) => new TextEncoder().encode(s);
const feed = (items: Array<[guid: string, title: string, body: string]>) =>
  enc(
    `<rss version="2.0"><channel><title>P</title><link>https://p.example/</link><language>en</language>${items
      .map(([g, t, b]) => `<item><guid isPermaLink="false">${g}</guid><title>${t}</title><link>https://p.example/${g}</link><description>${b}</description><pubDate>Thu, 13 Jun 2024 10:00:00 GMT</pubDate></item>`)
      .join('')}</channel></rss>`,
  );

async function archiveWith(copies: Array<{ partnerId: string; fetchedAt: string; body: Uint8Array }>) {
  const archive = new MemoryRawArchive();
  for (const c of copies) await archive.put({ partnerId: c.partnerId, url: `https://${c.partnerId}.example/rss`, fetchedAt: c.fetchedAt, httpStatus: 200, body: c.body });
  return archive;
}

const partners = ['alpha', 'beta'].map((id) => partnerSchema.parse({ id, name: id, feedUrl: `https://${id}.example/rss` }));
const clock = { now: () => new Date('2024-06-14T00:00:00.000Z') };

describe('replayRawCopies', () => {
  it('rebuilds the articles of a fresh table from the raw archive, versions in the order they were fetched', async () => {
    const archive = await archiveWith([
      { partnerId: 'alpha', fetchedAt: '2024-06-13T10:05:00.000Z', body: feed([['a1', 'First', 'Original text of the story.']]) },
      { partnerId: 'alpha', fetchedAt: '2024-06-13T11:05:00.000Z', body: feed([['a1', 'First', 'Corrected text of the story.'], ['a2', 'Second', 'Another story.']]) },
      { partnerId: 'beta', fetchedAt: '2024-06-13T10:30:00.000Z', body: feed([['b1', 'Beta one', 'Beta story.']]) },
    ]);
    const articles = new MemoryArticleStore();
    const counts = await replayRawCopies({}, { archive, articles, clock, partners, maxFeedBytes: 1e6 });
    expect(counts).toEqual({ read: 3, new: 3, updated: 1, unchanged: 0, failed: 0 });
    const a1 = [...articles.articles.values()].find((a) => a.guid === 'a1')!;
    expect(a1.version).toBe(2);
    expect(a1.bodyText).toBe('Corrected text of the story.');
    expect(a1.rawKey).toMatch(/^raw\/alpha\//);
  });

  it('resolves relative links against the feed URL of a partner with auth, never a credentialed URL an old copy recorded', async () => {
    const archive = new MemoryRawArchive();
    const body = enc(
      '<rss version="2.0"><channel><title>K</title><item><guid isPermaLink="false">k1</guid><title>Keyed</title><link>story.html</link>' +
        '<description>Text of the keyed story.</description></item></channel></rss>',
    );
    await archive.put({ partnerId: 'keyed', url: 'https://keyed.example/feeds/K3y/rss.xml', fetchedAt: '2024-06-13T10:05:00.000Z', httpStatus: 200, body });
    const keyed = partnerSchema.parse({ id: 'keyed', name: 'Keyed', feedUrl: 'https://keyed.example/q', auth: { type: 'query', param: 'key', secret: 'keyed-key' } });
    const articles = new MemoryArticleStore();
    await replayRawCopies({}, { archive, articles, clock, partners: [keyed], maxFeedBytes: 1e6 });
    const [article] = [...articles.articles.values()];
    expect(article!.url).toBe('https://keyed.example/story.html');
  });

  it('reports a copy kept still encoded (its decoding failed when fetched) as failed, saying why, and replays the rest', async () => {
    const archive = await archiveWith([{ partnerId: 'alpha', fetchedAt: '2024-06-13T10:05:00.000Z', body: feed([['a1', 'First', 'Text.']]) }]);
    const { key } = await archive.put({ partnerId: 'alpha', url: 'https://alpha.example/rss', fetchedAt: '2024-06-13T11:05:00.000Z', httpStatus: 200, contentEncoding: 'gzip', body: enc('not gzip') });
    const errors: string[] = [];
    const articles = new MemoryArticleStore();
    const counts = await replayRawCopies({}, { archive, articles, clock, partners, maxFeedBytes: 1e6 }, (p) => p.error && errors.push(p.error));
    expect(counts).toMatchObject({ read: 2, new: 1, failed: 1 });
    expect(errors).toEqual([`${key}: kept as received: its Content-Encoding "gzip" could not be undone when fetched`]);
  });

  it('is idempotent: replaying again changes nothing and writes nothing', async () => {
    const archive = await archiveWith([{ partnerId: 'alpha', fetchedAt: '2024-06-13T10:05:00.000Z', body: feed([['a1', 'First', 'Text.']]) }]);
    const articles = new MemoryArticleStore();
    await replayRawCopies({}, { archive, articles, clock, partners, maxFeedBytes: 1e6 });
    const writes = articles.writes;
    const again = await replayRawCopies({}, { archive, articles, clock, partners, maxFeedBytes: 1e6 });
    expect(again).toEqual({ read: 1, new: 0, updated: 0, unchanged: 1, failed: 0 });
    expect(articles.writes).toBe(writes);
  });

  it('in a dry run counts what would change but writes nothing', async () => {
    const archive = await archiveWith([{ partnerId: 'alpha', fetchedAt: '2024-06-13T10:05:00.000Z', body: feed([['a1', 'First', 'Text.']]) }]);
    const articles = new MemoryArticleStore();
    const counts = await replayRawCopies({ dryRun: true }, { archive, articles, clock, partners, maxFeedBytes: 1e6 });
    expect(counts.new).toBe(1);
    expect(articles.articles.size).toBe(0);
  });

  it('replays only the partner and dates asked for, and counts a copy that still cannot be parsed as failed', async () => {
    const archive = await archiveWith([
      { partnerId: 'alpha', fetchedAt: '2024-06-12T10:00:00.000Z', body: feed([['old', 'Old', 'Old story.']]) },
      { partnerId: 'alpha', fetchedAt: '2024-06-13T10:00:00.000Z', body: enc('<html><body>maintenance</body></html>') },
      { partnerId: 'beta', fetchedAt: '2024-06-13T10:00:00.000Z', body: feed([['b1', 'B', 'Beta.']]) },
    ]);
    const articles = new MemoryArticleStore();
    const progress: ReplayProgress[] = [];
    const counts = await replayRawCopies(
      { partnerId: 'alpha', since: new Date('2024-06-13T00:00:00.000Z') },
      { archive, articles, clock, partners, maxFeedBytes: 1e6 },
      (p) => progress.push(p),
    );
    expect(counts).toEqual({ read: 1, new: 0, updated: 0, unchanged: 0, failed: 1 });
    expect(progress[0]!.error).toMatch(/^raw\/alpha\/2024\/06\/13\/.*: /);
  });
});

describe('replay progress', () => {
  const capture = () => {
    let err = '';
    const io: CommandIo = { stdout: () => {}, stderr: (t) => (err += t), env: {}, isTty: true };
    return { io, text: () => err };
  };
  const at = (read: number, total: number): ReplayProgress => ({ read, total, new: read, updated: 0, unchanged: 0, failed: 0 });

  it('draws a bar with items per second and the time left on a terminal', () => {
    const { io, text } = capture();
    let now = 0;
    const draw = progressBar(io, 0, () => now);
    now = 2000;
    draw(at(10, 40));
    expect(text()).toContain('[########----------------------] 10/40  5.0 items/s  ETA 6 s');
  });

  it('writes plain lines, one per tenth of the way, when not on a terminal', () => {
    const { io, text } = capture();
    const log = progressLines(io);
    for (let i = 1; i <= 20; i++) log(at(i, 20));
    const lines = text().trimEnd().split('\n');
    expect(lines).toHaveLength(11); // the first copy, then one line per tenth
    expect(lines.at(-1)).toBe('replay: 20/20 raw copies (20 new, 0 updated, 0 unchanged, 0 failed)');
  });
});
