/**
 * The furniture rules as data, per language. Each rule names the sentence it handles in its tests; adding a
 * partner's phrasing means adding a line here.
 */

/** Which Article field an attribution label fills. */
export type AttributionField = 'source' | 'editor' | 'author';

/** Labels of attribution lines such as `Sumber: Reuters | Editor: Barratut Taqiyyah Rafie`. */
export const ATTRIBUTION_LABELS: ReadonlyArray<{ lang: string; label: string; field: AttributionField }> = [
  { lang: 'id', label: 'Sumber', field: 'source' },
  { lang: 'id', label: 'Editor', field: 'editor' },
  { lang: 'id', label: 'Penyunting', field: 'editor' },
  { lang: 'id', label: 'Redaktur', field: 'editor' },
  { lang: 'id', label: 'Reporter', field: 'author' },
  { lang: 'id', label: 'Penulis', field: 'author' },
  { lang: 'id', label: 'Wartawan', field: 'author' },
  { lang: 'id', label: 'Kontributor', field: 'author' },
  { lang: 'en', label: 'Source', field: 'source' },
  { lang: 'en', label: 'Edited by', field: 'editor' },
  { lang: 'en', label: 'Author', field: 'author' },
  { lang: 'en', label: 'Writer', field: 'author' },
  { lang: 'en', label: 'Written by', field: 'author' },
  { lang: 'fr', label: 'Source', field: 'source' },
  { lang: 'fr', label: 'Auteur', field: 'author' },
  { lang: 'fr', label: 'Rédaction', field: 'editor' },
  { lang: 'fr', label: 'Édité par', field: 'editor' },
  { lang: 'de', label: 'Quelle', field: 'source' },
  { lang: 'de', label: 'Autor', field: 'author' },
  { lang: 'de', label: 'Autorin', field: 'author' },
  { lang: 'de', label: 'Redaktion', field: 'editor' },
  { lang: 'de', label: 'Bearbeitet von', field: 'editor' },
  { lang: 'es', label: 'Fuente', field: 'source' },
  { lang: 'es', label: 'Autor', field: 'author' },
  { lang: 'es', label: 'Redacción', field: 'editor' },
  { lang: 'es', label: 'Editado por', field: 'editor' },
  { lang: 'es', label: 'Edición', field: 'editor' },
];

/** Words that open a byline (`By Jane Doe and John Roe`), and the words joining its names. */
export const BYLINE_WORDS: ReadonlyArray<{ lang: string; by: string; and: string[] }> = [
  { lang: 'en', by: 'By', and: ['and', '&'] },
  { lang: 'id', by: 'Oleh', and: ['dan', '&'] },
  { lang: 'fr', by: 'Par', and: ['et', '&'] },
  { lang: 'de', by: 'Von', and: ['und', '&'] },
  { lang: 'es', by: 'Por', and: ['y', 'e', '&'] },
];

/**
 * Reuters-style closing credits: `(Reporting by X; Editing by Y)`. Each role names the field it fills.
 */
export const CREDIT_ROLES: ReadonlyArray<{ lang: string; role: string; field: AttributionField }> = [
  { lang: 'en', role: 'Reporting by', field: 'author' },
  { lang: 'en', role: 'Additional reporting by', field: 'author' },
  { lang: 'en', role: 'Writing by', field: 'author' },
  { lang: 'en', role: 'Compiled by', field: 'author' },
  { lang: 'en', role: 'Editing by', field: 'editor' },
  { lang: 'fr', role: 'Rédigé par', field: 'author' },
  { lang: 'fr', role: 'Avec', field: 'author' },
  { lang: 'fr', role: 'Édité par', field: 'editor' },
  { lang: 'de', role: 'Bearbeitet von', field: 'editor' },
  { lang: 'de', role: 'Redigiert von', field: 'editor' },
  { lang: 'de', role: 'Geschrieben von', field: 'author' },
  { lang: 'es', role: 'Información de', field: 'author' },
  { lang: 'es', role: 'Reporte de', field: 'author' },
  { lang: 'es', role: 'Editado en español por', field: 'editor' },
  { lang: 'es', role: 'Editado por', field: 'editor' },
];

