import { withFields } from '../model/objects.js';

/**
 * Near-duplicate detection with MinHash over word shingles, banded for LSH lookups.
 *
 * Why MinHash and not SimHash: a syndicated copy that dropped a paragraph or reworded a few sentences keeps
 * roughly half to nine tenths of its 3-word shingles (Jaccard 0.5–0.9). For SimHash that is a Hamming distance of
 * 10–20 bits out of 64, too far for band lookups (pigeonhole banding only guarantees distances below the band
 * count). MinHash estimates Jaccard directly and its bands catch pairs above ~0.4 with high probability.
 */

/** Number of MinHash values in a fingerprint. */
export const MINHASH_SIZE = 64;
/**
 * Rows per LSH band and bands: P(candidate) = 1 - (1 - J^ROWS)^BANDS, ≈ 0.61 at J = 0.3, 0.94 at J = 0.5, 0.004 at
 * J = 0.02. Each band is one index item written per article, so the layout is what ingestion pays: 10 bands of 2
 * (+ the lead band) write 11 items where 21 bands of 3 wrote 22, with a higher catch rate at the decision
 * threshold (J = 0.3: 0.61 against 0.44) and the same at J = 0.5; the price is more chance candidates (J = 0.1:
 * 0.10 against 0.02), which sameStory rejects from the fingerprint the band item carries. Same precision and
 * recall on bench/duplicates.ts. Hashes past BAND_COUNT × BAND_ROWS still count in the similarity estimate.
 */
export const BAND_ROWS = 2;
/** MinHash bands, each one index item per article. */
export const BAND_COUNT = 10;
/** Words per shingle. */
export const SHINGLE_WORDS = 3;

/** Defaults for sameStory, measured on test/fixtures/normalize/duplicates.json (see bench/duplicates.ts). */
export const SAME_STORY = {
  /** Estimated Jaccard of the shingle sets at or above which two texts are the same story. */
  jaccard: 0.3,
  /** Share of the shorter text's shingles found in the longer (a truncated copy) at or above which… */
  containment: 0.7,
  /** …provided the shorter text has at least this many shingles (short texts share phrases by chance). */
  minContainmentShingles: 25,
  /** Copies of one story reach the wires within this many hours of each other. */
  windowHours: 72,
  /**
   * Below this many shingles (a headline-only item) a few shared words are most of the text: templated headlines
   * ("Rupiah Ditutup Melemah ke Rp 16.430" / "… 16.450") must then agree almost entirely.
   */
  shortShingles: 12,
  shortJaccard: 0.8,
} as const;

/** Words of the opening that make the lead band. */
export const LEAD_WORDS = 12;

/**
 * A text's MinHash signature, the number of distinct shingles it was built from, and a hash of its opening
 * words (the lead band: a teaser that is the first paragraphs of a story shares few shingles with the whole,
 * Jaccard 0.3–0.5, which the MinHash bands miss a third of the time, but it shares the opening).
 */
export interface Fingerprint {
  hashes: number[];
  shingles: number;
  lead: number;
}

/** Lowercased words with diacritics folded and punctuation dropped: "Presiden Jokowi’s" → ["presiden", "jokowi", "s"]. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Distinct shingles of SHINGLE_WORDS consecutive words (the words themselves when the text is shorter). */
export function shingles(text: string): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  if (w.length < SHINGLE_WORDS) {
    if (w.length) out.add(w.join(' '));
    return out;
  }
  for (let i = 0; i + SHINGLE_WORDS <= w.length; i++) out.add(w.slice(i, i + SHINGLE_WORDS).join(' '));
  return out;
}

