/**
 * Measures near-duplicate detection on the labelled pairs in test/fixtures/normalize/duplicates.json.
 *
 * Every story goes through the real pipeline (normalizeFeed: furniture removed, then articleFingerprint). A pair
 * is predicted "same story" when the two fingerprints share an LSH band (what the SIMBAND# index lookup would
 * find) and sameStory says yes. Usage: npx tsx bench/duplicates.ts [--verbose]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Article } from '../shared/model/article.js';
import type { ParsedFeed } from '../shared/model/wire-item.js';
import {
  type Fingerprint,
  type SameStoryOptions,
  SAME_STORY,
  articleFingerprint,
  normalizeFeed,
  sameStory,
  shareBand,
  similarity,
} from '../shared/normalize/index.js';

interface StorySpec {
  id: string;
  partner: string;
  lang?: string;
  publishedAt: string;
  title: string;
  delivery?: 'p' | 'br' | 'text';
  paragraphs?: string[];
  from?: string;
  keep?: number[];
  replace?: Record<string, string>;
  insertBefore?: Record<string, string[]>;
  before?: string[];
  after?: string[];
}

export type PairLabel = 'copy' | 'edited' | 'truncated' | 'different' | 'translated';

export interface DuplicateFixture {
  stories: StorySpec[];
  pairs: Array<{ a: string; b: string; label: PairLabel }>;
}

export interface PairResult {
  a: string;
  b: string;
  label: PairLabel;
  jaccard: number;
  containment: number;
  candidate: boolean;
  predicted: boolean;
  hoursApart: number;
}

export interface DuplicateReport {
  pairs: PairResult[];
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  /** Recall without the LSH candidate step (sameStory alone). */
  recallWithoutLsh: number;
  /** Precision without the LSH candidate step (sameStory alone decides every pair). */
  precisionWithoutLsh: number;
}

export const FIXTURE_PATH = fileURLToPath(new URL('../test/fixtures/normalize/duplicates.json', import.meta.url));

export function loadFixture(path = FIXTURE_PATH): DuplicateFixture {
  return JSON.parse(readFileSync(path, 'utf8')) as DuplicateFixture;
}

