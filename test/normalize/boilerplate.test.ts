import { describe, expect, it } from 'vitest';
import { extractRelatedLinks, isBoilerplate, matchRelated, removeBoilerplate, removeRepeatedTitle } from '../../shared/normalize/boilerplate.js';
import { parseHtml, toHtml } from '../../shared/normalize/dom.js';
import { paragraphize } from '../../shared/normalize/paragraphs.js';

const run = (html: string) => {
  const doc = parseHtml(html);
  paragraphize(doc);
  const links = extractRelatedLinks(doc);
  const removed = removeBoilerplate(doc);
  return { links, removed, html: toHtml(doc) };
};

describe('related links: "read also" lines', () => {
  const cases: Array<[string, string, string]> = [
    ['id', 'Baca Juga: Putin Bakal Kunjungi Korea Utara dan Vietnam, Apa Agendanya?', 'Putin Bakal Kunjungi Korea Utara dan Vietnam, Apa Agendanya?'],
    ['id', 'Baca juga Gempa Susulan Terus Terjadi, Warga Diminta Waspada', 'Gempa Susulan Terus Terjadi, Warga Diminta Waspada'],
    ['id', 'BACA JUGA: Harga Emas Antam Turun Hari Ini', 'Harga Emas Antam Turun Hari Ini'],
    ['id', 'Lihat Juga: Harga Minyak Naik Tipis', 'Harga Minyak Naik Tipis'],
    ['en', 'Read also: Amazon cloud unit growth beats estimates', 'Amazon cloud unit growth beats estimates'],
    ['en', 'Read more: Putin to visit North Korea and Vietnam', 'Putin to visit North Korea and Vietnam'],
    ['en', 'READ MORE: Stocks rally after cooler inflation report', 'Stocks rally after cooler inflation report'],
    ['en', 'Related: Stocks rally after cooler inflation report', 'Stocks rally after cooler inflation report'],
    ['fr', 'Lire aussi : Grève SNCF : quels sont vos droits ?', 'Grève SNCF : quels sont vos droits ?'],
    ['fr', 'À lire aussi : Les prévisions de trafic', 'Les prévisions de trafic'],
    ['fr', 'A lire aussi - Les prévisions de trafic', 'Les prévisions de trafic'],
    ['de', 'Lesen Sie auch: Was das Heizungsgesetz für Mieter bedeutet', 'Was das Heizungsgesetz für Mieter bedeutet'],
    ['de', 'Mehr zum Thema: So schützen Sie Ihr Haus vor Hochwasser', 'So schützen Sie Ihr Haus vor Hochwasser'],
    ['es', 'Lea también: La sequía agrava el riesgo de incendios', 'La sequía agrava el riesgo de incendios'],
    ['es', 'Lee también: “El fuego avanza hacia Teruel”', 'El fuego avanza hacia Teruel'],
  ];
  it.each(cases)('turns the %s line "%s" into a related link', (_lang, line, title) => {
    expect(matchRelated(line)?.rest).toBe(title);
    const { links, html } = run(`<p>Story.</p><p>${line}</p><p>More story.</p>`);
    expect(links).toEqual([{ title }]);
    expect(html).toBe('<p>Story.</p><p>More story.</p>');
  });

  it.each([
    ['en', 'Related to the case, police arrested two men.'],
    ['en', 'Read more books, the minister urged pupils.'],
    ['de', 'Mehr zum Thema Wohnen gibt es im Herbst.'],
    ['es', 'Ver también es importante, dijo el director.'],
    ['id', 'Bacaan juga penting bagi siswa.'],
    ['id', 'Baca juga laporan keuangan perusahaan yang dirilis pekan lalu, yang menunjukkan laba bersih naik 12% secara tahunan menjadi Rp 3,2 triliun, didorong oleh kenaikan penjualan di pasar domestik dan ekspor ke Asia Tenggara.'],
    ['fr', 'Lire aussi le rapport publié mardi par la Cour des comptes, qui pointe une dérive des dépenses de fonctionnement de plusieurs ministères et recommande une réduction de dix pour cent des effectifs administratifs d’ici trois ans.'],
  ])('leaves the %s sentence "%s" in the body', (_lang, line) => {
    expect(matchRelated(line)).toBeUndefined();
  });

  it('keeps the URL of a linked "Baca Juga" title, made absolute by the sanitizer', () => {
    const { links } = run('<p><strong>Baca Juga:</strong> <a href="https://kontan.co.id/news/putin">Putin Bakal Kunjungi Korea Utara</a></p>');
    expect(links).toEqual([{ title: 'Putin Bakal Kunjungi Korea Utara', url: 'https://kontan.co.id/news/putin' }]);
  });

  it('takes one link per title from "Read more: <a>A</a> | <a>B</a>"', () => {
    const { links } = run('<p>Read more: <a href="https://x.example/a">First story</a> | <a href="https://x.example/b">Second story</a></p>');
    expect(links).toEqual([
      { title: 'First story', url: 'https://x.example/a' },
      { title: 'Second story', url: 'https://x.example/b' },
    ]);
  });

  it('takes the list after a bare "Lesen Sie auch:" heading line', () => {
    const { links, html } = run('<p>Text.</p><p>Lesen Sie auch:</p><ul><li><a href="https://x.example/1">Eins</a></li><li><a href="https://x.example/2">Zwei</a></li></ul><p>Weiter.</p>');
    expect(links.map((l) => l.title)).toEqual(['Eins', 'Zwei']);
    expect(html).toBe('<p>Text.</p><p>Weiter.</p>');
  });

  it('takes "Related" with a link even without a colon', () => {
    const { links } = run('<p>Related <a href="https://x.example/r">Fed minutes show caution</a></p>');
    expect(links).toEqual([{ title: 'Fed minutes show caution', url: 'https://x.example/r' }]);
  });
});

