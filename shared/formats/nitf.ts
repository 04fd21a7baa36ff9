import type { Media } from '../model/article.js';
import type { ParseContext, WireItem } from '../model/wire-item.js';
import { type FeedDoc, absolutizeHtml, addMedia, withoutUndefined, emptyItem, itemLabel, mediumOf, personName, plainText, posInt, pushUnique, readDate, setEmbargo, xmlLang } from './common.js';
import { parseDate } from './dates.js';
import { resolveUrl } from './text.js';
import { type XmlDocument, type XmlElement, attr, deepText, innerXml, trimmed } from './xml.js';

/** Read an IPTC NITF 3.x document: one story, one item. */
export function parseDocument(doc: XmlDocument, ctx: ParseContext): FeedDoc {
  const root = doc.root!;
  // The document is the story: cut off anywhere, there is no complete item.
  if (root.cut) return { items: [] };
  const warnings: string[] = [];
  const item = readNitf(doc, root, ctx, warnings);
  const title = item.title;
  return withoutUndefined({ title, language: item.language, items: [item], warnings });
}


const find = (el: XmlElement | undefined, local: string): XmlElement | undefined => el?.children.find((c) => c.local === local);
const findAll = (el: XmlElement | undefined, local: string): XmlElement[] => el?.children.filter((c) => c.local === local) ?? [];

/**
 * Read one <nitf> element (a whole document, or NITF `embedded` in a NewsML-G2 inlineXML); unreadable dates go to
 * `warnings`.
 */
export function readNitf(doc: XmlDocument, nitf: XmlElement, ctx: ParseContext, warnings: string[], embedded = false): WireItem {
  const item = emptyItem();
  const head = find(nitf, 'head');
  const body = find(nitf, 'body');
  const docdata = find(head, 'docdata');
  const bodyHead = find(body, 'body.head');
  const base = ctx.url;

  item.guid = trimmed(attr(find(docdata, 'doc-id'), 'id-string'));

  const copyright = find(docdata, 'doc.copyright');
  const holder = trimmed(attr(copyright, 'holder'));
  const year = trimmed(attr(copyright, 'year'));
  if (holder) item.rights = year ? `Copyright ${year} ${holder}` : `Copyright ${holder}`;
  const docRights = find(docdata, 'doc.rights');
  if (!item.rights && docRights) item.rights = trimmed(attr(docRights, 'owner')) ?? plainText(deepText(doc, docRights));

  // Revision: du-key@version, else the count of revision-history entries.
  const duKey = find(docdata, 'du-key');
  const revisions = findAll(head, 'revision-history').length;
  item.version = posInt(attr(duKey, 'version')) ?? (revisions > 0 ? revisions + 1 : undefined);

  if (isKilled(docdata)) item.status = 'canceled';
  else {
    const ms = trimmed(attr(docdata, 'management-status'))?.toLowerCase();
    if (ms === 'withheld') item.status = 'withheld';
    else if (ms === 'usable') item.status = 'usable';
  }

  for (const kl of findAll(docdata, 'key-list')) for (const k of findAll(kl, 'keyword')) pushUnique(item.categories, plainText(attr(k, 'key')));
  for (const tobj of findAll(head, 'tobject')) {
    for (const s of findAll(tobj, 'tobject.subject')) {
      pushUnique(item.categories, plainText(attr(s, 'tobject.subject.matter') ?? attr(s, 'tobject.subject.type')));
    }
  }

  const hedline = find(bodyHead, 'hedline');
  item.title = plainText(deepText(doc, find(hedline, 'hl1') ?? hedline ?? find(head, 'title') ?? emptyEl())) ?? plainText(find(head, 'title')?.text);

  // Read after the title so that a warning about an unreadable date can name the story.
  const label = itemLabel(item);
  const issue = find(docdata, 'date.issue');
  const release = find(docdata, 'date.release');
  const issued = readDate([trimmed(attr(issue, 'norm') ?? issue?.text)], warnings, label);
  const releaseText = trimmed(attr(release, 'norm') ?? release?.text);
  const released = releaseText === undefined ? undefined : parseDate(releaseText);
  item.publishedAt = issued ?? released;
  // date.release is the moment the story may be released: later than issue, it is an embargo. One that does not
  // read may be one, so a NITF story is held (setEmbargo warns) rather than published early; inside NewsML-G2
  // the item's own embargoed decides, and the date is only reported as ignored.
  if (releaseText !== undefined && released === undefined) {
    if (embedded) readDate([releaseText], warnings, label);
    else setEmbargo(item, releaseText, warnings, label);
  } else if (released && (!issued || released > issued)) item.embargoedUntil = released;

  for (const byline of findAll(bodyHead, 'byline')) {
    const persons = findAll(byline, 'person');
    if (persons.length) for (const p of persons) pushUnique(item.authors, personName(deepText(doc, p)));
    else {
      // A bare byline holds the display text, sometimes with a <byttl> title after the name.
      const clone = byline.children.length ? innerXml(doc, byline).replace(/<byttl[\s\S]*?<\/byttl>/g, '') : byline.text;
      pushUnique(item.authors, plainText(clone.replace(/<[^>]*>/g, ' ')));
    }
  }
  const dateline = find(bodyHead, 'dateline');
  if (dateline) {
    const city = find(find(dateline, 'location') ?? dateline, 'city') ?? find(dateline, 'location');
    item.dateline = plainText(city ? deepText(doc, city) : dateline.text);
  }
  const abstract = find(bodyHead, 'abstract');
  if (abstract) item.summaryHtml = bodyHtml(doc, abstract, base, item.media);
  const content = find(body, 'body.content');
  if (content) item.contentHtml = bodyHtml(doc, content, base, item.media);
  item.contentHtml ??= item.summaryHtml;
  item.language = xmlLang(content ?? body ?? nitf) ?? trimmed(attr(nitf, 'lang'));
  return withoutUndefined(item);
}

