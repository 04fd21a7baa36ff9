/**
 * Languages the detector may answer, as franc's ISO 639-3 codes mapped to BCP 47 (zlm is franc's Malay). Short
 * news texts fool n-gram detectors into Latin, Esperanto or Berber (measured on the real-feed corpus); news wires
 * write in these. Tagalog is in: partners publish it.
 */
export const NEWS_LANGUAGES: Readonly<Record<string, string>> = {
  ind: 'id', zlm: 'ms', eng: 'en', deu: 'de', fra: 'fr', spa: 'es', por: 'pt', ita: 'it', nld: 'nl', swe: 'sv',
  dan: 'da', nob: 'no', fin: 'fi', pol: 'pl', ces: 'cs', slk: 'sk', hun: 'hu', ron: 'ro', ell: 'el', tur: 'tr',
  rus: 'ru', ukr: 'uk', arb: 'ar', pes: 'fa', heb: 'he', hin: 'hi', urd: 'ur', ben: 'bn', tam: 'ta', tha: 'th',
  vie: 'vi', cmn: 'zh', jpn: 'ja', kor: 'ko', tgl: 'tl',
};

/*
 * The detector's trigram profiles (language-profiles.ts) are franc-min's for these languages only: regenerate
 * them with `npx tsx scripts/generate-language-profiles.ts` after changing the list. franc-min has profiles for
 * 23 of them; ben, tam, tha, ell, cmn, jpn and kor are told by their script alone, and dan, nob, fin, slk and heb
 * are not among franc-min's languages, so they are never answered (as before: franc-min's `only` did the same).
 */