/** News agencies as leads and credits spell them, with the name we store. */
export const AGENCIES: Readonly<Record<string, string>> = {
  reuters: 'Reuters',
  afp: 'AFP',
  'agence france-presse': 'AFP',
  ap: 'AP',
  'associated press': 'AP',
  'the associated press': 'AP',
  dpa: 'dpa',
  'dpa-afx': 'dpa-AFX',
  antara: 'ANTARA',
  'antara news': 'ANTARA',
  efe: 'EFE',
  'europa press': 'Europa Press',
  ansa: 'ANSA',
  xinhua: 'Xinhua',
  kyodo: 'Kyodo',
  yonhap: 'Yonhap',
  bernama: 'Bernama',
  bloomberg: 'Bloomberg',
  apa: 'APA',
  kna: 'KNA',
  epd: 'epd',
  sda: 'SDA',
  belga: 'Belga',
  anp: 'ANP',
  tass: 'TASS',
  upi: 'UPI',
};

/** True when the name is a news agency we know. */
export function isKnownAgency(raw: string): boolean {
  return raw.trim().replace(/\s+/g, ' ').toLowerCase() in AGENCIES;
}

/**
 * The stored name of an agency: known ones canonicalized, others as written. dpa's regional services
 * (`dpa/lby`) and shared credits (`AFP/Reuters`) give the first agency.
 */
export function agencyName(raw: string): string {
  const clean = raw.trim().replace(/\s+/g, ' ');
  const key = clean.toLowerCase();
  if (AGENCIES[key]) return AGENCIES[key];
  const first = key.split(/\s*\/\s*/)[0];
  return AGENCIES[first] ?? clean;
}

/**
 * "Read also" lines. `colon: 'optional'` allows `Baca juga Putin…` with no separator; phrases that open
 * ordinary sentences (`Related to…`) need a colon or a link.
 */
export const RELATED_RULES: ReadonlyArray<{ lang: string; phrase: string; colon: 'required' | 'optional' }> = [
  { lang: 'id', phrase: 'Baca Juga', colon: 'optional' },
  { lang: 'id', phrase: 'Lihat Juga', colon: 'optional' },
  { lang: 'id', phrase: 'Simak Juga', colon: 'optional' },
  { lang: 'id', phrase: 'Berita Terkait', colon: 'optional' },
  { lang: 'id', phrase: 'Artikel Terkait', colon: 'optional' },
  { lang: 'en', phrase: 'Read also', colon: 'optional' },
  { lang: 'en', phrase: 'Also read', colon: 'optional' },
  { lang: 'en', phrase: 'Read more', colon: 'required' },
  { lang: 'en', phrase: 'See also', colon: 'required' },
  { lang: 'en', phrase: 'Related', colon: 'required' },
  { lang: 'en', phrase: 'Related story', colon: 'required' },
  { lang: 'en', phrase: 'Related stories', colon: 'required' },
  { lang: 'fr', phrase: 'Lire aussi', colon: 'optional' },
  { lang: 'fr', phrase: 'À lire aussi', colon: 'optional' },
  { lang: 'fr', phrase: 'A lire aussi', colon: 'optional' },
  { lang: 'fr', phrase: 'Lire également', colon: 'optional' },
  { lang: 'fr', phrase: 'À lire également', colon: 'optional' },
  { lang: 'fr', phrase: 'Voir aussi', colon: 'required' },
  { lang: 'de', phrase: 'Lesen Sie auch', colon: 'optional' },
  { lang: 'de', phrase: 'Lesen Sie mehr', colon: 'required' },
  { lang: 'de', phrase: 'Mehr zum Thema', colon: 'required' },
  { lang: 'de', phrase: 'Auch interessant', colon: 'required' },
  { lang: 'de', phrase: 'Siehe auch', colon: 'required' },
  { lang: 'es', phrase: 'Lea también', colon: 'optional' },
  { lang: 'es', phrase: 'Lee también', colon: 'optional' },
  { lang: 'es', phrase: 'Te puede interesar', colon: 'required' },
  { lang: 'es', phrase: 'Ver también', colon: 'required' },
  { lang: 'es', phrase: 'Leer más', colon: 'required' },
];

/**
 * Publishers that name themselves in the lead without a web address (`Jakarta, CNN Indonesia --`). Publishers
 * writing an address (`KONTAN.CO.ID`, `Kompas.com`) need no entry.
 */
