import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { samplesPortFor, startLocalStack, type LocalStack } from '../../../infra/local/stack.js';
import { localS3Client } from '../../../infra/local/services.js';
import { articleSchema, type Article } from '../../../shared/model/article.js';
import type { IngestionSummary } from '../../../shared/ports.js';

const SEED_GUID = 'kontan-internasional-1889451';

describe('the local stack (npm start)', () => {
  let stack: LocalStack;
  let dataDir: string;
  let first: IngestionSummary[];
  const log: string[] = [];
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'wirefeed-e2e-'));
    stack = await startLocalStack({ port: 0, samplesPort: 0, intervalSeconds: 3600, dataDir, log: (l) => log.push(l), schedule: false });
    first = await stack.tick();
  });

  afterAll(async () => {
    await stack?.stop();
    process.env = savedEnv;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('configures itself without writing process.env', () => {
    expect(process.env).toEqual(savedEnv);
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${stack.apiUrl}${path}`, { headers });

  it('ingests every sample partner through the real ingest handler and logs one line per partner', () => {
    const byPartner = Object.fromEntries(first.map((s) => [s.partnerId, s]));
    expect(byPartner.kontan).toMatchObject({ fetched: true, new: 3, failed: 0 });
    expect(byPartner.meridian).toMatchObject({ fetched: true, new: 3, failed: 0 });
    expect(log).toContain('ingest kontan: fetched, 3 new, 0 updated, 0 unchanged, 0 failed');
  });

  it('serves the seed article as a canonical article, normalized from the KONTAN feed', async () => {
    const list = (await (await get('/articles?limit=50')).json()) as { articles: Article[] };
    const seed = list.articles.find((a) => a.guid === SEED_GUID)!;
    expect(seed).toBeDefined();
    const response = await get(`/articles/${seed.id}`);
    expect(response.status).toBe(200);
    const article = articleSchema.parse(await response.json());
    expect(article).toMatchObject({
      partnerId: 'kontan',
      source: 'Reuters',
      editor: 'Barratut Taqiyyah Rafie',
      dateline: 'SEOUL',
      publisher: 'KONTAN.CO.ID',
      language: 'id',
      version: 1,
      publishedAt: '2024-06-13T02:30:00.000Z',
    });
    expect(article.bodyText.startsWith('Pemimpin Korea Utara Kim Jong Un')).toBe(true);
    expect(article.relatedLinks.map((l) => l.title)).toEqual([
      'Putin Bakal Kunjungi Korea Utara dan Vietnam, Apa Agendanya?',
      'Pemerintahan Biden Umumkan Sanksi Baru Terhadap Rusia Menjelang KTT G7',
    ]);
    for (const text of [article.bodyHtml, article.bodyText]) {
      expect(text).not.toMatch(/Sumber:|Baca Juga/i);
      expect(text).not.toContain('track.gif');
    }
    expect(article.rawKey).toMatch(/^raw\/kontan\/2\d{3}\/\d{2}\/\d{2}\/[0-9a-f]{64}\.xml\.gz$/);
  });

  it('keeps the raw copy of every payload fetched in the S3 bucket, under the key the articles point to', async () => {
    const s3 = localS3Client(stack.endpoints.s3);
    const listing = await s3.send(new ListObjectsV2Command({ Bucket: 'wirefeed-raw', Prefix: 'raw/' }));
    const keys = (listing.Contents ?? []).map((o) => o.Key!).filter((k) => k.endsWith('.gz'));
    expect(keys.filter((k) => k.startsWith('raw/kontan/'))).toHaveLength(1);
    expect(keys.filter((k) => k.startsWith('raw/meridian/'))).toHaveLength(1);
    const list = (await (await get('/articles?limit=50')).json()) as { articles: Article[] };
    for (const article of list.articles) expect(keys).toContain(article.rawKey);
    s3.destroy();
  });

  it('publishes RSS and Atom holding every article, the seed among them', async () => {
    const rss = await get('/feeds/all.rss');
    expect(rss.status).toBe(200);
    expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const rssText = await rss.text();
    expect(rssText.match(/<item[\s>]/g)).toHaveLength(6);
    expect(rssText).toContain('<title>Kim Jong Un: Korea Utara dan Rusia Rekan Seperjuangan yang Tak Terkalahkan</title>');
    const atom = await get('/feeds/all.atom');
    expect(atom.status).toBe(200);
    expect((await atom.text()).match(/<entry[\s>]/g)).toHaveLength(6);
  });

  it('a scheduled tick right after goes through the dispatcher, which finds no partner due yet', async () => {
    expect(await stack.tick()).toEqual([]);
  });

  it('a second cycle gets 304 from every partner and rewrites nothing (idempotent)', async () => {
    // forced, as an operator's "poll now" message is: the partners are not due again yet
    const second = await stack.tick({ force: true });
    expect(second.map((s) => [s.partnerId, s.notModified, s.new, s.updated]).sort()).toEqual([
      ['kontan', true, 0, 0],
      ['meridian', true, 0, 0],
    ]);
    const list = (await (await get('/articles?limit=50')).json()) as { articles: Article[] };
    expect(list.articles).toHaveLength(6);
    expect(list.articles.every((a) => a.version === 1)).toBe(true);
  });
});

describe('samplesPortFor', () => {
  it('puts the sample feeds on the port after the API, and on a free port when the API takes a free one (0)', () => {
    expect(samplesPortFor(3000)).toBe(3001);
    // Not port 1: a privileged port, refused to most users, and not what "any free port" means.
    expect(samplesPortFor(0)).toBe(0);
  });
});
