import { describe, expect, it } from 'vitest';
import { cleanBody } from '../../shared/normalize/body.js';
import { SUMMARY_MAX, cutAtWord, paragraphText } from '../../shared/normalize/paragraph-text.js';

describe('plain text', () => {
  it('separates paragraphs with a blank line and collapses whitespace', () => {
    expect(paragraphText('<p>  One\n   two  </p>\n\n<p>Three&nbsp;&nbsp;four</p>')).toBe('One two\n\nThree four');
  });

  it('decodes entities: "Caf&eacute; &amp; cr&egrave;me &#8211; 5&nbsp;&euro;"', () => {
    expect(paragraphText('<p>Caf&eacute; &amp; cr&egrave;me &#8211; 5&nbsp;&euro;</p>')).toBe('Café & crème – 5 €');
  });

  it('gives headings, list items and captions their own paragraphs and rows one line', () => {
    expect(paragraphText('<h2>Title</h2><ul><li>a</li><li>b</li></ul><figure><img src="https://x.example/a.jpg"><figcaption>Cap</figcaption></figure><table><tr><td>x</td><td>1</td></tr></table>')).toBe(
      'Title\n\na\n\nb\n\nCap\n\nx | 1',
    );
  });

  it('turns plain text with newlines into paragraphs', () => {
    expect(cleanBody('Line one.\nLine two.', undefined).text).toBe('Line one.\n\nLine two.');
  });

  it('splits hard-wrapped plain text on blank lines only', () => {
    expect(cleanBody('First paragraph that was\nwrapped at the margin.\n\nSecond one.', undefined).text).toBe(
      'First paragraph that was wrapped at the margin.\n\nSecond one.',
    );
  });

  it('keeps newlines inside a <p> as spaces (source formatting)', () => {
    expect(cleanBody('<p>One sentence\nwrapped.</p>', undefined).text).toBe('One sentence wrapped.');
  });
});

describe('summary cut', () => {
  it('keeps a short text whole', () => {
    expect(cutAtWord('Kim hails Russia.')).toBe('Kim hails Russia.');
  });

  it('cuts a long text at a word boundary with an ellipsis, within the limit', () => {
    const text = 'Menurut kantor berita Yonhap Korea Selatan pada hari Kamis pagi yang mengutip seorang pejabat senior di kantor kepresidenan, '.repeat(5);
    const cut = cutAtWord(text);
    expect(cut.length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(cut.endsWith('…')).toBe(true);
    expect(text.startsWith(cut.slice(0, -1))).toBe(true);
    expect(text[cut.length - 1]).toMatch(/[\s,]/);
  });

  it.each([
    ['id', 'Menurut kantor berita Yonhap Korea Selatan pada hari Kamis pagi, kunjungan Putin ke Korea Utara diharapkan berlangsung dalam beberapa hari mendatang.'],
    ['en', 'Federal Reserve officials held interest rates steady on Wednesday and pushed out the start of rate cuts to perhaps as late as December.'],
    ['fr', 'La SNCF prévoit de supprimer un TGV sur deux ce week-end sur l’axe Sud-Est en raison d’une grève des contrôleurs.'],
    ['de', 'Nach monatelangem Streit hat der Bundestag das umstrittene Heizungsgesetz der Ampel-Koalition beschlossen.'],
    ['es', 'El incendio forestal declarado el jueves en Villanueva de Viver ha obligado a desalojar a unas 1.500 personas.'],
  ])('cuts the %s sentence "%s" between words', (_lang, sentence) => {
    const cut = cutAtWord(sentence, 60);
    expect(cut.length).toBeLessThanOrEqual(60);
    expect(cut.endsWith('…')).toBe(true);
    const kept = cut.slice(0, -1);
    expect(sentence.startsWith(kept)).toBe(true);
    expect(sentence.slice(kept.length)).toMatch(/^[\s,.;:]/);
  });

  it('drops the comma before the ellipsis: "a, b, c" cut after "b"', () => {
    expect(cutAtWord('alpha beta, gamma delta', 13)).toBe('alpha beta…');
  });
});

describe('paragraphs: breaks nested in inline markup', () => {
  it('splits "<p><strong>Sumber: Reuters | Editor: X<br></strong>KONTAN.CO.ID - SEOUL. Pemimpin…</p>" into credit line and lead', () => {
    const body = cleanBody('<p><strong>Sumber: Reuters | Editor: Barratut Taqiyyah Rafie<br></strong>KONTAN.CO.ID - SEOUL. Pemimpin Korea Utara.</p>', undefined);
    expect(body.attribution).toEqual({ source: 'Reuters', editor: 'Barratut Taqiyyah Rafie', authors: [] });
    expect(body.lead).toEqual({ publisher: 'KONTAN.CO.ID', dateline: 'SEOUL' });
    expect(body.html).toBe('<p>Pemimpin Korea Utara.</p>');
  });

  it('clones an inline wrapper that straddles a break: "<em>Lire aussi : A<br>B</em>"', () => {
    const body = cleanBody('<p>Texte.</p><p><em>Lire aussi : Grève<br>Suite du texte</em></p>', undefined);
    expect(body.relatedLinks).toEqual([{ title: 'Grève' }]);
    expect(body.html).toBe('<p>Texte.</p><p><em>Suite du texte</em></p>');
  });
});

describe('paragraphs: inline markup around blocks', () => {
  it('unwraps "<p><b><table>…</table></b></p>" so that no paragraph holds a table', () => {
    const body = cleanBody('<p><b>Title</b></p><p><b><table><tr><td><div><div>Cell one</div><div>Cell two</div></div></td></tr></table></b></p>', undefined);
    expect(body.html).toBe('<p><b>Title</b></p><table><tr><td><p>Cell one</p><p>Cell two</p></td></tr></table>');
    expect(body.text).toBe('Title\n\nCell one Cell two');
  });
});
