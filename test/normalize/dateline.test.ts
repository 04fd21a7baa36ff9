import { describe, expect, it } from 'vitest';
import { extractLead, matchLead } from '../../shared/normalize/dateline.js';
import { parseHtml, toHtml } from '../../shared/normalize/dom.js';
import { paragraphize } from '../../shared/normalize/paragraphs.js';

describe('dateline and publisher: leads', () => {
  const cases: Array<[string, string, { dateline?: string; publisher?: string; source?: string }, string]> = [
    ['id', 'KONTAN.CO.ID - SEOUL. Pemimpin Korea Utara Kim Jong Un mengatakan', { publisher: 'KONTAN.CO.ID', dateline: 'SEOUL' }, 'Pemimpin'],
    ['id', 'KONTAN.CO.ID-JAKARTA. Rupiah spot ditutup melemah', { publisher: 'KONTAN.CO.ID', dateline: 'JAKARTA' }, 'Rupiah'],
    ['id', 'JAKARTA, KOMPAS.com - Gempa bumi berkekuatan magnitudo 5,6', { dateline: 'JAKARTA', publisher: 'KOMPAS.com' }, 'Gempa'],
    ['id', 'Bisnis.com, JAKARTA - Nilai tukar rupiah', { publisher: 'Bisnis.com', dateline: 'JAKARTA' }, 'Nilai'],
    ['id', 'TEMPO.CO, Jakarta - Pemimpin Korea Utara', { publisher: 'TEMPO.CO', dateline: 'Jakarta' }, 'Pemimpin'],
    ['id', 'JAKARTA (ANTARA) - Presiden Joko Widodo meresmikan', { dateline: 'JAKARTA', source: 'ANTARA' }, 'Presiden'],
    ['en', 'SEOUL, June 13 (Reuters) - North Korean leader Kim Jong Un', { dateline: 'SEOUL', source: 'Reuters' }, 'North'],
    ['en', 'WASHINGTON (AP) — The Senate voted', { dateline: 'WASHINGTON', source: 'AP' }, 'The'],
    ['en', 'SAN FRANCISCO/NEW YORK, May 2 (Reuters) - Apple forecast', { dateline: 'SAN FRANCISCO/NEW YORK', source: 'Reuters' }, 'Apple'],
    ['en', 'WASHINGTON — The president signed', { dateline: 'WASHINGTON' }, 'The'],
    ['fr', 'PARIS (AFP) - La SNCF prévoit de supprimer', { dateline: 'PARIS', source: 'AFP' }, 'La'],
    ['fr', 'PARIS, 13 juin (Reuters) - Le gouvernement', { dateline: 'PARIS', source: 'Reuters' }, 'Le'],
    ['de', 'BERLIN (dpa) - Der Bundestag hat', { dateline: 'BERLIN', source: 'dpa' }, 'Der'],
    ['de', 'Frankfurt/Main (dpa) - Die Börse', { dateline: 'Frankfurt/Main', source: 'dpa' }, 'Die'],
    ['de', 'München (dpa/lby) - Der Freistaat', { dateline: 'München', source: 'dpa' }, 'Der'],
    ['de', 'BERLIN, 13. Juni (Reuters) - Die Bundesregierung', { dateline: 'BERLIN', source: 'Reuters' }, 'Die'],
    ['es', 'MADRID, 13 Jun. (EUROPA PRESS) - El Gobierno', { dateline: 'MADRID', source: 'Europa Press' }, 'El'],
    ['es', 'CASTELLÓN, 24 Mar. (EFE) - El incendio forestal', { dateline: 'CASTELLÓN', source: 'EFE' }, 'El'],
    ['es', 'CIUDAD DE MÉXICO (AP) — El presidente', { dateline: 'CIUDAD DE MÉXICO', source: 'AP' }, 'El'],
    ['en', 'May 2 (Reuters) - Apple forecast a return', { source: 'Reuters' }, 'Apple'],
    ['id', 'Jakarta, CNN Indonesia -- Presiden Joko Widodo meresmikan', { dateline: 'Jakarta', publisher: 'CNN Indonesia' }, 'Presiden'],
    ['id', 'Jakarta - Presiden Joko Widodo meresmikan', { dateline: 'Jakarta' }, 'Presiden'],
    ['id', 'Suara.com - Presiden Joko Widodo meresmikan', { publisher: 'Suara.com' }, 'Presiden'],
    ['id', 'REPUBLIKA.CO.ID, JAKARTA -- Presiden Joko Widodo', { publisher: 'REPUBLIKA.CO.ID', dateline: 'JAKARTA' }, 'Presiden'],
    ['de', 'Berlin - Die Bundesregierung will', { dateline: 'Berlin' }, 'Die'],
    ['en', '(Reuters) - Apple forecast a return', { source: 'Reuters' }, 'Apple'],
    ['fr', '13 juin (AFP) - Le gouvernement', { source: 'AFP' }, 'Le'],
    ['de', '13. Juni (dpa) - Die Regierung', { source: 'dpa' }, 'Die'],
  ];
  it.each(cases)('reads the %s lead "%s"', (_lang, text, expected, firstWord) => {
    const lead = matchLead(text);
    expect(lead).toBeDefined();
    const { length, ...found } = lead!;
    expect(found).toEqual(expected);
    expect(text.slice(length).split(' ')[0]).toBe(firstWord);
  });

  it.each([
    ['en', 'The president said on Monday that talks would resume.'],
    ['en', 'NATO said it would send more troops.'],
    ['id', 'Harga beras naik - kata pedagang - sejak pekan lalu.'],
    ['fr', 'Le gouvernement (Matignon) a annoncé mardi…'],
    ['de', 'Berlin ist die Hauptstadt.'],
    ['es', 'El Gobierno (PSOE) aprobó la ley.'],
    ['en', 'UPDATE - The figures were revised.'],
    ['en', 'BREAKING — The Senate voted.'],
    ['en', 'June 13 (local time) - the storm hit.'],
    ['en', 'Tesla — Elon Musk’s carmaker — said on Monday.'],
    ['en', 'Update - The figures were revised.'],
    ['fr', 'Paris - la ville a annoncé.'],
  ])('finds no lead in the %s sentence "%s"', (_lang, text) => {
    expect(matchLead(text)).toBeUndefined();
  });
});

