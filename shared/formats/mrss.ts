import type { Media } from '../model/article.js';
import { addMedia, mediumOf, plainText, posInt } from './common.js';
import { resolveUrl } from './text.js';
import { type XmlElement, trimmed } from './xml.js';

/**
 * Media RSS (media:content, media:group, media:thumbnail, media:description, media:credit) found under an
 * item or entry. Descriptions and credits inherit from group to item level, as the Media RSS spec says.
 */
export function readMediaRss(item: XmlElement, base: string | undefined, into: Media[]): void {
  const itemCaption = captionOf(item);
  const itemCredit = creditOf(item);
  for (const el of item.children) {
    if (el.ns !== 'media') continue;
    if (el.local === 'content') addContent(el, base, itemCaption, itemCredit, into);
    else if (el.local === 'group') {
      const caption = captionOf(el) ?? itemCaption;
      const credit = creditOf(el) ?? itemCredit;
      for (const c of el.children) {
        if (c.ns === 'media' && c.local === 'content') addContent(c, base, caption, credit, into);
      }
      for (const c of el.children) {
        if (c.ns === 'media' && c.local === 'thumbnail') addThumb(c, base, caption, credit, into);
      }
    }
  }
  for (const el of item.children) {
    if (el.ns === 'media' && el.local === 'thumbnail') addThumb(el, base, itemCaption, itemCredit, into);
  }
}

function addContent(el: XmlElement, base: string | undefined, caption?: string, credit?: string, into: Media[] = []): void {
  const type = trimmed(el.attrs.type);
  addMedia(into, {
    url: resolveUrl(el.attrs.url, base),
    type,
    medium: trimmed(el.attrs.medium) ?? mediumOf(type),
    width: posInt(el.attrs.width),
    height: posInt(el.attrs.height),
    fileSize: posInt(el.attrs.fileSize),
    caption: captionOf(el) ?? caption,
    credit: creditOf(el) ?? credit,
  });
  // A media:content may carry its own thumbnail for a video.
  for (const c of el.children) if (c.ns === 'media' && c.local === 'thumbnail') addThumb(c, base, undefined, undefined, into);
}

function addThumb(el: XmlElement, base: string | undefined, caption: string | undefined, credit: string | undefined, into: Media[]): void {
  addMedia(into, {
    url: resolveUrl(el.attrs.url, base),
    medium: 'image',
    width: posInt(el.attrs.width),
    height: posInt(el.attrs.height),
    caption,
    credit,
  });
}

function captionOf(el: XmlElement): string | undefined {
  for (const c of el.children) if (c.ns === 'media' && c.local === 'description') return plainText(c.text);
  for (const c of el.children) if (c.ns === 'media' && c.local === 'title') return plainText(c.text);
  return undefined;
}

function creditOf(el: XmlElement): string | undefined {
  const credits: string[] = [];
  for (const c of el.children) {
    if (c.ns === 'media' && c.local === 'credit') {
      const t = plainText(c.text);
      if (t && !credits.includes(t)) credits.push(t);
    }
  }
  return credits.length ? credits.join(', ') : undefined;
}