export const LEAD_PUBLISHERS: ReadonlyArray<{ lang: string; name: string }> = [
  { lang: 'id', name: 'CNN Indonesia' },
  { lang: 'id', name: 'CNBC Indonesia' },
  { lang: 'id', name: 'Kontan' },
  { lang: 'id', name: 'Bisnis' },
  { lang: 'id', name: 'Republika' },
  { lang: 'id', name: 'Okezone' },
  { lang: 'id', name: 'VIVA' },
  { lang: 'id', name: 'Kompas' },
  { lang: 'id', name: 'Tempo' },
  { lang: 'id', name: 'Jawa Pos' },
  { lang: 'id', name: 'Media Indonesia' },
  { lang: 'en', name: 'The Jakarta Post' },
  { lang: 'en', name: 'Jakarta Globe' },
];

/** Paragraphs that are furniture on their own: ads, "scroll to continue", "continue reading" links, share and follow prompts. */
export const BOILERPLATE_RULES: ReadonlyArray<{ lang: string; name: string; pattern: RegExp }> = [
  { lang: 'en', name: 'advertisement', pattern: /^(advertisement|advertising|sponsored|ad)$/i },
  { lang: 'en', name: 'scroll to continue', pattern: /^(advertisement\s*[-–—:]?\s*)?scroll (down )?to continue( with content| reading)?$/i },
  { lang: 'en', name: 'continue reading', pattern: /^(continue reading|read more|read the full (story|article)|full story)\s*[»>→]?$/i },
  { lang: 'en', name: 'share prompt', pattern: /^(share (this|on|the) [\p{L} ]{0,40}|click (here )?to share\b.*|follow us on\b.*|sign up for our newsletter\b.*)$/iu },
  { lang: 'id', name: 'advertisement', pattern: /^(iklan|advertisement)$/i },
  { lang: 'id', name: 'scroll to continue', pattern: /^(scroll|gulir) (ke bawah )?untuk (melanjutkan|lanjut)( membaca)?$/i },
  { lang: 'id', name: 'continue reading', pattern: /^(baca selengkapnya|selengkapnya|baca berita selengkapnya)\s*[»>→]?$/i },
  // Detik and others sign off with the writer's and editor's initials: `(rdp/imk)`.
  { lang: 'id', name: 'editor initials', pattern: /^\(\s*[a-z]{2,4}(\s*\/\s*[a-z]{2,4})+\s*\)$/ },
  { lang: 'id', name: 'share prompt', pattern: /^(bagikan( artikel ini| berita ini)?\b.*|ikuti (kami|berita|kanal|saluran)\b.*(google news|whatsapp|telegram|instagram|twitter|facebook|channel|saluran).*|cek berita dan artikel yang lain di google news\.?|dapatkan update berita\b.*|simak breaking news\b.*)$/i },
  { lang: 'fr', name: 'advertisement', pattern: /^(publicité|pub)$/i },
  { lang: 'fr', name: 'continue reading', pattern: /^(lire la suite|lire l'article complet|lire l’article complet)\s*[»>→]?$/i },
  { lang: 'fr', name: 'share prompt', pattern: /^(partager( cet article| sur [\p{L} ]{0,30})?|suivez-nous (sur|on)\b.*|abonnez-vous à notre newsletter\b.*)$/iu },
  { lang: 'de', name: 'advertisement', pattern: /^(anzeige|werbung)$/i },
  { lang: 'de', name: 'continue reading', pattern: /^(weiterlesen|mehr lesen|zum vollständigen artikel)\s*[»>→]?$/i },
  { lang: 'de', name: 'share prompt', pattern: /^(artikel teilen|teilen( auf [\p{L} ]{0,30})?|folgen sie uns (auf|bei)\b.*)$/iu },
  { lang: 'es', name: 'advertisement', pattern: /^(publicidad|anuncio)$/i },
  { lang: 'es', name: 'continue reading', pattern: /^(seguir leyendo|leer más|sigue leyendo|continuar leyendo)\s*[»>→]?$/iu },
  { lang: 'es', name: 'share prompt', pattern: /^(compartir( en [\p{L} ]{0,30}| este artículo)?|síguenos en\b.*)$/iu },
];
