import type { Media } from '../model/article.js';
import type { ParseContext, WireItem } from '../model/wire-item.js';
import { type FeedDoc, absolutizeHtml, addMedia, withoutUndefined, emptyItem, itemLabel, mediumOf, personName, plainText, posInt, pushUnique, readDate, setEmbargo, xmlLang } from './common.js';
import { readNitf } from './nitf.js';
import { textToHtml } from '../model/plain-text.js';
import { resolveUrl } from './text.js';
import { type XmlDocument, type XmlElement, attr, complete, deepText, innerXml, trimmed } from './xml.js';

const find = (el: XmlElement | undefined, local: string): XmlElement | undefined => el?.children.find((c) => c.local === local);
const findAll = (el: XmlElement | undefined, local: string): XmlElement[] => el?.children.filter((c) => c.local === local) ?? [];

interface G2Item {
  el: XmlElement;
  guid?: string;
  itemClass: string;
  item: WireItem;
  /** guids this item links to (itemMeta/link residref), to attach pictures to their story. */
  links: string[];
}

/**
 * Read an IPTC NewsML-G2 document: a newsMessage holding newsItems (in itemSet), or a bare newsItem. Text items
 * become WireItems; picture/graphic/video items become media of the story that links them (or of the only story).
 */
export function parseDocument(doc: XmlDocument, ctx: ParseContext): FeedDoc {
  const root = doc.root!;
  const warnings: string[] = [];
  const newsItems: XmlElement[] = [];
  const collect = (el: XmlElement) => {
    for (const c of el.children) {
      if (c.local === 'newsItem') newsItems.push(c);
      else if (c.local === 'itemSet' || c.local === 'newsMessage') collect(c);
    }
  };
  if (root.local === 'newsItem') newsItems.push(root);
  else collect(root);
  if (root.local === 'packageItem') warnings.push('packageItem holds no story; nothing to read');

  const g2 = complete(newsItems).map((el) => readNewsItem(doc, el, ctx, warnings));
  const stories = g2.filter((x) => !isMediaClass(x.itemClass));
  const pictures = g2.filter((x) => isMediaClass(x.itemClass));
  for (const pic of pictures) {
    const media = pictureMedia(doc, pic, ctx.url);
    if (media.length === 0) {
      warnings.push(`picture item ${pic.guid ?? '(no guid)'} has no remoteContent href`);
      continue;
    }
    const owners = stories.filter((s) => pic.guid !== undefined && s.links.includes(pic.guid));
    const targets = owners.length ? owners : stories.length === 1 ? stories : [];
    if (targets.length === 0) warnings.push(`picture item ${pic.guid ?? '(no guid)'} is not linked to a story; not attached`);
    for (const t of targets) for (const m of media) addMedia(t.item.media, m);
  }
  const header = find(root, 'header');
  const title = plainText(find(header, 'origin')?.text) ?? stories[0]?.item.title;
  return withoutUndefined({ title, language: stories[0]?.item.language, items: stories.map((s) => withoutUndefined(s.item)), warnings });
}


function isMediaClass(itemClass: string): boolean {
  return /ninat:(?:picture|graphic|video|audio|animated)/i.test(itemClass);
}

const STATUS: Record<string, WireItem['status']> = { usable: 'usable', withheld: 'withheld', canceled: 'canceled', cancelled: 'canceled' };

function qcodeValue(el: XmlElement | undefined): string | undefined {
  const q = trimmed(attr(el, 'qcode') ?? attr(el, 'uri'));
  if (!q) return undefined;
  const i = q.lastIndexOf(':');
  return (i === -1 ? q : q.slice(i + 1)).toLowerCase();
}

function nameOf(el: XmlElement | undefined, lang?: string): string | undefined {
  if (!el) return undefined;
  const names = findAll(el, 'name');
  const preferred = (lang && names.find((n) => xmlLang(n)?.toLowerCase().startsWith(lang.slice(0, 2).toLowerCase()))) || names[0];
  return plainText(preferred?.text) ?? plainText(attr(el, 'literal'));
}

