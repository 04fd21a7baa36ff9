import type { ItemView } from '../render/feed-document.js';
import { esc } from '../render/xml.js';
import { zonedTime } from './zoned-time.js';

/** `<time>` in the partner's zone, with UTC as a second line and as the tooltip. */
export function timeHtml(ms: number, timeZone: string | undefined): string {
  const t = zonedTime(ms, timeZone);
  const utc = t.local === t.utc ? '' : `<span class="utc">${esc(t.utc)}</span>`;
  return `<time datetime="${t.iso}" title="${esc(t.utc)}">${esc(t.local)}${utc}</time>`;
}

/** The labelled credits (Source, Editor, Author, Publisher) and the dateline, as a definition list. */
export function creditsHtml(item: ItemView): string {
  const rows: Array<[string, string | undefined]> = [
    ['Dateline', item.dateline],
    ['Source', item.agency],
    ['Editor', item.editor],
    [item.authors.length > 1 ? 'Authors' : 'Author', item.authors.length > 0 ? item.authors.join(', ') : undefined],
    ['Publisher', item.publisher],
  ];
  const out = rows.filter(([, v]) => v !== undefined).map(([k, v]) => `<dt>${k}</dt><dd${k === 'Dateline' ? ' class="dateline"' : ''}>${esc(v!)}</dd>`);
  return out.length === 0 ? '' : `<dl class="credits" lang="en">${out.join('')}</dl>`;
}
