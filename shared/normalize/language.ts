import { detect } from 'tinyld';

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

/** Below this many letters a detector guesses more than it knows. */
const MIN_DETECT_LETTERS = 40;

/** Detects the language of a text with tinyld; undefined when the text is too short to tell. */
export function detectLanguage(text: string): string | undefined {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < MIN_DETECT_LETTERS) return undefined;
  return primaryLanguage(detect(text) || undefined);
}

/** Step: the item's language, else the feed's, else the partner's default, else detected from the text. */
export function resolveLanguage(candidates: Array<string | undefined>, text: string): string | undefined {
  for (const c of candidates) {
    const lang = primaryLanguage(c);
    if (lang) return lang;
  }
  return detectLanguage(text);
}
