import { describe, expect, it } from 'vitest';
import { measureDuplicates } from '../../bench/duplicates.js';
import {
  BAND_COUNT,
  LEAD_BAND,
  articleFingerprint,
  chooseCluster,
  clusterWindowStart,
  similarityIndexEntry,
  decodeFingerprint,
  encodeFingerprint,
  fingerprint,
  sameStory,
  shingles,
  simBandKeys,
  simBands,
  similarity,
  words,
} from '../../shared/normalize/duplicates.js';

const STORY = [
  'North Korean leader Kim Jong Un said his country is an invincible comrade-in-arms of Russia, state media KCNA reported on Thursday.',
  'Marking Russia Day, Kim said his meeting with Putin at a Russian space launch facility last year elevated relations between the two countries.',
  'The message came after Russian newspaper Vedomosti reported on Monday that Putin would visit North Korea and Vietnam in the coming weeks.',
  'An official in Vietnam told Reuters the trip to Vietnam was planned for June 19 and 20 but had not been confirmed.',
].join('\n\n');

describe('duplicates: fingerprints', () => {
  it('folds case, accents and punctuation into words: "Société Générale’s CEO" → société…', () => {
    expect(words('Société Générale’s CEO, d’accord!')).toEqual(['societe', 'generale', 's', 'ceo', 'd', 'accord']);
  });

  it('shingles three words at a time', () => {
    expect([...shingles('a b c d')]).toEqual(['a b c', 'b c d']);
    expect([...shingles('a b')]).toEqual(['a b']);
  });

  it('is deterministic and ignores case and punctuation differences', () => {
    expect(fingerprint(STORY)).toEqual(fingerprint(STORY));
    expect(fingerprint(STORY).hashes).toEqual(fingerprint(STORY.toUpperCase().replace(/,/g, '')).hashes);
  });

  it('round-trips through its string form', () => {
    const fp = fingerprint(STORY);
    expect(decodeFingerprint(encodeFingerprint(fp))).toEqual(fp);
    expect(decodeFingerprint('not a fingerprint')).toBeUndefined();
  });

  it('gives one band value per MinHash band plus the lead band, as band keys', () => {
    const bands = simBands(fingerprint(STORY));
    expect(bands).toHaveLength(BAND_COUNT + 1);
    expect(bands.at(-1)!.band).toBe(LEAD_BAND);
    expect(simBandKeys(fingerprint(STORY))[0]).toMatch(/^0#[0-9a-f]{8}$/);
    expect(simBands(fingerprint(''))).toEqual([]);
  });

  it('adds title and summary when the body is too short to fingerprint alone', () => {
    const a = articleFingerprint({ title: 'Kim hails Russia as invincible ally', summary: 'Kim sends message to Putin', bodyText: 'Short.' });
    const b = articleFingerprint({ title: 'Fed holds rates steady', summary: 'One cut this year', bodyText: 'Short.' });
    expect(similarity(a, b).jaccard).toBeLessThan(0.2);
  });
});

describe('duplicates: same story', () => {
  const original = fingerprint(STORY);

  it('matches an identical copy', () => {
    expect(similarity(original, fingerprint(STORY)).jaccard).toBe(1);
    expect(sameStory(original, fingerprint(STORY))).toBe(true);
  });

  it('matches a lightly edited copy (one paragraph dropped, one reworded)', () => {
    const paras = STORY.split('\n\n');
    const edited = [paras[0], 'Kim said his meeting with Putin at a Russian space launch facility last year lifted ties between the two countries.', paras[2]].join('\n\n');
    expect(sameStory(original, fingerprint(edited))).toBe(true);
  });

  it('matches a teaser that is the opening of the story (containment)', () => {
    const teaser = STORY.split('\n\n').slice(0, 2).join('\n\n');
    expect(sameStory(original, fingerprint(teaser))).toBe(true);
  });

  it('does not match a different story on the same topic', () => {
    const other =
      'Russian President Vladimir Putin arrived in North Korea early on Saturday for his first visit in 24 years, state media said. Leader Kim Jong Un greeted Putin at the airport in Pyongyang, where a red carpet was rolled out.';
    expect(sameStory(original, fingerprint(other))).toBe(false);
  });

  it('asks headline-only items to agree almost entirely ("Rupiah Ditutup Melemah ke Rp 16.430" vs "… Rp 16.450")', () => {
    const a = fingerprint('Rupiah Ditutup Melemah ke Rp 16.430 Per Dolar AS');
    expect(sameStory(a, fingerprint('Rupiah Ditutup Melemah ke Rp 16.450 Per Dolar AS'))).toBe(false);
    expect(sameStory(a, fingerprint('Rupiah ditutup melemah ke Rp 16.430 per dolar AS!'))).toBe(true);
  });

  it('does not match copies published further apart than the window', () => {
    const opts = { publishedA: '2024-06-13T00:00:00.000Z', publishedB: '2024-06-20T00:00:00.000Z' };
    expect(sameStory(original, fingerprint(STORY), opts)).toBe(false);
    expect(sameStory(original, fingerprint(STORY), { ...opts, publishedB: '2024-06-14T00:00:00.000Z' })).toBe(true);
  });
});

describe('duplicates: labelled fixture set (bench/duplicates.ts)', () => {
  const report = measureDuplicates();

  it('has at least 40 labelled pairs of every kind', () => {
    expect(report.pairs.length).toBeGreaterThanOrEqual(40);
    for (const label of ['copy', 'edited', 'truncated', 'different']) expect(report.pairs.some((p) => p.label === label)).toBe(true);
  });

  it('reaches precision ≥ 0.95 and recall ≥ 0.9, LSH candidate step included', () => {
    expect(report.precision).toBeGreaterThanOrEqual(0.95);
    expect(report.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('flags no different story on the same topic (templated quake and currency reports included)', () => {
    expect(report.pairs.filter((p) => p.label === 'different' && p.predicted).map((p) => `${p.a}~${p.b}`)).toEqual([]);
  });
});

describe('duplicates: choosing a cluster', () => {
  const story = { id: 'a1', title: 'Kim hails Russia', bodyText: STORY, publishedAt: '2024-06-13T01:00:00.000Z' };
  const copy = similarityIndexEntry({ title: 'Kim calls Russia comrade', bodyText: STORY });
  const other = similarityIndexEntry({
    title: 'Putin arrives',
    bodyText: 'Russian President Vladimir Putin arrived in North Korea early on Saturday for his first visit in 24 years, state media said. Leader Kim Jong Un greeted Putin at the airport in Pyongyang, where a red carpet was rolled out and an honour guard lined the tarmac.',
  });

  it('joins the cluster of a same-story candidate, else the candidate itself', () => {
    expect(chooseCluster(story, [{ id: 'b1', fingerprint: copy.fingerprint, sortTime: '2024-06-13T02:00:00.000Z', clusterId: 'c9' }])).toMatchObject({ clusterId: 'c9', matchedId: 'b1' });
    expect(chooseCluster(story, [{ id: 'b1', fingerprint: copy.fingerprint, sortTime: '2024-06-13T02:00:00.000Z' }]).clusterId).toBe('b1');
  });

  it('starts its own cluster when no candidate is the same story, is too old or is itself', () => {
    expect(chooseCluster(story, [{ id: 'x', fingerprint: other.fingerprint }]).clusterId).toBe('a1');
    expect(chooseCluster(story, [{ id: 'old', fingerprint: copy.fingerprint, sortTime: '2024-05-01T00:00:00.000Z' }]).clusterId).toBe('a1');
    expect(chooseCluster(story, [{ id: 'a1', fingerprint: copy.fingerprint }]).clusterId).toBe('a1');
    expect(chooseCluster(story, [{ id: 'bad', fingerprint: 'garbage' }]).clusterId).toBe('a1');
  });

  it('gives the band keys and the fingerprint the band index stores', () => {
    expect(copy.bandKeys).toHaveLength(BAND_COUNT + 1);
    expect(decodeFingerprint(copy.fingerprint)).toBeDefined();
  });

  it('looks back one window from now', () => {
    expect(clusterWindowStart('2024-06-13T00:00:00.000Z', 24)).toBe('2024-06-12T00:00:00.000Z');
  });
});