function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finalizer: spreads the bits of a 32-bit value. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MinHash signature of a text (pure and deterministic: the same text always gives the same fingerprint). */
export function fingerprint(text: string): Fingerprint {
  const set = shingles(text);
  const opening = words(text).slice(0, LEAD_WORDS);
  const hashes = new Array<number>(MINHASH_SIZE).fill(0xffffffff);
  for (const s of set) {
    // Kirsch–Mitzenmacher: k hash functions from two base hashes.
    const h1 = fnv1a(s);
    const h2 = fmix32(fnv1a(s, 0x9747b28c)) | 1;
    for (let i = 0; i < MINHASH_SIZE; i++) {
      const v = fmix32((h1 + Math.imul(i, h2)) >>> 0);
      if (v < hashes[i]) hashes[i] = v;
    }
  }
  return { hashes, shingles: set.size, lead: opening.length ? fnv1a(opening.join(' ')) : 0 };
}

/** Below this many words the body says too little on its own; title and summary are added to it. */
const MIN_BODY_WORDS = 40;

/** The fingerprint of an article: its plain body, with title and summary when the body is short. */
export function articleFingerprint(article: { title: string; summary?: string; bodyText: string }): Fingerprint {
  const body = article.bodyText;
  if (words(body).length >= MIN_BODY_WORDS) return fingerprint(body);
  return fingerprint([article.title, article.summary ?? '', body].join('\n'));
}

const hex = (n: number): string => n.toString(16).padStart(8, '0');

/** A fingerprint as one string (`shingles:lead:hashes`), to store beside the article. */
export function encodeFingerprint(fp: Fingerprint): string {
  return `${fp.shingles}:${hex(fp.lead)}:${fp.hashes.map(hex).join('')}`;
}

/** Reads a fingerprint written by encodeFingerprint; undefined when the string is not one. */
export function decodeFingerprint(s: string): Fingerprint | undefined {
  const m = /^(\d+):([0-9a-f]{8}):([0-9a-f]+)$/.exec(s);
  if (!m || m[3].length !== MINHASH_SIZE * 8) return undefined;
  const hashes: number[] = [];
  for (let i = 0; i < MINHASH_SIZE; i++) hashes.push(Number.parseInt(m[3].slice(i * 8, i * 8 + 8), 16));
  return { hashes, shingles: Number(m[1]), lead: Number.parseInt(m[2], 16) };
}

/** The band number of the lead band, after the MinHash bands 0…BAND_COUNT-1. */
export const LEAD_BAND = BAND_COUNT;

/**
 * LSH band values of a fingerprint: BAND_COUNT MinHash bands and the lead band. Two texts sharing any band are
 * candidates for sameStory (the candidate check, not the decision).
 */
export function simBands(fp: Fingerprint): Array<{ band: number; value: string }> {
  if (fp.shingles === 0) return [];
  const out: Array<{ band: number; value: string }> = [];
  for (let b = 0; b < BAND_COUNT; b++) {
    const rows = fp.hashes.slice(b * BAND_ROWS, (b + 1) * BAND_ROWS).join(',');
    out.push({ band: b, value: hex(fnv1a(rows)) });
  }
  out.push({ band: LEAD_BAND, value: hex(fp.lead) });
  return out;
}

/** A fingerprint's band keys (`{band}#{value}`): two stories sharing one are near-duplicate candidates. */
export function simBandKeys(fp: Fingerprint): string[] {
  return simBands(fp).map(({ band, value }) => `${band}#${value}`);
}

/** Estimated Jaccard similarity of the two shingle sets, and the estimated share of the shorter one in the longer. */
export function similarity(a: Fingerprint, b: Fingerprint): { jaccard: number; containment: number } {
  if (!a.shingles || !b.shingles) return { jaccard: 0, containment: 0 };
  let equal = 0;
  for (let i = 0; i < MINHASH_SIZE; i++) if (a.hashes[i] === b.hashes[i]) equal++;
  const jaccard = equal / MINHASH_SIZE;
  const intersection = (jaccard * (a.shingles + b.shingles)) / (1 + jaccard);
  return { jaccard, containment: Math.min(1, intersection / Math.min(a.shingles, b.shingles)) };
}

