/**
 * Tells Malaysian Malay (ms) from Indonesian (id) in news text by words that one standard uses and the other
 * does not. Character n-gram detectors confuse the two: they share most of their vocabulary and all of their
 * affixes, and differ mainly in a few hundred everyday words (kerajaan/pemerintah, wang/uang, polis/polisi),
 * spellings (bahawa/bahwa, kerana/karena, baharu/baru) and institutions (Dewan Rakyat/DPR, ringgit/rupiah).
 *
 * The lists were written from the two standards' known lexical differences before the labelled set in
 * test/fixtures/normalize/language-labelled.tsv was run through them, and were not tuned on its results.
 * Words that both standards use in news, or that change meaning between them (pejabat: "office" in Malaysia,
 * "official" in Indonesia; pekan: "town" / "week"; bandar, boleh, bagi, akan), are left out on purpose.
 */

/** Words (lower case) that Malaysian news uses and Indonesian news does not, or only rarely. */
const MALAY_WORDS = new Set([
  'kerajaan', 'wang', 'kereta', 'polis', 'jabatan', 'daripada', 'sahaja', 'beliau', 'ringgit', 'rm',
  'bahawa', 'kerana', 'baharu', 'selepas', 'lepas', 'hadapan', 'sekiranya', 'seramai', 'mangsa', 'kemalangan',
  'siasatan', 'suspek', 'peratus', 'bilion', 'pemberita', 'dakwaan', 'didakwa', 'disyaki', 'bertembung',
  'cadangan', 'kilang', 'syarikat', 'kenderaan', 'bekalan', 'tiada', 'menerusi', 'susulan',
  'memaklumkan', 'pegawai', 'lelaki', 'kanak-kanak', 'hospital', 'cukai', 'percuma', 'belanjawan',
  'bajet', 'perlawanan', 'bomba', 'semalam', 'esok', 'iaitu', 'manakala', 'kenyataan', 'ogos', 'disaran',
  'dinasihatkan', 'direman', 'lebuh', 'kaunter', 'terjejas', 'berkenaan', 'berkata',
]);

/** Words (lower case) that Indonesian news uses and Malaysian news does not, or only rarely. */
const INDONESIAN_WORDS = new Set([
  'pemerintah', 'uang', 'mobil', 'polisi', 'kantor', 'saja', 'rupiah', 'rp', 'dpr', 'mengatakan',
  'bahwa', 'karena', 'setelah', 'persen', 'miliar', 'korban', 'tersangka', 'penyidikan', 'wartawan',
  'kemarin', 'besok', 'pabrik', 'perusahaan', 'kendaraan', 'pasokan', 'bisa', 'melalui', 'pria', 'pajak',
  'gratis', 'kabupaten', 'kecamatan', 'kelurahan', 'provinsi', 'mengimbau', 'ujar', 'pihaknya', 'tewas',
  'diamankan', 'mengamankan', 'aparat', 'wib', 'agustus', 'terkait',
  'menyebut', 'kepolisian', 'kapolda', 'kapolres', 'kejaksaan', 'bumn', 'tni', 'polri', 'kpk',
]);

/** Two-word phrases that settle it better than either word alone. */
const MALAY_PHRASES = ['dewan rakyat', 'orang ramai', 'pihak berkuasa', 'tahun lepas', 'bulan lepas', 'menteri besar'];
const INDONESIAN_PHRASES = ['rumah sakit', 'jalan tol', 'laki-laki', 'tahun lalu', 'bulan lalu', 'tidak ada'];

/**
 * Malay-minus-Indonesian evidence in a text: positive leans ms, negative leans id, 0 when the text has no
 * distinguishing word. Each word and phrase occurrence counts once.
 */
export function malayIndonesianScore(text: string): number {
  const lower = text.toLowerCase();
  let score = 0;
  for (const word of lower.match(/[\p{L}]+(?:-[\p{L}]+)*/gu) ?? []) {
    if (MALAY_WORDS.has(word)) score += 1;
    else if (INDONESIAN_WORDS.has(word)) score -= 1;
  }
  for (const phrase of MALAY_PHRASES) score += countOf(lower, phrase);
  for (const phrase of INDONESIAN_PHRASES) score -= countOf(lower, phrase);
  return score;
}

/**
 * Decides between id and ms for a text a detector placed in the pair. On no evidence it answers id: Malaysian
 * news text nearly always names one of its markers (kerajaan, polis, beliau, berkata, peratus, RM), while an
 * Indonesian text often uses only the vocabulary the two share. (This tie rule was chosen after the first run
 * on the labelled set; it was then checked on texts written afterwards, language-heldout.tsv.)
 */
export function malayOrIndonesian(text: string): 'id' | 'ms' {
  return malayIndonesianScore(text) > 0 ? 'ms' : 'id';
}

function countOf(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count += 1;
  return count;
}
