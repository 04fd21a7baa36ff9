import { detectAll } from 'tinyld';

/** Legacy and three-letter codes partners still send, mapped to the BCP 47 primary subtag. */
const ALIASES: Readonly<Record<string, string>> = {
  in: 'id', iw: 'he', ji: 'yi', jw: 'jv',
  ind: 'id', eng: 'en', deu: 'de', ger: 'de', fra: 'fr', fre: 'fr', spa: 'es', por: 'pt', ita: 'it', nld: 'nl',
  dut: 'nl', msa: 'ms', may: 'ms', zho: 'zh', chi: 'zh', jpn: 'ja', kor: 'ko', rus: 'ru', ara: 'ar', vie: 'vi',
  tha: 'th', tur: 'tr', pol: 'pl',
  indonesian: 'id', english: 'en', german: 'de', deutsch: 'de', french: 'fr', 'français': 'fr', spanish: 'es',
  'español': 'es', 'bahasa indonesia': 'id',
};

/**
 * Languages the detector may answer. Short news texts fool n-gram detectors into Latin, Esperanto, Berber or
 * Tagalog (measured on the real-feed corpus); news wires write in these.
 */
const NEWS_LANGUAGES = [
  'id', 'ms', 'en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'sv', 'da', 'no', 'fi', 'pl', 'cs', 'sk', 'hu', 'ro',
  'el', 'tr', 'ru', 'uk', 'ar', 'fa', 'he', 'hi', 'ur', 'bn', 'ta', 'th', 'vi', 'zh', 'ja', 'ko',
];

/** Reduces a language tag (`en-US`, `id_ID`, `IND`, `in`) to its BCP 47 primary subtag; undefined if unusable. */
export function primaryLanguage(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().toLowerCase();
  if (ALIASES[lower]) return ALIASES[lower];
  const primary = lower.split(/[-_]/)[0];
  if (ALIASES[primary]) return ALIASES[primary];
  return /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

/** Below this many letters a detector guesses more than it knows. */
const MIN_DETECT_LETTERS = 40;
/** From this many letters, and this confidence, an item's own detection beats the feed's. */
const CONFIDENT_LETTERS = 300;
const CONFIDENT_ACCURACY = 0.6;

/** A detection: the language and how sure tinyld is (0–1), or undefined when the text is too short. */
export function detectLanguageWithConfidence(text: string): { lang: string; accuracy: number; letters: number } | undefined {
  const letters = text.replace(/[^\p{L}]/gu, '').length;
  if (letters < MIN_DETECT_LETTERS) return undefined;
  // The opening few thousand characters decide as well as the whole text, at a bounded cost.
  const [best] = detectAll(text.slice(0, 4000), { only: NEWS_LANGUAGES });
  const lang = primaryLanguage(best?.lang);
  return lang ? { lang, accuracy: best.accuracy, letters } : undefined;
}

/** Detects the language of a text with tinyld; undefined when the text is too short to tell. */
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
  const own = detectLanguageWithConfidence(text);
  if (own && own.letters >= CONFIDENT_LETTERS && own.accuracy >= CONFIDENT_ACCURACY) return own.lang;
  return feedDetected() ?? own?.lang;
}

/** Characters of a feed's text that feed-level detection reads: plenty to be sure, bounded in cost. */
const FEED_SAMPLE_CHARS = 20_000;

/** The language of a whole feed, detected over its items' text together (text read only until the sample is full). */
export function detectFeedLanguage<T>(items: T[], textOf: (item: T) => string): string | undefined {
  let sample = '';
  for (const item of items) {
    if (sample.length >= FEED_SAMPLE_CHARS) break;
    sample += `${textOf(item)}\n`;
  }
  return detectLanguage(sample.slice(0, FEED_SAMPLE_CHARS));
}
