import { asTuples } from 'trigram-utils';
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

let profiles: Record<string, Record<string, Record<string, number>>> | undefined;

/** Each profile as trigram → rank, built at the first detection rather than at module load. */
function rankedProfiles(): Record<string, Record<string, Record<string, number>>> {
  if (profiles) return profiles;
  profiles = {};
  for (const [script, languages] of Object.entries(TRIGRAM_PROFILES)) {
    const byLanguage: Record<string, Record<string, number>> = {};
    for (const [code, model] of Object.entries(languages)) {
      const trigrams: Record<string, number> = {};
      const list = model.split('|');
      for (let rank = list.length - 1; rank >= 0; rank--) trigrams[list[rank]!] = rank;
      byLanguage[code] = trigrams;
    }
    profiles[script] = byLanguage;
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
  const trigrams = asTuples(value);
  const distances: Ranking = Object.entries(all[script]!).map(([code, model]) => [code, distance(trigrams, model)]);
  if (distances.length === 0) return [['und', 1]];
  distances.sort((a, b) => a[1] - b[1]);
  const min = distances[0]![1];
  const max = value.length * MAX_DIFFERENCE - min;
  for (const entry of distances) entry[1] = 1 - (entry[1] - min) / max || 0;
  return distances;
}

/** The script whose characters occur most in `value`, and their share of it (the first script wins a tie). */
function topScript(value: string): [string | undefined, number] {
  let top: string | undefined;
  let topShare = -1;
  for (const [script, expression] of Object.entries(SCRIPT_EXPRESSIONS)) {
    const share = (value.match(expression)?.length ?? 0) / value.length || 0;
    if (share > topShare) {
      topShare = share;
      top = script;
    }
  }
  return [top, topShare];
}

function distance(trigrams: Array<[string, number]>, model: Record<string, number>): number {
  let total = 0;
  for (const [trigram, count] of trigrams) {
    total += trigram in model ? Math.abs(count - model[trigram]! - 1) : MAX_DIFFERENCE;
  }
  return total;
}
