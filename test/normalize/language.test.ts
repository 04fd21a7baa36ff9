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

  it('prefers the language detected over the whole feed when an item is short', () => {
    const short = 'Lightroom-Alternative: DxO bringt PhotoLab 2 mit neuer Bildverwaltung';
    expect(resolveLanguage([], short, () => 'de')).toBe('de');
  });

  it("keeps an item's own language when its text is long and the detector sure", () => {
    const long = 'Federal Reserve officials held interest rates steady on Wednesday and pushed out the start of rate cuts to perhaps as late as December, with policymakers projecting only a single quarter-percentage-point reduction this year. '.repeat(2);
    expect(resolveLanguage([], long, () => 'de')).toBe('en');
  });

  it('never answers Latin or Esperanto for a short English title ("Kinder Surprise Tiger repainting | submitted by aquamine to pics")', () => {
    expect(detectLanguage('Kinder Surprise Tiger repainting | submitted by aquamine to pics [link] [431 comments]')).not.toMatch(/^(la|eo)$/);
  });

  it('does not guess from a few words ("Breaking news")', () => {
    expect(detectLanguage('Breaking news')).toBeUndefined();
  });
});