/** The paragraphs of a story, derived ones built from their original by the spec's edits. */
function paragraphsOf(spec: StorySpec, byId: Map<string, StorySpec>): string[] {
  let paras: string[];
  if (spec.from) {
    const base = paragraphsOf(byId.get(spec.from)!, byId);
    const replaced = base.map((p, i) => spec.replace?.[String(i)] ?? p);
    paras = (spec.keep ?? replaced.map((_, i) => i)).map((i) => replaced[i]);
  } else {
    paras = [...(spec.paragraphs ?? [])];
  }
  const inserts = Object.entries(spec.insertBefore ?? {}).sort(([x], [y]) => Number(y) - Number(x));
  for (const [at, add] of inserts) paras.splice(Number(at), 0, ...add);
  return [...(spec.before ?? []), ...paras, ...(spec.after ?? [])];
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function deliver(paras: string[], how: StorySpec['delivery'] = 'p'): string {
  const escaped = paras.map(escapeHtml);
  if (how === 'br') return escaped.join('<br>\n');
  if (how === 'text') return escaped.join('\n');
  return escaped.map((p) => `<p>${p}</p>`).join('\n');
}

/** Normalizes every story of the fixture through normalizeFeed, one partner feed per story. */
export function normalizeStories(fixture: DuplicateFixture): Map<string, Article> {
  const byId = new Map(fixture.stories.map((s) => [s.id, s]));
  const out = new Map<string, Article>();
  for (const spec of fixture.stories) {
    const lang = spec.lang ?? byId.get(spec.from ?? '')?.lang;
    const feed: ParsedFeed = {
      format: 'rss',
      language: lang,
      warnings: [],
      items: [
        {
          guid: `${spec.partner}:${spec.id}`,
          url: `https://${spec.partner}.example/news/${spec.id}`,
          title: spec.title,
          contentHtml: deliver(paragraphsOf(spec, byId), spec.delivery),
          publishedAt: spec.publishedAt,
          authors: [],
          categories: [],
          media: [],
          relatedLinks: [],
        },
      ],
    };
    out.set(spec.id, normalizeFeed(feed, { partnerId: spec.partner })[0]);
  }
  return out;
}

/** Precision and recall of duplicate detection on the fixture ("translated" pairs are reported, not scored). */
export function measureDuplicates(fixture: DuplicateFixture = loadFixture(), options: SameStoryOptions = {}): DuplicateReport {
  const articles = normalizeStories(fixture);
  const fps = new Map<string, Fingerprint>([...articles].map(([id, a]) => [id, articleFingerprint(a)]));
  const pairs: PairResult[] = fixture.pairs.map(({ a, b, label }) => {
    const fa = fps.get(a)!;
    const fb = fps.get(b)!;
    const opts = { ...options, publishedA: articles.get(a)!.publishedAt, publishedB: articles.get(b)!.publishedAt };
    const candidate = shareBand(fa, fb);
    const same = sameStory(fa, fb, opts);
    const hoursApart = Math.abs(Date.parse(opts.publishedA ?? '') - Date.parse(opts.publishedB ?? '')) / 3_600_000;
    return { a, b, label, ...similarity(fa, fb), candidate, predicted: candidate && same, hoursApart };
  });
  const scored = pairs.filter((p) => p.label !== 'translated');
  const positive = (p: PairResult): boolean => p.label !== 'different';
  const tp = scored.filter((p) => positive(p) && p.predicted).length;
  const fp = scored.filter((p) => !positive(p) && p.predicted).length;
  const fn = scored.filter((p) => positive(p) && !p.predicted).length;
  const tn = scored.filter((p) => !positive(p) && !p.predicted).length;
  const positives = scored.filter(positive);
  const decide = (p: PairResult): boolean =>
    sameStory(fps.get(p.a)!, fps.get(p.b)!, { ...options, publishedA: articles.get(p.a)!.publishedAt, publishedB: articles.get(p.b)!.publishedAt });
  const withoutLsh = positives.filter(decide).length;
  const flaggedWithoutLsh = scored.filter(decide);
  const precisionWithoutLsh = flaggedWithoutLsh.length ? flaggedWithoutLsh.filter(positive).length / flaggedWithoutLsh.length : 1;
  return {
    pairs,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision: tp + fp ? tp / (tp + fp) : 1,
    recall: tp + fn ? tp / (tp + fn) : 1,
    recallWithoutLsh: positives.length ? withoutLsh / positives.length : 1,
    precisionWithoutLsh,
  };
}

function main(): void {
  const verbose = process.argv.includes('--verbose');
  const report = measureDuplicates();
  if (verbose) {
    for (const p of report.pairs) {
      const mark = p.label === 'translated' ? ' ' : (p.label !== 'different') === p.predicted ? '✓' : '✗';
      console.log(
        `${mark} ${p.label.padEnd(10)} J=${p.jaccard.toFixed(2)} C=${p.containment.toFixed(2)} band=${p.candidate ? 'y' : 'n'}  ${p.a} ~ ${p.b}`,
      );
    }
  }
  const byLabel = new Map<string, { n: number; predicted: number }>();
  for (const p of report.pairs) {
    const e = byLabel.get(p.label) ?? { n: 0, predicted: 0 };
    e.n++;
    if (p.predicted) e.predicted++;
    byLabel.set(p.label, e);
  }
  console.log(`pairs: ${report.pairs.length} (${[...byLabel].map(([l, e]) => `${l} ${e.predicted}/${e.n} flagged`).join(', ')})`);
  console.log(`TP ${report.truePositives}  FP ${report.falsePositives}  FN ${report.falseNegatives}  TN ${report.trueNegatives}`);
  console.log(`precision ${report.precision.toFixed(3)}  recall ${report.recall.toFixed(3)}`);
  console.log(`sameStory alone (no LSH step): precision ${report.precisionWithoutLsh.toFixed(3)}  recall ${report.recallWithoutLsh.toFixed(3)}`);
  const scored = report.pairs.filter((p) => p.label !== 'translated');
  const lowestSame = Math.min(...scored.filter((p) => p.label !== 'different').map((p) => p.jaccard));
  const inWindow = scored.filter((p) => p.label === 'different' && p.hoursApart <= SAME_STORY.windowHours);
  const highestDifferent = Math.max(...inWindow.map((p) => p.jaccard));
  console.log(
    `margin: lowest Jaccard of a same-story pair ${lowestSame.toFixed(2)}, highest of a different pair within the window ${highestDifferent.toFixed(2)}`,
  );
  console.log('threshold sweep (with LSH | sameStory alone):');
  for (const jaccard of [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]) {
    const r = measureDuplicates(loadFixture(), { jaccard });
    console.log(
      `  jaccard ≥ ${jaccard.toFixed(1)}: P ${r.precision.toFixed(3)} R ${r.recall.toFixed(3)} | P ${r.precisionWithoutLsh.toFixed(3)} R ${r.recallWithoutLsh.toFixed(3)}`,
    );
  }
  const noWindow = measureDuplicates(loadFixture(), { windowHours: Number.POSITIVE_INFINITY });
  console.log(`without the time window: P ${noWindow.precision.toFixed(3)} R ${noWindow.recall.toFixed(3)} (templated daily reports collide)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
