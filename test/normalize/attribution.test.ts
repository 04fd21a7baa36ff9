import { describe, expect, it } from 'vitest';
import { extractAttribution, parseAttributionLine, parseByline, parseCredits } from '../../shared/normalize/attribution.js';
import { paragraphize } from '../../shared/normalize/paragraphs.js';
import { parseHtml, toHtml } from '../../shared/normalize/dom.js';

describe('attribution: credit lines', () => {
  const cases: Array<[string, string, { source?: string; editor?: string; authors: string[] }]> = [
    ['id', 'Sumber: Reuters | Editor: Barratut Taqiyyah Rafie', { source: 'Reuters', editor: 'Barratut Taqiyyah Rafie', authors: [] }],
    ['id', 'Reporter: Nadya Zahira | Editor: Tendi Mahadi', { editor: 'Tendi Mahadi', authors: ['Nadya Zahira'] }],
    ['id', 'Penulis: Ahmad Fauzi dan Siti Rahma Editor: Rio Sandy Pradana', { editor: 'Rio Sandy Pradana', authors: ['Ahmad Fauzi', 'Siti Rahma'] }],
    ['en', 'Source: Reuters', { source: 'Reuters', authors: [] }],
    ['en', 'Source: Associated Press', { source: 'AP', authors: [] }],
    ['fr', 'Source : AFP', { source: 'AFP', authors: [] }],
    ['de', 'Quelle: dpa', { source: 'dpa', authors: [] }],
    ['de', 'Autor: Jonas Weber · Redaktion: Anna Schmidt', { editor: 'Anna Schmidt', authors: ['Jonas Weber'] }],
    ['es', 'Fuente: EFE', { source: 'EFE', authors: [] }],
    ['es', 'Autor: Ana García; Editado por: Luis Pérez', { editor: 'Luis Pérez', authors: ['Ana García'] }],
  ];
  it.each(cases)('reads the %s line "%s"', (_lang, line, expected) => {
    const found = parseAttributionLine(line);
    expect(found).toBeDefined();
    expect(found!.source).toBe(expected.source);
    expect(found!.editor).toBe(expected.editor);
    expect(found!.authors).toEqual(expected.authors);
  });

  it.each([
    ['en', 'The source: a senior official who asked not to be named.'],
    ['id', 'Menurut sumber: pejabat senior di kantor kepresidenan.'],
    ['en', 'Officials said the editor: of the paper had resigned'],
    ['en', 'Source: Reuters The president said on Monday that talks with the opposition would resume next week after a pause.'],
    ['de', 'Quelle: dpa Der Bundestag hat am Freitag das Gesetz beschlossen.'],
    ['id', 'Sumber: Reuters | Editor: Barratut Taqiyyah Rafie KONTAN.CO.ID - SEOUL. Pemimpin Korea Utara Kim Jong Un mengatakan.'],
  ])('leaves the %s sentence "%s" alone', (_lang, line) => {
    expect(parseAttributionLine(line)).toBeUndefined();
  });
});

describe('attribution: bylines', () => {
  const cases: Array<[string, string, string[], string?]> = [
    ['en', 'By Hyonhee Shin and Ju-min Park', ['Hyonhee Shin', 'Ju-min Park']],
    ['en', 'By Jane Doe, John Roe and Max Mustermann', ['Jane Doe', 'John Roe', 'Max Mustermann']],
    ['en', 'By Jane Doe, Reuters', ['Jane Doe'], 'Reuters'],
    ['en', 'By: Patrik Höglund', ['Patrik Höglund']],
    ['id', 'Oleh Ahmad Fauzi dan Siti Rahma', ['Ahmad Fauzi', 'Siti Rahma']],
    ['fr', 'Par Jean Dupont et Marie Curie', ['Jean Dupont', 'Marie Curie']],
    ['de', 'Von Anna Schmidt und Jonas Weber', ['Anna Schmidt', 'Jonas Weber']],
    ['es', 'Por Ana García y Luis Pérez', ['Ana García', 'Luis Pérez']],
  ];
  it.each(cases)('splits the %s byline "%s" into authors', (_lang, line, authors, source) => {
    const found = parseByline(line);
    expect(found?.authors).toEqual(authors);
    expect(found?.source).toBe(source);
  });

  it.each([
    ['en', 'By the end of the year, the company will have cut 2,000 jobs.'],
    ['fr', 'Par ailleurs, le gouvernement a annoncé de nouvelles mesures.'],
    ['de', 'Von Montag an gilt die neue Regel.'],
    ['es', 'Por la tarde, el presidente se reunió con los alcaldes.'],
    ['id', 'Oleh karena itu, pemerintah menaikkan harga.'],
  ])('does not take the %s sentence "%s" for a byline', (_lang, line) => {
    expect(parseByline(line)).toBeUndefined();
  });
});

