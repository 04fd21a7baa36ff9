import { describe, expect, it } from 'vitest';
import { malayIndonesianScore, malayOrIndonesian } from '../../shared/normalize/malay-indonesian.js';

describe('Malay or Indonesian', () => {
  it.each([
    ['Malaysian government and police words', 'ms', 'Kerajaan akan membayar wang pampasan kepada mangsa, kata polis.'],
    ['Malaysian spellings (bahawa, kerana)', 'ms', 'Menteri itu menegaskan bahawa projek tersebut ditangguhkan kerana kekurangan dana.'],
    ['a Malaysian institution (Dewan Rakyat)', 'ms', 'Usul itu dibahaskan di Dewan Rakyat sehingga lewat malam.'],
    ['Indonesian government and police words', 'id', 'Pemerintah akan membayar uang ganti rugi kepada korban, kata polisi.'],
    ['Indonesian spellings (bahwa, karena)', 'id', 'Menteri itu menegaskan bahwa proyek tersebut ditunda karena kekurangan dana.'],
    ['an Indonesian institution and currency (DPR, rupiah)', 'id', 'DPR menyetujui tambahan anggaran Rp3 triliun untuk bantuan sosial.'],
  ])('answers a text with %s as "%s"', (_name, expected, text) => {
    expect(malayOrIndonesian(text)).toBe(expected);
  });

  it('answers Indonesian when a text has no word that tells them apart ("Harga beras naik di pasar")', () => {
    expect(malayIndonesianScore('Harga beras naik di pasar tradisional menjelang hari raya.')).toBe(0);
    expect(malayOrIndonesian('Harga beras naik di pasar tradisional menjelang hari raya.')).toBe('id');
  });

  it('lets the side with more evidence win when a text quotes both ("polis" once, "pemerintah" and "rupiah")', () => {
    expect(malayOrIndonesian('Pemerintah Indonesia membekukan dana Rp2 miliar milik tersangka yang ditahan polis Malaysia.')).toBe('id');
  });

  it('counts phrases that only one standard uses ("orang ramai", "rumah sakit")', () => {
    expect(malayIndonesianScore('Orang ramai diminta menjauhi kawasan itu.')).toBeGreaterThan(0);
    expect(malayIndonesianScore('Korban dibawa ke rumah sakit terdekat.')).toBeLessThan(0);
  });
});