function readNewsItem(doc: XmlDocument, el: XmlElement, ctx: ParseContext, warnings: string[]): G2Item {
  const item = emptyItem();
  const itemMeta = find(el, 'itemMeta');
  const contentMeta = find(el, 'contentMeta');
  const rightsInfo = find(el, 'rightsInfo');
  const guid = trimmed(attr(el, 'guid'));
  item.guid = guid;
  item.version = posInt(attr(el, 'version'));
  const itemClass = trimmed(attr(find(itemMeta, 'itemClass'), 'qcode')) ?? '';

  const status = qcodeValue(find(itemMeta, 'pubStatus'));
  if (status) item.status = STATUS[status];
  const links: string[] = [];
  for (const link of findAll(itemMeta, 'link')) {
    const residref = trimmed(attr(link, 'residref'));
    if (residref) links.push(residref);
    const href = resolveUrl(attr(link, 'href'), ctx.url);
    const rel = attr(link, 'rel') ?? '';
    const type = attr(link, 'contenttype') ?? '';
    if (href && !item.url && (/canonical|alternate|seeAlso/i.test(rel) || /html/i.test(type))) item.url = href;
  }

  const lang = trimmed(attr(find(contentMeta, 'language'), 'tag')) ?? xmlLang(contentMeta ?? el);
  item.language = lang;
  item.title = plainText(find(contentMeta, 'headline')?.text) ?? plainText(find(itemMeta, 'title')?.text);
  // Read after the title so that a warning about an unreadable date can name the story.
  const label = itemLabel(item);
  item.updatedAt = readDate([trimmed(find(itemMeta, 'versionCreated')?.text)], warnings, label);
  item.publishedAt = readDate([trimmed(find(itemMeta, 'firstCreated')?.text)], warnings, label) ?? item.updatedAt;
  // An empty embargoed (NAR 1.4 typed it DateTimeOrNull) is an embargo whose end is not known yet.
  const embargoed = find(itemMeta, 'embargoed');
  if (embargoed) setEmbargo(item, trimmed(embargoed.text) ?? '', warnings, label);
  const creators = findAll(contentMeta, 'creator').map((c) => nameOf(c, lang)).filter((x): x is string => !!x);
  if (creators.length) for (const c of creators) pushUnique(item.authors, personName(c));
  else for (const by of findAll(contentMeta, 'by')) pushUnique(item.authors, plainText(by.text));
  for (const c of findAll(contentMeta, 'contributor')) {
    if (/editor/i.test(attr(c, 'role') ?? '')) item.editor ??= nameOf(c, lang);
  }
  item.dateline = plainText(find(contentMeta, 'dateline')?.text) ?? nameOf(find(contentMeta, 'located'), lang);
  for (const s of findAll(contentMeta, 'subject')) pushUnique(item.categories, nameOf(s, lang));
  const provider = nameOf(find(itemMeta, 'provider'), lang) ?? qcodeValue(find(itemMeta, 'provider'))?.toUpperCase();
  item.source = plainText(find(contentMeta, 'creditline')?.text) ?? provider;
  for (const d of findAll(contentMeta, 'description')) {
    if (/summary|abstract/i.test(attr(d, 'role') ?? 'summary') || !item.summaryHtml) {
      const text = plainText(deepText(doc, d));
      if (text) item.summaryHtml = textToHtml(text);
    }
  }
  const notice = plainText(find(rightsInfo, 'copyrightNotice')?.text);
  const holder = nameOf(find(rightsInfo, 'copyrightHolder'), lang);
  item.rights = notice ?? (holder ? `Copyright ${holder}` : undefined);

  const contentSet = find(el, 'contentSet');
  const inline = find(contentSet, 'inlineXML');
  if (inline) {
    const nitf = inline.children.find((c) => c.local === 'nitf');
    if (nitf) {
      const n = readNitf(doc, nitf, ctx, warnings, true);
      item.contentHtml = n.contentHtml;
      item.summaryHtml ??= n.summaryHtml;
      item.title ??= n.title;
      if (item.authors.length === 0) item.authors.push(...n.authors);
      item.dateline ??= n.dateline;
      for (const m of n.media) addMedia(item.media, m);
    } else {
      const html = inline.children.find((c) => c.local === 'html');
      const body = find(html, 'body') ?? html ?? inline;
      const raw = innerXml(doc, body).replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1');
      const clean = trimmed((raw.replace(/<(\/?)[A-Za-z_][\w.-]*:(?=[A-Za-z_])/g, '<$1').replace(/\s+xmlns(?::[\w.-]+)?\s*=\s*(["'])[^"']*\1/g, '')));
      item.contentHtml = clean && ctx.url ? absolutizeHtml(clean, ctx.url) : clean;
    }
  } else {
    const inlineData = find(contentSet, 'inlineData');
    const text = inlineData ? trimmed(inlineData.text) : undefined;
    if (text) item.contentHtml = /html/i.test(attr(inlineData, 'contenttype') ?? '') ? text : `<p>${textToHtml(text)}</p>`;
  }
  item.contentHtml ??= item.summaryHtml;
  return { el, guid, itemClass, item, links };
}

function pictureMedia(doc: XmlDocument, pic: G2Item, base: string | undefined): Media[] {
  const out: Media[] = [];
  const contentMeta = find(pic.el, 'contentMeta');
  const caption =
    plainText(findAll(contentMeta, 'description').map((d) => deepText(doc, d))[0]) ?? pic.item.title;
  const credit = plainText(find(contentMeta, 'creditline')?.text) ?? pic.item.authors[0];
  const renditions = findAll(find(pic.el, 'contentSet'), 'remoteContent');
  // Largest rendition first: it is the one a reader shows.
  renditions.sort((a, b) => (posInt(attr(b, 'width')) ?? 0) - (posInt(attr(a, 'width')) ?? 0));
  for (const r of renditions) {
    const type = trimmed(attr(r, 'contenttype'));
    addMedia(out, {
      url: resolveUrl(attr(r, 'href'), base),
      type,
      medium: mediumOf(type) ?? (/picture|graphic/i.test(pic.itemClass) ? 'image' : 'video'),
      width: posInt(attr(r, 'width')),
      height: posInt(attr(r, 'height')),
      caption,
      credit,
    });
  }
  return out;
}
