/**
 * Language detection: accuracy on the labelled short news texts in test/fixtures/normalize/language-labelled.tsv,
 * per language and overall, the id/ms confusion, and for each detector the minified bundle it adds and the time
 * to import that bundle in a fresh process. Each candidate is a tiny entry bundled with esbuild (minified, ESM,
 * platform node, the options CDK's NodejsFunction passes); the accuracy is measured on that same bundle, so size,
 * load time and answers all come from one artifact. Also reports the ingest function's bundle, built the same way.
 *
 * Usage: npm run bench:language [-- --verbose] (prints every miss of every detector)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BuildOptions, build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LABELLED = join(ROOT, 'test/fixtures/normalize/language-labelled.tsv');
/** id and ms texts written after the id/ms tie rule was chosen: a check that the rule was not fitted to the set. */
const HELD_OUT = join(ROOT, 'test/fixtures/normalize/language-heldout.tsv');

/** One labelled text. */
export interface LabelledText {
  lang: string;
  text: string;
}

/** Reads the labelled set: one `lang<TAB>text` per line. */
export function readLabelledSet(path = LABELLED): LabelledText[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [lang, text] = line.split('\t');
      if (!lang || !text) throw new Error(`bad labelled line: ${line.slice(0, 60)}`);
      return { lang, text };
    });
}

/** Per-language and overall accuracy, and where id and ms texts went. */
export interface AccuracyReport {
  overall: number;
  byLang: Record<string, { correct: number; total: number }>;
  /** confusion[expected][answered] for expected id and ms; answers outside the pair are "other". */
  idMs: Record<'id' | 'ms', Record<'id' | 'ms' | 'other', number>>;
  misses: Array<{ expected: string; answered: string | undefined; text: string }>;
}

/** Scores a detector on the labelled set. */
export function accuracy(set: LabelledText[], detect: (text: string) => string | undefined): AccuracyReport {
  const byLang: AccuracyReport['byLang'] = {};
  const idMs: AccuracyReport['idMs'] = { id: { id: 0, ms: 0, other: 0 }, ms: { id: 0, ms: 0, other: 0 } };
  const misses: AccuracyReport['misses'] = [];
  let correct = 0;
  for (const { lang, text } of set) {
    const answered = detect(text);
    const entry = (byLang[lang] ??= { correct: 0, total: 0 });
    entry.total += 1;
    if (answered === lang) {
      entry.correct += 1;
      correct += 1;
    } else {
      misses.push({ expected: lang, answered, text });
    }
    if (lang === 'id' || lang === 'ms') idMs[lang][answered === 'id' || answered === 'ms' ? answered : 'other'] += 1;
  }
  return { overall: correct / set.length, byLang, idMs, misses };
}

/** The languages language.ts lets the detector answer, plus Tagalog (partners publish it). */
const NEWS_LANGUAGES = [
  'id', 'ms', 'en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'sv', 'da', 'no', 'fi', 'pl', 'cs', 'sk', 'hu', 'ro',
  'el', 'tr', 'ru', 'uk', 'ar', 'fa', 'he', 'hi', 'ur', 'bn', 'ta', 'th', 'vi', 'zh', 'ja', 'ko', 'tl',
];

/** franc answers ISO 639-3; these are the codes of NEWS_LANGUAGES (zlm is franc's Malay). */
const FRANC_CODES: Record<string, string> = {
  ind: 'id', zlm: 'ms', zsm: 'ms', msa: 'ms', eng: 'en', deu: 'de', fra: 'fr', spa: 'es', por: 'pt', ita: 'it',
  nld: 'nl', swe: 'sv', dan: 'da', nob: 'no', fin: 'fi', pol: 'pl', ces: 'cs', slk: 'sk', hun: 'hu', ron: 'ro',
  ell: 'el', tur: 'tr', rus: 'ru', ukr: 'uk', arb: 'ar', pes: 'fa', heb: 'he', hin: 'hi', urd: 'ur', ben: 'bn',
  tam: 'ta', tha: 'th', vie: 'vi', cmn: 'zh', jpn: 'ja', kor: 'ko', tgl: 'tl',
};