/** Overrides of the SAME_STORY defaults, and the two publication times for the window. */
export interface SameStoryOptions {
  /** When both are known, texts published further apart than the window are different stories. */
  publishedA?: string;
  publishedB?: string;
  jaccard?: number;
  containment?: number;
  minContainmentShingles?: number;
  windowHours?: number;
  shortShingles?: number;
  shortJaccard?: number;
}

/** Whether two fingerprints are the same story: similar enough, and (when dated) within the time window. */
export function sameStory(a: Fingerprint, b: Fingerprint, opts: SameStoryOptions = {}): boolean {
  const o = { ...SAME_STORY, ...stripUndefined(opts) };
  if (opts.publishedA && opts.publishedB) {
    const hours = Math.abs(Date.parse(opts.publishedA) - Date.parse(opts.publishedB)) / 3_600_000;
    if (hours > o.windowHours) return false;
  }
  const { jaccard, containment } = similarity(a, b);
  if (Math.min(a.shingles, b.shingles) < o.shortShingles) return jaccard >= o.shortJaccard;
  if (jaccard >= o.jaccard) return true;
  return Math.min(a.shingles, b.shingles) >= o.minContainmentShingles && containment >= o.containment;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** True when two fingerprints share at least one LSH band (what a band-index lookup would find). */
export function shareBand(a: Fingerprint, b: Fingerprint): boolean {
  const bandsB = new Set(simBands(b).map((x) => `${x.band}#${x.value}`));
  return simBands(a).some((x) => bandsB.has(`${x.band}#${x.value}`));
}

/** What ingestion stores in the band index for an article: its encoded fingerprint and band keys. */
export function similarityIndexEntry(article: { title: string; summary?: string; bodyText: string }): {
  fingerprint: string;
  bandKeys: string[];
} {
  const fp = articleFingerprint(article);
  return { fingerprint: encodeFingerprint(fp), bandKeys: simBandKeys(fp) };
}

/** The oldest sort time worth looking up candidates from: copies of a story arrive within the window. */
export function clusterWindowStart(now: string | Date, windowHours: number = SAME_STORY.windowHours): string {
  const t = typeof now === 'string' ? Date.parse(now) : now.getTime();
  return new Date(t - windowHours * 3_600_000).toISOString();
}

/** A band-index candidate as ingestion finds it; clusterId when the caller knows the candidate's cluster. */
export interface ClusterCandidateFingerprint {
  id: string;
  fingerprint?: string;
  sortTime?: string;
  clusterId?: string;
}

/**
 * Chooses an article's cluster among its band-index candidates: the cluster of the most similar candidate that
 * is the same story (its clusterId, else its id), or the article's own id when none is. Pure.
 */
export function chooseCluster(
  article: { id: string; title: string; summary?: string; bodyText: string; publishedAt?: string; updatedAt?: string },
  candidates: ClusterCandidateFingerprint[],
  options: Omit<SameStoryOptions, 'publishedA' | 'publishedB'> = {},
): { clusterId: string; matchedId?: string; jaccard?: number } {
  const own = articleFingerprint(article);
  let best: { candidate: ClusterCandidateFingerprint; score: number; jaccard: number } | undefined;
  for (const candidate of candidates) {
    if (candidate.id === article.id || !candidate.fingerprint) continue;
    const fp = decodeFingerprint(candidate.fingerprint);
    if (!fp) continue;
    const opts = withFields(options, { publishedA: article.publishedAt ?? article.updatedAt, publishedB: candidate.sortTime });
    if (!sameStory(own, fp, opts)) continue;
    const { jaccard, containment } = similarity(own, fp);
    const score = Math.max(jaccard, containment);
    // Ties go to the smaller id so that the choice does not depend on the order the index returned.
    if (!best || score > best.score || (score === best.score && candidate.id < best.candidate.id)) best = { candidate, score, jaccard };
  }
  if (!best) return { clusterId: article.id };
  return { clusterId: best.candidate.clusterId ?? best.candidate.id, matchedId: best.candidate.id, jaccard: best.jaccard };
}
