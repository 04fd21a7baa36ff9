import { SCRIPT_EXPRESSIONS, TRIGRAM_PROFILES } from './language-profiles.js';
import { NEWS_LANGUAGES } from './news-languages.js';

/**
 * franc's language ranking (franc-min 6.2.0's `francAll(value, { only })`, MIT, © 2014 Titus Wormer), over the
 * profiles of the news languages only (language-profiles.ts): the text's most used script picks the candidates,
 * or is the answer where one language is written in it; each candidate's distance is the sum over the text's
 * trigrams of how far its rank is from the profile's (300 when absent), normalized to 0–1, best first. The same
 * ranking franc-min gave with `only`, without bundling the profiles of 59 languages never answered.
 */

export type Ranking = Array<[language: string, score: number]>;

/** Longest text read, and shortest answered (franc's). */
const MAX_LENGTH = 2048;
const MIN_LENGTH = 10;
/** The distance a trigram adds when a profile lacks it. */
const MAX_DIFFERENCE = 300;

const ALLOWED = new Set(Object.keys(NEWS_LANGUAGES));

/**
 * One script's profiles: its languages in profile order, and per trigram the profiles that list it with its rank
 * in each (pairs: language index, rank), so that a text's trigram is looked up once for all the candidates and
 * costs only the profiles that have it (a Latin trigram is in 2 of the 17 Latin profiles on average).
 */
interface ScriptProfiles {
  languages: string[];
  ranks: Map<TrigramKey, Int16Array>;
}

/**
 * A trigram as the maps hold it: a small integer when its three UTF-16 units are all below 1024 (Latin and Greek
 * text; other scripts keep strings), else the trigram itself. A text's trigrams were sliced into ~2,000 short
 * strings a detection, each hashed twice; the integers are neither allocated nor hashed as strings.
 */
type TrigramKey = number | string;

function keyOf(s: string, i: number): TrigramKey {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  return (a | b | c) < 1024 ? (a << 20) | (b << 10) | c : s.slice(i, i + 3);
}

function profileKey(trigram: string): TrigramKey {
  return trigram.length === 3 ? keyOf(trigram, 0) : trigram;
}

let profiles: Record<string, ScriptProfiles> | undefined;

/** The profiles by script, built at the first detection rather than at module load. */
function rankedProfiles(): Record<string, ScriptProfiles> {
  if (profiles) return profiles;
  profiles = {};
  for (const [script, languages] of Object.entries(TRIGRAM_PROFILES)) {
    const codes = Object.keys(languages);
    const ranks = new Map<TrigramKey, Int16Array>();
    codes.forEach((code, index) => {
      const list = languages[code]!.split('|');
      // From the end, so that a trigram listed twice keeps its first (best) rank, as franc's object did.
      for (let rank = list.length - 1; rank >= 0; rank--) {
        const key = profileKey(list[rank]!);
        let row = ranks.get(key);
        if (!row) {
          row = new Int16Array(codes.length).fill(-1);
          ranks.set(key, row);
        }
        row[index] = rank;
      }
    });
    const pairs = new Map<TrigramKey, Int16Array>();
    for (const [key, row] of ranks) {
      const listed: number[] = [];
      row.forEach((rank, index) => {
        if (rank !== -1) listed.push(index, rank);
      });
      pairs.set(key, Int16Array.from(listed));
    }
    profiles[script] = { languages: codes, ranks: pairs };
  }
  return profiles;
}

/** The languages of news-languages.ts that `value` may be written in, most probable first (`und` when none). */
export function rankLanguages(value: string): Ranking {
  if (!value || value.length < MIN_LENGTH) return [['und', 1]];
  value = value.slice(0, MAX_LENGTH);
  const [script, share] = topScript(value);
  const all = rankedProfiles();
  if (!script || !Object.hasOwn(all, script)) {
    if (!script || share === 0 || !ALLOWED.has(script)) return [['und', 1]];
    return [[script, 1]];
  }
  const { languages, ranks } = all[script]!;
  if (languages.length === 0) return [['und', 1]];
  const totals = distances(trigramCounts(value), languages.length, ranks);
  const ranking: Ranking = languages.map((code, index) => [code, totals[index]!]);
  ranking.sort((a, b) => a[1] - b[1]);
  const min = ranking[0]![1];
  const max = value.length * MAX_DIFFERENCE - min;
  for (const entry of ranking) entry[1] = 1 - (entry[1] - min) / max || 0;
  return ranking;
}

