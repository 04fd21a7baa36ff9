import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createHttpApiServer } from '../../infra/local/http-api-adapter.js';
import type { Article } from '../../shared/model/article.js';
import type { PartnerState } from '../../shared/ports.js';
import { createPublishHandler } from '../../functions/publish/apigw.js';
import { createPublisher } from '../../shared/publish/publish.js';
import { MemoryArticleStore } from '../../shared/adapters/memory.js';
import { makeArticle, makeCorpus } from './articles.js';
import { NOW, PARTNERS } from './harness.js';
import { seedArticle } from './seed.js';

/** Realistic articles plus the cases that must not show: cluster copies, withdrawn, under embargo; and hostile text. */
export function conformanceArticles(): { articles: Article[]; visible: Article[] } {
  const corpus = makeCorpus(120).map((a, i) => ({ ...a, clusterId: `c${i}` }));
  corpus[3] = {
    ...corpus[3]!,
    title: 'Rupiah <b>weakens</b> ]]> as "investors" & traders wait \u0001 for BI — 1.2% drop',
    bodyHtml: '<p onclick="x()">Body with <script>alert(1)</script> and ]]> and <a href="javascript:alert(2)">a link</a>.</p>',
    authors: ['Dewi Anggraeni', 'Reuters Staff'],
  };
  corpus[7] = { ...corpus[7]!, title: `Long headline ${'word '.repeat(2000)}` };
  corpus[11] = { ...corpus[11]!, summary: undefined, media: [], relatedLinks: [], source: undefined, publisher: undefined, rights: undefined };
  const hidden: Article[] = [
    makeArticle({ id: 'copy-of-0', clusterId: 'c0', partnerId: 'kontan', language: 'id', publishedAt: corpus[0]!.publishedAt, updatedAt: '2024-06-13T11:59:30.000Z' }),
    makeArticle({ id: 'withdrawn-1', status: 'withdrawn', updatedAt: '2024-06-13T11:30:30.000Z' }),
    makeArticle({ id: 'embargoed-1', status: 'embargoed', embargoedUntil: '2030-01-01T00:00:00.000Z', updatedAt: '2024-06-13T11:20:30.000Z' }),
  ];
  // The seed article (KONTAN republishing Reuters) carries every credit, the dateline, a photo and related links.
  const withSeed = [...corpus, seedArticle()];
  return { articles: [...withSeed, ...hidden], visible: withSeed };
}

/** Fetch health the pages show: two partners fetching normally, one failing. */
const PARTNER_STATES: PartnerState[] = [
  { partnerId: 'antara', consecutiveFailures: 0, circuit: 'closed', lastSuccessAt: '2024-06-30T23:58:00.000Z' },
  { partnerId: 'kontan', consecutiveFailures: 0, circuit: 'closed', lastSuccessAt: '2024-06-30T23:59:00.000Z' },
  {
    partnerId: 'reuters',
    consecutiveFailures: 4,
    circuit: 'open',
    lastError: 'HTTP 503 from https://reuters.example.com/feed.xml',
    lastSuccessAt: '2024-06-30T21:00:00.000Z',
    nextPollAt: '2024-07-01T00:15:00.000Z',
  },
];

/** The publish handler behind the local HTTP API adapter on 127.0.0.1, over the conformance articles. */
export async function startPublishServer(): Promise<{ base: string; server: Server; visible: Article[] }> {
  const { articles, visible } = conformanceArticles();
  const handler = createPublishHandler(
    createPublisher({
      store: new MemoryArticleStore({ articles, clock: { now: () => NOW } }),
      clock: { now: () => NOW },
      partners: { list: async () => PARTNERS },
      partnerStates: { get: async (id) => PARTNER_STATES.find((s) => s.partnerId === id) },
      config: { cacheMaxAgeSeconds: 60, idAuthority: 'wirefeed.local', siteTitle: 'wirefeed', hubUrl: 'https://hub.example.com/' },
    }),
  );
  const server = createHttpApiServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, visible };
}

/** Fails (never skips) with the Debian package to install when a tool the conformance suite needs is missing. */
export function requireTool(command: string[], aptPackage: string): void {
  const result = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', timeout: 30_000 });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(`${command.join(' ')} failed: install the Debian package ${aptPackage} (apt-get install -y ${aptPackage})`);
  }
}

/** The feeds the conformance suite reads, with how many items each must hold. */
export function feedCases(visible: Article[]): Array<{ path: string; expected: number }> {
  const count = (f: (a: Article) => boolean, limit = 50) => Math.min(limit, visible.filter(f).length);
  return [
    { path: '/feeds/all', expected: count(() => true) },
    { path: '/feeds/all?limit=200', expected: count(() => true, 200) },
    { path: '/feeds/partners/antara', expected: count((a) => a.partnerId === 'antara') },
    { path: '/feeds/categories/Sports', expected: count((a) => a.categories.includes('Sports')) },
    { path: '/feeds/languages/en?limit=7', expected: count((a) => a.language === 'en', 7) },
    { path: '/feeds/all?lang=id&category=Economy&limit=100', expected: count((a) => a.language === 'id' && a.categories.includes('Economy'), 100) },
  ];
}

/** `/feeds/x?q` with an extension: `/feeds/x.rss?q`. */
export function withExtension(path: string, ext: string): string {
  const q = path.indexOf('?');
  return q === -1 ? `${path}.${ext}` : `${path.slice(0, q)}.${ext}${path.slice(q)}`;
}