describe('boilerplate: furniture paragraphs', () => {
  const cases: Array<[string, string]> = [
    ['en', 'ADVERTISEMENT'],
    ['en', 'Advertisement'],
    ['en', 'SCROLL TO CONTINUE WITH CONTENT'],
    ['en', 'Share this article'],
    ['en', 'Follow us on Twitter'],
    ['id', 'Iklan'],
    ['id', 'Cek Berita dan Artikel yang lain di Google News'],
    ['id', 'Ikuti berita terkini dari Investor.id di Google News'],
    ['id', 'Bagikan artikel ini'],
    ['fr', 'Publicité'],
    ['fr', 'Partager cet article'],
    ['fr', 'Suivez-nous sur Facebook'],
    ['de', 'Anzeige'],
    ['de', 'Werbung'],
    ['de', 'Artikel teilen'],
    ['de', 'Folgen Sie uns auf Instagram'],
    ['es', 'Publicidad'],
    ['es', 'Compartir este artículo'],
    ['es', 'Síguenos en Twitter'],
    ['id', '(rdp/imk)'],
  ];
  it.each(cases)('removes the %s paragraph "%s"', (_lang, line) => {
    expect(isBoilerplate(line)).toBe(true);
    const { html, removed } = run(`<p>Story.</p><p>${line}</p><p>More.</p>`);
    expect(removed).toBe(1);
    expect(html).toBe('<p>Story.</p><p>More.</p>');
  });

  it.each([
    ['en', 'Advertisement spending fell 4% in the quarter.'],
    ['id', 'Iklan rokok dilarang di televisi mulai tahun depan.'],
    ['fr', 'La publicité en ligne progresse.'],
    ['de', 'Die Anzeige wurde am Montag erstattet.'],
    ['es', 'Compartir datos con terceros será ilegal, dijo el ministro.'],
  ])('keeps the %s sentence "%s"', (_lang, line) => {
    expect(isBoilerplate(line)).toBe(false);
  });

  it('drops empty paragraphs and no-break-space paragraphs but keeps an image paragraph', () => {
    const { html } = run('<p>One.</p><p></p><p>&nbsp;</p><p><img src="https://x.example/a.jpg"></p><p>Two.</p>');
    expect(html).toBe('<p>One.</p><p><img src="https://x.example/a.jpg" /></p><p>Two.</p>');
  });
});

describe('boilerplate: "continue reading" links', () => {
  it.each([
    ['en', '<a href="https://x.example/story">Continue reading...</a>'],
    ['en', '<p><a href="https://x.example/story">Read more »</a></p>'],
    ['id', '<p><a href="https://x.example/story">Baca selengkapnya</a></p>'],
    ['fr', '<p><a href="https://x.example/story">Lire la suite</a></p>'],
    ['de', '<p><a href="https://x.example/story">Weiterlesen</a></p>'],
    ['es', '<p><a href="https://x.example/story">Seguir leyendo</a></p>'],
  ])('drops the %s link "%s" and makes no related link of it', (_lang, html) => {
    const { links, html: out } = run(`<p>Story.</p>${html}`);
    expect(links).toEqual([]);
    expect(out).toBe('<p>Story.</p>');
  });
});

describe('boilerplate: a heading repeating the title', () => {
  it.each([
    ['id', 'Kim Jong Un Sebut Rusia Rekan Seperjuangan'],
    ['en', 'Fed holds rates steady, sees one cut'],
    ['fr', 'Grève à la SNCF : un TGV sur deux supprimé'],
    ['de', 'Bundestag beschließt Heizungsgesetz'],
    ['es', 'El incendio obliga a desalojar a 1.500 personas'],
  ])('removes a first <h1> repeating the %s title "%s"', (_lang, title) => {
    const doc = parseHtml(`<h1>${title.toUpperCase()}</h1><p>Story.</p><h2>${title}</h2>`);
    expect(removeRepeatedTitle(doc, title)).toBe(true);
    expect(toHtml(doc)).toBe(`<p>Story.</p><h2>${title}</h2>`);
  });

  it('keeps a first paragraph that differs from the title', () => {
    const doc = parseHtml('<p>Kim hails Russia in a message.</p>');
    expect(removeRepeatedTitle(doc, 'Kim hails Russia')).toBe(false);
  });

  it('removes a first line as long as twice the title when the title compares that long (ẞ and ß read as "ss")', () => {
    // The quick length check (more word characters than twice the title's length cannot match) must not refuse it.
    const doc = parseHtml('<p>SS ss</p><p>Story.</p>');
    expect(removeRepeatedTitle(doc, 'ẞ ß')).toBe(true);
    expect(toHtml(doc)).toBe('<p>Story.</p>');
    expect(removeRepeatedTitle(parseHtml('<p>SS sss</p>'), 'ẞ ß')).toBe(false);
  });
});
