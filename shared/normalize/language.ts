import { malayOrIndonesian } from './malay-indonesian.js';
import { NEWS_LANGUAGES } from './news-languages.js';
import { rankLanguages, type Ranking } from './trigram-detector.js';

/** Legacy and three-letter codes partners still send, mapped to the BCP 47 primary subtag. */
const ALIASES: Readonly<Record<string, string>> = {
  in: 'id', iw: 'he', ji: 'yi', jw: 'jv',
  ind: 'id', eng: 'en', deu: 'de', ger: 'de', fra: 'fr', fre: 'fr', spa: 'es', por: 'pt', ita: 'it', nld: 'nl',
  dut: 'nl', msa: 'ms', may: 'ms', zho: 'zh', chi: 'zh', jpn: 'ja', kor: 'ko', rus: 'ru', ara: 'ar', vie: 'vi',
  tha: 'th', tur: 'tr', pol: 'pl',
  indonesian: 'id', english: 'en', german: 'de', deutsch: 'de', french: 'fr', 'français': 'fr', spanish: 'es',
  'español': 'es', 'bahasa indonesia': 'id',
};


/** Reduces a language tag (`en-US`, `id_ID`, `IND`, `in`) to its BCP 47 primary subtag; undefined if unusable. */
export function primaryLanguage(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().toLowerCase();
  if (ALIASES[lower]) return ALIASES[lower];
  const primary = lower.split(/[-_]/)[0];
  if (ALIASES[primary]) return ALIASES[primary];
  return /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

/** Characters of a text the detector ranks (the rest counts only towards its letters). */
export const DETECT_SAMPLE_CHARS = 4000;
/** Below this many letters a detector guesses more than it knows. */
const MIN_DETECT_LETTERS = 40;
/** From this many letters, and this margin over the runner-up, an item's own detection beats the feed's. */
const CONFIDENT_LETTERS = 300;
const CONFIDENT_MARGIN = 0.02;
/** An ideograph, kana or hangul syllable carries about as much as a short word: it counts as three letters. */
const IDEOGRAPHIC = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;
const LETTER = /^\p{L}$/u;

/** Per BMP code point, its weight in `letters` plus one (0: not yet seen), filled as characters are first seen. */
const unitWeights = new Uint8Array(0x10000);

/** What one code point adds to `letters`: its UTF-16 length if a letter, two more if ideographic. */
function weightOf(char: string): number {
  return (LETTER.test(char) ? char.length : 0) + (IDEOGRAPHIC.test(char) ? 2 : 0);
}

/**
 * The text's length in letters, ideographs counting three: its letters' UTF-16 units (what removing every
 * non-letter leaves) plus two per ideograph. Counted per code point with a table, not with two Unicode-property
 * regexps over the whole body (~30 µs a KB).
 */
function letterCount(text: string): number {
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      if ((unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a)) letters++;
      continue;
    }
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      letters += weightOf(text.slice(i, i + 2));
      i++;
      continue;
    }
    let weight = unitWeights[unit]!;
    if (weight === 0) {
      weight = weightOf(text[i]!) + 1;
      unitWeights[unit] = weight;
    }
    letters += weight - 1;
  }
  return letters;
}

/**
 * A detection: the language, how far it leads the runner-up (`accuracy`, 0–1: franc's score gap, Indonesian and
 * Malay counted as one candidate since the word lists decide between them) and the text's length in letters
 * (ideographs counting three), or undefined when the text is too short.
 */
export function detectLanguageWithConfidence(text: string): { lang: string; accuracy: number; letters: number } | undefined {
  return detectCounted(text, letterCount(text));
}