/** The scripts in SCRIPT_EXPRESSIONS order, each with a sticky copy of its expression to test one character. */
const SCRIPTS = Object.entries(SCRIPT_EXPRESSIONS).map(([script, expression]) => ({ script, sticky: new RegExp(expression.source, 'y') }));

/**
 * Per UTF-16 unit, the scripts whose expression matches it alone, as a bit mask (bit 31: computed), filled as
 * characters are first seen: the expressions scanned a text once each (20 scans), now each character is looked
 * up once. No expression matches a lone surrogate, so a surrogate pair is one match of an expression or none.
 */
const unitScripts = new Uint32Array(0x10000);
const pairScripts = new Map<string, number>();
const COMPUTED = 0x80000000;

function scriptsOf(char: string): number {
  let mask = 0;
  SCRIPTS.forEach(({ sticky }, index) => {
    sticky.lastIndex = 0;
    if (sticky.test(char) && sticky.lastIndex === char.length) mask |= 1 << index;
  });
  return mask;
}

/**
 * The script whose characters occur most in `value`, and their share of it (the first script wins a tie): the
 * share is each expression's global match count over the length in UTF-16 units, as franc counts it.
 */
function topScript(value: string): [string | undefined, number] {
  const counts = new Array<number>(SCRIPTS.length).fill(0);
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    let mask: number;
    const next = value.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      const pair = value.slice(i, i + 2);
      mask = pairScripts.get(pair) ?? -1;
      if (mask === -1) {
        mask = scriptsOf(pair);
        pairScripts.set(pair, mask);
      }
      i++;
    } else {
      mask = unitScripts[unit]!;
      if (mask === 0) {
        mask = scriptsOf(value[i]!) | COMPUTED;
        unitScripts[unit] = mask;
      }
      mask &= ~COMPUTED;
    }
    for (let index = 0; mask !== 0; index++, mask >>>= 1) if (mask & 1) counts[index]! += 1;
  }
  let top: string | undefined;
  let topShare = -1;
  SCRIPTS.forEach(({ script }, index) => {
    const share = counts[index]! / value.length || 0;
    if (share > topShare) {
      topShare = share;
      top = script;
    }
  });
  return [top, topShare];
}

/**
 * How often each trigram occurs in the text as trigram-utils' `asDictionary` counts them: runs of ASCII
 * punctuation, symbols and digits become a space, white space collapses, the text is trimmed, lower-cased and
 * padded with one space each side.
 */
function trigramCounts(value: string): Map<TrigramKey, number> {
  const padded = ` ${value.replace(/[\u0021-\u0040]+/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase()} `;
  const counts = new Map<TrigramKey, number>();
  for (let i = 0; i + 3 <= padded.length; i++) {
    const trigram = keyOf(padded, i);
    counts.set(trigram, (counts.get(trigram) ?? 0) + 1);
  }
  return counts;
}

/**
 * Each language's distance to the text: over the text's trigrams, how far the count is from the profile's rank
 * plus one, or MAX_DIFFERENCE when the profile lacks the trigram (franc's sum; integers, so in any order). Every
 * trigram is counted at MAX_DIFFERENCE for every language, then each profile that lists it takes back the
 * difference: the same sums, with work only where a profile has the trigram.
 */
function distances(counts: Map<TrigramKey, number>, languageCount: number, ranks: Map<TrigramKey, Int16Array>): number[] {
  const totals = new Array<number>(languageCount).fill(0);
  for (const [trigram, count] of counts) {
    const row = ranks.get(trigram);
    if (row === undefined) continue;
    for (let k = 0; k < row.length; k += 2) totals[row[k]!] -= MAX_DIFFERENCE - Math.abs(count - row[k + 1]! - 1);
  }
  for (let index = 0; index < languageCount; index++) totals[index] += counts.size * MAX_DIFFERENCE;
  return totals;
}