describe('dateline and publisher: the step', () => {
  const run = (html: string) => {
    const doc = parseHtml(html);
    paragraphize(doc);
    return { found: extractLead(doc), html: toHtml(doc) };
  };

  it('removes a lead set in bold and keeps the rest of the paragraph', () => {
    const { found, html } = run('<p><strong>KONTAN.CO.ID - SEOUL.</strong> Pemimpin Korea Utara <em>Kim</em>.</p>');
    expect(found).toEqual({ publisher: 'KONTAN.CO.ID', dateline: 'SEOUL' });
    expect(html).toBe('<p>Pemimpin Korea Utara <em>Kim</em>.</p>');
  });

  it('removes a lead that is a paragraph of its own', () => {
    const { found, html } = run('<p>WASHINGTON (AP) —</p><p>The Senate voted.</p>');
    expect(found).toEqual({ dateline: 'WASHINGTON', source: 'AP' });
    expect(html).toBe('<p>The Senate voted.</p>');
  });

  it('reads the lead of the second paragraph when the first is a standfirst heading', () => {
    const { found, html } = run('<h2>Kurz gesagt</h2><p>Berlin (dpa) - Der Bundestag hat.</p>');
    expect(found.dateline).toBe('Berlin');
    expect(html).toBe('<h2>Kurz gesagt</h2><p>Der Bundestag hat.</p>');
  });

  it('leaves a lead-like line further down the story alone', () => {
    const { found, html } = run('<p>Story.</p><p>More.</p><p>PARIS (AFP) - Other.</p>');
    expect(found).toEqual({});
    expect(html).toContain('PARIS (AFP)');
  });
});
