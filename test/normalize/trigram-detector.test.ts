import { readFileSync } from 'node:fs';
import { francAll } from 'franc-min';
import { describe, expect, it } from 'vitest';
import { NEWS_LANGUAGES } from '../../shared/normalize/news-languages.js';
import { rankLanguages } from '../../shared/normalize/trigram-detector.js';

/** franc-min (a devDependency now) is the reference: the detector must rank exactly as it did with `only`. */
const franc = (text: string) => francAll(text, { only: Object.keys(NEWS_LANGUAGES) });
const texts = (name: string) =>
  readFileSync(new URL(`../fixtures/normalize/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => line.split('\t')[1]!);

describe('the trigram detector over the news languages\' profiles only', () => {
  const labelled = [...texts('language-labelled.tsv'), ...texts('language-heldout.tsv')];

  it('has the labelled texts to compare on', () => {
    expect(labelled.length).toBeGreaterThan(300);
  });

  it('ranks every labelled text, whole and in its first 30 characters, exactly as franc-min did', () => {
    for (const text of labelled) {
      expect(rankLanguages(text)).toEqual(franc(text));
      expect(rankLanguages(text.slice(0, 30))).toEqual(franc(text.slice(0, 30)));
    }
  });

  it('ranks the labelled texts run together (longer than franc reads) exactly as franc-min did', () => {
    const joined = labelled.join(' ');
    for (let start = 0; start < joined.length; start += 1500) {
      const sample = joined.slice(start, start + 4000);
      expect(rankLanguages(sample)).toEqual(franc(sample));
    }
  });

  it.each([
    ['too short', 'Halo'],
    ['digits only', '1234567890 2024'],
    ['Korean, told by its script', '서울 경제 뉴스 속보입니다 오늘'],
    ['Greek, told by its script', 'Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα'],
    ['Amharic, a script of no news language', 'የኢትዮጵያ መንግስት ዛሬ አዲስ እርምጃዎችን አስታውቋል'],
    ['Bulgarian, a Cyrillic language left out', 'Правителството обяви днес нови мерки за икономиката'],
    ['Malay in Jawi', 'کراجأن مليسيا ممبري بنتوان کڤد رعيت'],
    ['Hindi', 'सरकार ने आज अर्थव्यवस्था के लिए नए उपायों की घोषणा की'],
    ['mixed scripts', 'Tokyo 東京 news ニュース 速報 today'],
  ])('ranks %s exactly as franc-min did', (_name, text) => {
    expect(rankLanguages(text)).toEqual(franc(text));
  });
});