describe('attribution: closing credits', () => {
  it('reads "(Reporting by Hyonhee Shin; Editing by Ed Davies)"', () => {
    expect(parseCredits('(Reporting by Hyonhee Shin; Editing by Ed Davies)')).toEqual({ authors: ['Hyonhee Shin'], editor: 'Ed Davies' });
  });
  it('reads "(Reporting by Ann Saphir and Howard Schneider; Additional reporting by Lindsay Dunsmuir in Washington; Editing by Paul Simao)"', () => {
    expect(
      parseCredits('(Reporting by Ann Saphir and Howard Schneider; Additional reporting by Lindsay Dunsmuir in Washington; Editing by Paul Simao)'),
    ).toEqual({ authors: ['Ann Saphir', 'Howard Schneider', 'Lindsay Dunsmuir'], editor: 'Paul Simao' });
  });
  it('reads the Spanish "(Información de Ana García; Editado en español por Luis Pérez)"', () => {
    expect(parseCredits('(Información de Ana García; Editado en español por Luis Pérez)')).toEqual({ authors: ['Ana García'], editor: 'Luis Pérez' });
  });
  it('reads "Reporting by Hyonhee Shin in Seoul and Ju-min Park in Tokyo; Editing by Ed Davies" without parentheses', () => {
    expect(parseCredits('Reporting by Hyonhee Shin in Seoul and Ju-min Park in Tokyo; Editing by Ed Davies')).toEqual({
      authors: ['Hyonhee Shin', 'Ju-min Park'],
      editor: 'Ed Davies',
    });
  });
  it('reads the French "(Rédigé par Jean Dupont, édité par Marie Curie)" only when every part is a credit', () => {
    expect(parseCredits('(Rédigé par Jean Dupont; Édité par Marie Curie)')).toEqual({ authors: ['Jean Dupont'], editor: 'Marie Curie' });
  });
  it('reads the German "(Geschrieben von Anna Schmidt; Redigiert von Jonas Weber)"', () => {
    expect(parseCredits('(Geschrieben von Anna Schmidt; Redigiert von Jonas Weber)')).toEqual({ authors: ['Anna Schmidt'], editor: 'Jonas Weber' });
  });
  it('leaves the sentence "Writing by hand is becoming rare among pupils." alone', () => {
    expect(parseCredits('Writing by hand is becoming rare among pupils.')).toBeUndefined();
  });
  it('reads the Indonesian closing agency tag "(Antara)" as the source', () => {
    expect(parseCredits('(Antara)')).toEqual({ source: 'ANTARA', authors: [] });
  });
  it('reads a closing agency tag "(dpa)" as the source', () => {
    expect(parseCredits('(dpa)')).toEqual({ source: 'dpa', authors: [] });
  });
  it('leaves a parenthesised sentence "(The figures were revised on Monday.)" alone', () => {
    expect(parseCredits('(The figures were revised on Monday.)')).toBeUndefined();
  });
});

describe('attribution: the step', () => {
  const run = (html: string) => {
    const doc = parseHtml(html);
    paragraphize(doc);
    const found = extractAttribution(doc);
    return { found, html: toHtml(doc) };
  };

  it('removes the credit line above the lead and the credits at the end', () => {
    const { found, html } = run('<p>Sumber: Reuters | Editor: X Y</p><p>Body one.</p><p>Body two.</p><p>(Reporting by A B; Editing by C D)</p>');
    expect(found).toEqual({ source: 'Reuters', editor: 'X Y', authors: ['A B'] });
    expect(html).toBe('<p>Body one.</p><p>Body two.</p>');
  });

  it('keeps a credit-like paragraph in the middle of a long story', () => {
    const body = ['One.', 'Two.', 'Three.', 'Source: a person familiar with the matter.', 'Five.', 'Six.', 'Seven.'].map((p) => `<p>${p}</p>`).join('');
    const { html } = run(body);
    expect(html).toContain('Source: a person familiar');
  });

  it('reads a byline only at the top: "By Jane Doe" at the end stays', () => {
    const { found, html } = run('<p>By Jane Doe</p><p>One.</p><p>Two.</p><p>Three.</p><p>By John Roe</p>');
    expect(found.authors).toEqual(['Jane Doe']);
    expect(html).toBe('<p>One.</p><p>Two.</p><p>Three.</p><p>By John Roe</p>');
  });
});
