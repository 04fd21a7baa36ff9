import { describe, expect, it } from 'vitest';
import { detectLanguage, primaryLanguage, resolveLanguage } from '../../shared/normalize/language.js';

describe('language', () => {
  it.each([
    ['en-US', 'en'],
    ['id_ID', 'id'],
    ['in', 'id'],
    ['IND', 'id'],
    ['de-DE-1996', 'de'],
    ['fre', 'fr'],
    ['es-419', 'es'],
    ['English', 'en'],
  ])('reduces "%s" to the BCP 47 primary subtag "%s"', (tag, expected) => {
    expect(primaryLanguage(tag)).toBe(expected);
  });

  it('rejects a tag that is not a language ("x-unknown!")', () => {
    expect(primaryLanguage('x-unknown!')).toBeUndefined();
  });

  it('takes the item language first, then the feed, then the partner default', () => {
    expect(resolveLanguage(['fr-FR', 'en', 'de'], '')).toBe('fr');
    expect(resolveLanguage([undefined, 'en-GB', 'de'], '')).toBe('en');
    expect(resolveLanguage([undefined, undefined, 'de'], '')).toBe('de');
  });

  it.each([
    ['id', 'Pemimpin Korea Utara Kim Jong Un mengatakan bahwa negaranya adalah rekan seperjuangan yang tak terkalahkan dengan Rusia.'],
    ['en', 'North Korean leader Kim Jong Un said his country is an invincible comrade-in-arms of Russia, state media reported on Thursday.'],
    ['fr', 'La SNCF prévoit de supprimer un TGV sur deux ce week-end sur l’axe Sud-Est en raison d’une grève des contrôleurs.'],
    ['de', 'Nach monatelangem Streit hat der Bundestag das umstrittene Heizungsgesetz der Ampel-Koalition beschlossen.'],
    ['es', 'El incendio forestal declarado el jueves ha obligado a desalojar a unas 1.500 personas de varios municipios del interior.'],
  ])('detects "%s" when nothing states a language: "%s"', (lang, text) => {
    expect(resolveLanguage([undefined, undefined, undefined], text)).toBe(lang);
  });

  it('does not guess from a few words ("Breaking news")', () => {
    expect(detectLanguage('Breaking news')).toBeUndefined();
  });
});
