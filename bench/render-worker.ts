/**
 * Child process: renders the same generated articles to RSS, Atom and JSON Feed with one renderer (wirefeed's
 * or the `feed` package's) under the shared harness, and reports each output's size and SHA-256.
 *   node --import tsx bench/render-worker.ts <job.json>
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Article } from '../shared/model/article.js';
import { generateArticles } from './generate.js';
import { measure, type MeasureOptions, type Summary } from './harness.js';

export type RenderFormat = 'rss' | 'atom' | 'json';

export interface RenderJob {
  renderer: 'wirefeed' | 'feed';
  cases: Array<{ format: RenderFormat; articles: number }>;
  measure: MeasureOptions;
  /** Only render once per case and report hashes (the cross-process determinism check). */
  hashOnly?: boolean;
  out: string;
}

export interface RenderCaseResult {
  format: RenderFormat;
  articles: number;
  bytes: number;
  sha256: string;
  /** Two renders in this process gave the same bytes. */
  stable: boolean;
  time?: Summary;
}

/** The seed of the articles: every process renders the very same ones. */
export const ARTICLES_SEED = 42;
const SITE = 'https://news.bench.example';

/**
 * Renders to what a server sends. wirefeed renders RSS, Atom and JSON Feed to UTF-8 bytes (the publish path gzips
 * or sends them); the `feed` package returns strings, so each of its renders is timed with its
 * Buffer.from(string, 'utf8') as well, the bytes a server would have to make of it.
 */
type Render = (articles: Article[], format: RenderFormat) => Uint8Array;

async function wirefeedRenderer(): Promise<Render> {
  const [{ renderRssBytes }, { renderAtomBytes }, { renderJsonFeedBytes }, { clearRenderMemos }] = await Promise.all([
    import('../shared/render/rss.js'),
    import('../shared/render/atom.js'),
    import('../shared/render/jsonfeed.js'),
    import('../shared/render/memo.js'),
  ]);
  const render = { rss: renderRssBytes, atom: renderAtomBytes, json: renderJsonFeedBytes };
  return (articles, format) => {
    // Every call starts from empty render memos (sanitized bodies, escaped bodies): the timed loop renders the
    // same articles again and again, and a memo hit would time a lookup instead of the work a first render of
    // those articles does. The clearing is inside the timed call, so its cost is counted too.
    clearRenderMemos();
    return render[format]({
      id: 'tag:news.bench.example,2024:feed:all',
      title: 'Bench News',
      description: 'All partner articles',
      selfUrl: `${SITE}/feeds/all.${format === 'json' ? 'json' : format === 'atom' ? 'atom' : 'rss'}`,
      homeUrl: `${SITE}/`,
      language: 'id',
      articles,
      idPrefix: 'tag:news.bench.example,2024:',
      articleBaseUrl: `${SITE}/articles/`,
      partnerFeedBaseUrl: `${SITE}/feeds/partners/`,
    });
  };
}

async function feedPackageRenderer(): Promise<Render> {
  const { Feed } = await import('feed');
  return (articles, format) => {
    const newest = articles.reduce((t, a) => Math.max(t, Date.parse(a.updatedAt ?? a.publishedAt ?? '') || 0), 0);
    const feed = new Feed({
      title: 'Bench News',
      description: 'All partner articles',
      id: 'tag:news.bench.example,2024:feed:all',
      link: `${SITE}/`,
      language: 'id',
      // The newest article's date, as wirefeed does: the package's default (now) would change every render.
      updated: new Date(newest),
      copyright: '',
      feedLinks: { rss: `${SITE}/feeds/all.rss`, atom: `${SITE}/feeds/all.atom`, json: `${SITE}/feeds/all.json` },
    });
    for (const a of articles) {
      feed.addItem({
        title: a.title,
        id: `tag:news.bench.example,2024:article:${a.id}`,
        link: a.url ?? `${SITE}/articles/${encodeURIComponent(a.id)}.html`,
        description: a.summary,
        content: a.bodyHtml,
        author: a.authors.map((name) => ({ name })),
        date: new Date(a.updatedAt ?? a.publishedAt ?? 0),
        published: a.publishedAt ? new Date(a.publishedAt) : undefined,
        category: a.categories.map((name) => ({ name })),
        image: a.media[0]?.url,
      });
    }
    // Counted with the render, as wirefeed's renders are bytes already (see Render).
    if (format === 'rss') return Buffer.from(feed.rss2(), 'utf8');
    if (format === 'atom') return Buffer.from(feed.atom1(), 'utf8');
    return Buffer.from(feed.json1(), 'utf8');
  };
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as RenderJob;
  const render = job.renderer === 'wirefeed' ? await wirefeedRenderer() : await feedPackageRenderer();
  const max = Math.max(...job.cases.map((c) => c.articles));
  const all = generateArticles(max, ARTICLES_SEED);
  const results: RenderCaseResult[] = [];
  for (const c of job.cases) {
    const articles = all.slice(0, c.articles);
    const first = render(articles, c.format);
    const second = render(articles, c.format);
    const result: RenderCaseResult = {
      format: c.format,
      articles: c.articles,
      bytes: first.byteLength,
      sha256: createHash('sha256').update(first).digest('hex'),
      stable: Buffer.from(first).equals(second),
    };
    if (!job.hashOnly) result.time = await measure(() => render(articles, c.format), job.measure);
    results.push(result);
  }
  writeFileSync(job.out, JSON.stringify(results));
}

await main();