/** detectLanguageWithConfidence for a text whose letters are counted already. */
function detectCounted(text: string, letters: number): { lang: string; accuracy: number; letters: number } | undefined {
  if (letters < MIN_DETECT_LETTERS) return undefined;
  // The opening few thousand characters decide as well as the whole text, at a bounded cost.
  const sample = text.slice(0, DETECT_SAMPLE_CHARS);
  const ranked = rankLanguages(sample);
  let best = NEWS_LANGUAGES[ranked[0]?.[0] ?? ''];
  if (!best) return undefined;
  if (best === 'tl' && looksMalayNotTagalog(ranked, sample)) best = 'id';
  const pair = best === 'id' || best === 'ms';
  const runnerUp = ranked.slice(1).find(([code]) => !pair || (code !== 'ind' && code !== 'zlm'));
  const accuracy = ranked[0]![1] - (runnerUp?.[1] ?? 0);
  return { lang: pair ? malayOrIndonesian(sample) : best, accuracy, letters };
}

/**
 * Tagalog shares many trigrams with Malay and Indonesian (Austronesian roots and affixes: "ang", "an ", "ng "), so
 * a short Indonesian text ("Rangkuman berita pagi: lalu lintas, cuaca, ekonomi.") can rank Tagalog first by a
 * hair. Tagalog can hardly write a sentence without its case markers and plural marker (ng, ang, mga), which are
 * not Malay or Indonesian words: when Tagalog leads the pair by less than TAGALOG_LEAD and the text has none of
 * them, it is the pair's. Labelled Tagalog news texts lead by 0.27 or more and carry two markers or more.
 */
function looksMalayNotTagalog(ranked: Ranking, sample: string): boolean {
  const pair = ranked.find(([code]) => code === 'ind' || code === 'zlm');
  if (!pair || ranked[0]![1] - pair[1] >= TAGALOG_LEAD) return false;
  return !TAGALOG_MARKER.test(sample);
}
const TAGALOG_LEAD = 0.05;
const TAGALOG_MARKER = /(?<!\p{L})(?:ng|ang|mga)(?!\p{L})/iu;

/** Detects the language of a text (franc's trigrams, then word lists for Indonesian vs Malay); undefined when the text is too short to tell. */
export function detectLanguage(text: string): string | undefined {
  return detectLanguageWithConfidence(text)?.lang;
}

/**
 * Step: the item's language, else the feed's, else the partner's default, else detected from the text. When the
 * item's text is short or the detector unsure, a language detected over the whole feed (`feedDetected`, computed only when needed) is
 * preferred: a feed rarely switches language, and short texts are where detectors fail.
 */
export function resolveLanguage(
  candidates: Array<string | undefined>,
  text: string,
  feedDetected: () => string | undefined = () => undefined,
): string | undefined {
  for (const c of candidates) {
    const lang = primaryLanguage(c);
    if (lang) return lang;
  }
  const letters = letterCount(text);
  // Too short to be sure of: the feed's language wins when there is one, and the text's own is not needed then
  // (the same answer as detecting it first, without the detection most short items would throw away).
  if (letters < CONFIDENT_LETTERS) return feedDetected() ?? detectCounted(text, letters)?.lang;
  const own = detectCounted(text, letters);
  if (own && own.accuracy >= CONFIDENT_MARGIN) return own.lang;
  return feedDetected() ?? own?.lang;
}

/** Characters of a feed's text that feed-level detection reads: plenty to be sure, bounded in cost. */
const FEED_SAMPLE_CHARS = 20_000;

/**
 * The language of a whole feed, detected over its items' text together (text read only until the sample is full,
 * or once its opening DETECT_SAMPLE_CHARS hold MIN_DETECT_LETTERS: the detector ranks only that opening and
 * counts the rest only towards its letters, so more text would not change the answer).
 */
export function detectFeedLanguage<T>(items: T[], textOf: (item: T, index: number) => string): string | undefined {
  let sample = '';
  for (let index = 0; index < items.length; index++) {
    if (sample.length >= FEED_SAMPLE_CHARS) break;
    if (sample.length >= DETECT_SAMPLE_CHARS && letterCount(sample.slice(0, DETECT_SAMPLE_CHARS)) >= MIN_DETECT_LETTERS) break;
    sample += `${textOf(items[index]!, index)}\n`;
  }
  return detectLanguage(sample.slice(0, FEED_SAMPLE_CHARS));
}