function emptyEl(): XmlElement {
  return { name: '', local: '', ns: '', attrs: {}, children: [], parent: undefined, text: '', innerStart: 0, innerEnd: 0, cut: false };
}

/** Kill notices: management-status="canceled", or an editorial message of type kill/withdraw. */
function isKilled(docdata: XmlElement | undefined): boolean {
  if (!docdata) return false;
  if (/^(?:canceled|cancelled|killed)$/i.test(attr(docdata, 'management-status') ?? '')) return true;
  for (const m of findAll(docdata, 'ed-msg')) {
    if (/kill|withdraw|cancel/i.test(`${attr(m, 'msg-type') ?? ''} ${attr(m, 'info') ?? ''}`)) return true;
  }
  return false;
}

/**
 * NITF body markup is close to HTML: <block> becomes <div>, <media> elements become media objects (and leave
 * the HTML), NITF-only inline tags (<person>, <location>, <org>, <chron>…) are unwrapped.
 */
function bodyHtml(doc: XmlDocument, el: XmlElement, base: string | undefined, media: Media[]): string | undefined {
  collectMedia(el, base, media, doc);
  let html = innerXml(doc, el)
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/<media\b[\s\S]*?<\/media>/g, '')
    .replace(/<(\/?)block\b/g, '<$1div')
    .replace(/<\/?(?:person|location|org|chron|event|function|object\.title|virtloc|money|num|frac|classifier|copyrite|copyrite\.year|copyrite\.holder|city|state|region|country|alt-code|postaddr|sublocation|pronounce|lang|tagline|bibliography|nitf-table-metadata)\b[^>]*>/g, '')
    .trim();
  if (!html) return undefined;
  return base ? absolutizeHtml(html, base) : html;
}

function collectMedia(el: XmlElement, base: string | undefined, media: Media[], doc: XmlDocument): void {
  for (const c of el.children) {
    if (c.local === 'media') {
      const type = trimmed(attr(c, 'media-type'));
      const caption = plainText(deepText(doc, find(c, 'media-caption') ?? emptyEl()));
      const credit = plainText(deepText(doc, find(c, 'media-producer') ?? emptyEl()));
      for (const ref of findAll(c, 'media-reference')) {
        const mime = trimmed(attr(ref, 'mime-type'));
        addMedia(media, {
          url: resolveUrl(attr(ref, 'source') ?? attr(ref, 'data-location'), base),
          type: mime,
          medium: type ?? mediumOf(mime),
          width: posInt(attr(ref, 'width')),
          height: posInt(attr(ref, 'height')),
          caption,
          credit,
        });
      }
    } else if (c.children.length) collectMedia(c, base, media, doc);
  }
}