// Every raw detector gets language.ts's rule: below 40 letters, no answer.
const GATE = 'const tooShort = (t) => t.replace(/[^\\p{L}]/gu, "").length < 40;';
const LISTS = `const NEWS = ${JSON.stringify(NEWS_LANGUAGES)}; const FRANC = ${JSON.stringify(FRANC_CODES)};`;
const WORDS = "import { malayIndonesianScore, malayOrIndonesian } from './shared/normalize/malay-indonesian.ts';";
// The shipped rule answers id on no evidence; the "tie: detector" variant keeps the detector's answer instead.
const PAIR = 'const pair = (t, l) => (l === "id" || l === "ms" ? malayOrIndonesian(t) : l);';
const PAIR_TIE_DETECTOR = 'const pair = (t, l) => { if (l !== "id" && l !== "ms") return l; const s = malayIndonesianScore(t); return s > 0 ? "ms" : s < 0 ? "id" : l; };';

/** A detector to measure: the source of an entry module exporting `detect(text) → BCP 47 primary subtag | undefined`. */
interface Candidate {
  name: string;
  entry: string;
}

const tinyld = (pkg: string, languages = 'NEWS'): string =>
  `import { detectAll } from '${pkg}'; ${GATE} ${LISTS} const BEFORE = NEWS.filter((l) => l !== 'tl');
   export function detect(t) { if (tooShort(t)) return undefined; const [b] = detectAll(t.slice(0, 4000), { only: ${languages} }); return b?.lang || undefined; }`;
const franc = (pkg: string, words: boolean, pair = PAIR): string =>
  `import { franc } from '${pkg}'; ${words ? WORDS + pair : ''} ${GATE} ${LISTS}
   const ONLY = Object.keys(FRANC);
   export function detect(t) { if (tooShort(t)) return undefined; const l = FRANC[franc(t.slice(0, 4000), { only: ONLY })]; return ${words ? 'l && pair(t, l)' : 'l'}; }`;

const CANDIDATES: Candidate[] = [
  { name: 'wirefeed detectLanguage (shared/normalize/language.ts)', entry: "export { detectLanguage as detect } from './shared/normalize/language.ts';" },
  // What language.ts did before it moved to franc-min: tinyld's normal model, Tagalog not allowed.
  { name: 'tinyld (normal), as language.ts had it before', entry: tinyld('tinyld', 'BEFORE') },
  { name: 'tinyld (normal model)', entry: tinyld('tinyld') },
  { name: 'tinyld/light', entry: tinyld('tinyld/light') },
  { name: 'tinyld/heavy', entry: tinyld('tinyld/heavy') },
  { name: 'tinyld (normal) + id/ms words', entry: tinyld('tinyld').replace("export function detect", `${WORDS} ${PAIR} function raw`) + ' export const detect = (t) => { const l = raw(t); return l && pair(t, l); };' },
  { name: 'franc-min', entry: franc('franc-min', false) },
  { name: 'franc-min + id/ms words (tie: detector)', entry: franc('franc-min', true, PAIR_TIE_DETECTOR) },
  { name: 'franc-min + id/ms words', entry: franc('franc-min', true) },
  { name: 'franc', entry: franc('franc', false) },
  { name: 'franc + id/ms words', entry: franc('franc', true) },
  {
    name: 'eld/extrasmall',
    entry: `import { eld } from 'eld/extrasmall'; ${GATE} ${LISTS} eld.setLanguageSubset(NEWS);
            export function detect(t) { if (tooShort(t)) return undefined; return eld.detect(t.slice(0, 4000)).language || undefined; }`,
  },
  {
    name: 'languagedetect',
    entry: `import LanguageDetect from 'languagedetect'; ${GATE} ${LISTS} const ld = new LanguageDetect(); ld.setLanguageType('iso2');
            export function detect(t) { if (tooShort(t)) return undefined; const l = ld.detect(t.slice(0, 4000)).map(([c]) => c).find((c) => NEWS.includes(c)); return l || undefined; }`,
  },
];

/** esbuild options matching what CDK's NodejsFunction bundling passes for our functions. */
const BUNDLE_OPTIONS: BuildOptions = {
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  mainFields: ['module', 'main'],
  logLevel: 'silent',
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
};

/** Median time (ms) to import a bundle in a fresh node process, after one discarded run. */
function importMs(file: string, rounds = 5): number {
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});process.stdout.write(String(performance.now()-t))`;
  const samples: number[] = [];
  for (let i = 0; i <= rounds; i++) {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${file} does not load: ${child.stderr.trim().split('\n')[0]}`);
    if (i > 0) samples.push(Number(child.stdout));
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

interface Measured {
  name: string;
  bytes?: number;
  loadMs?: number;
  report?: AccuracyReport;
  heldOut?: AccuracyReport;
  error?: string;
}

async function measure(candidate: Candidate, dir: string, index: number): Promise<Measured> {
  const outfile = join(dir, `candidate-${index}.mjs`);
  try {
    await build({ ...BUNDLE_OPTIONS, stdin: { contents: candidate.entry, resolveDir: ROOT, loader: 'ts', sourcefile: 'entry.ts' }, outfile });
  } catch (error) {
    return { name: candidate.name, error: `not built (${(error as Error).message.split('\n')[0]}); is the package installed?` };
  }
  const bytes = statSync(outfile).size;
  const loadMs = importMs(outfile);
  const { detect } = (await import(pathToFileURL(outfile).href)) as { detect: (text: string) => string | undefined };
  return { name: candidate.name, bytes, loadMs, report: accuracy(readLabelledSet(), detect), heldOut: accuracy(readLabelledSet(HELD_OUT), detect) };
}

/** The ingest function's bundle built as CDK builds it, with the bytes each package contributes. */
async function ingestBundle(dir: string): Promise<{ bytes: number; largest: Array<{ path: string; bytes: number }> }> {
  const built = await build({ ...BUNDLE_OPTIONS, entryPoints: [join(ROOT, 'functions/ingest/handler.ts')], outfile: join(dir, 'ingest.mjs'), metafile: true });
  const output = Object.values(built.metafile!.outputs).find((o) => o.entryPoint !== undefined)!;
  const totals = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const key = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? 'wirefeed';
    totals.set(key, (totals.get(key) ?? 0) + bytesInOutput);
  }
  const largest = [...totals.entries()].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 6);
  return { bytes: statSync(join(dir, 'ingest.mjs')).size, largest };
}

const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;
const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`;

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const set = readLabelledSet();
  const langs = [...new Set(set.map((t) => t.lang))];
  const dir = mkdtempSync(join(tmpdir(), 'wirefeed-language-'));
  try {
    const results: Measured[] = [];
    for (const [i, candidate] of CANDIDATES.entries()) results.push(await measure(candidate, dir, i));
    const counts = langs.map((l) => `${l} ${set.filter((t) => t.lang === l).length}`).join(', ');
    console.log(`# Language detection on ${set.length} labelled short news texts (${counts})\n`);
    console.log(`| detector | bundle (minified) | import ms | overall | ${langs.join(' | ')} |`);
    console.log(`|---|--:|--:|--:|${langs.map(() => '--:').join('|')}|`);
    for (const r of results) {
      if (!r.report) {
        console.log(`| ${r.name} | ${r.error} |`);
        continue;
      }
      const per = langs.map((l) => { const e = r.report!.byLang[l]!; return `${e.correct}/${e.total}`; });
      console.log(`| ${r.name} | ${kb(r.bytes!)} | ${r.loadMs!.toFixed(0)} | ${pct(r.report.overall)} | ${per.join(' | ')} |`);
    }
    console.log('\n## Indonesian and Malay: where the texts went (answered id / ms / other)\n');
    console.log('| detector | id → id | id → ms | id → other | ms → ms | ms → id | ms → other |');
    console.log('|---|--:|--:|--:|--:|--:|--:|');
    for (const r of results) {
      if (!r.report) continue;
      const { id, ms } = r.report.idMs;
      console.log(`| ${r.name} | ${id.id} | ${id.ms} | ${id.other} | ${ms.ms} | ${ms.id} | ${ms.other} |`);
    }
    const heldOut = readLabelledSet(HELD_OUT);
    console.log(`\n## Held-out id/ms texts (${heldOut.length}, language-heldout.tsv): answered id / ms / other\n`);
    console.log('| detector | id → id | id → ms | id → other | ms → ms | ms → id | ms → other |');
    console.log('|---|--:|--:|--:|--:|--:|--:|');
    for (const r of results) {
      if (!r.heldOut) continue;
      const { id, ms } = r.heldOut.idMs;
      console.log(`| ${r.name} | ${id.id} | ${id.ms} | ${id.other} | ${ms.ms} | ${ms.id} | ${ms.other} |`);
    }
    const ingest = await ingestBundle(dir);
    console.log(`\n## Ingest bundle (functions/ingest/handler.ts, same esbuild options): ${kb(ingest.bytes)}\n`);
    for (const { path, bytes } of ingest.largest) console.log(`- ${path}: ${kb(bytes)}`);
    if (verbose) {
      for (const r of results) {
        if (!r.report?.misses.length) continue;
        console.log(`\n### Misses of ${r.name}\n`);
        for (const m of [...r.report.misses, ...r.heldOut!.misses]) console.log(`- ${m.expected} → ${m.answered ?? '(none)'}: ${m.text}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
