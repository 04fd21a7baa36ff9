import type { RelatedLink } from '../model/article.js';
import { collapse } from '../model/plain-text.js';
import {
  type Document,
  type Element,
  findAll,
  hasMedia,
  isTag,
  lineText,
  removeNode,
  textBlocks,
} from './dom.js';
import { BOILERPLATE_RULES, RELATED_RULES } from './rules.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SEPARATOR = '\\s*[:：»>|\\-–—]+\\s*';
/** Without a separator or a link, "Baca juga …" is furniture only when what follows is headline-sized. */
const MAX_BARE_TITLE = 160;

const relatedPatterns = RELATED_RULES.map((r) => ({
  ...r,
  // `À lire aussi` is also written `A lire aussi`, and the colon is French-spaced (`Lire aussi :`).
  re: new RegExp(`^\\s*${escape(r.phrase).replace(/\s+/g, '\\s+')}(?:${SEPARATOR}|\\s+|$)`, 'iu'),
  strict: new RegExp(`^\\s*${escape(r.phrase).replace(/\s+/g, '\\s+')}${SEPARATOR}`, 'iu'),
})).sort((a, b) => b.phrase.length - a.phrase.length);

/** The "read also" phrase a line starts with, and what follows it; undefined for ordinary text. */
export function matchRelated(line: string, hasLink = false): { phrase: string; rest: string } | undefined {
  for (const rule of relatedPatterns) {
    const m = (rule.colon === 'required' && !hasLink ? rule.strict : rule.re).exec(line);
    if (!m) continue;
    const rest = collapse(line.slice(m[0].length)).replace(/^["“”'«»]+|["“”'«»]+$/g, '').trim();
    if (!hasLink && !rule.strict.test(line) && rest.length > MAX_BARE_TITLE) return undefined;
    return { phrase: rule.phrase, rest };
  }
  return undefined;
}

/** True for a paragraph that is furniture on its own (an ad label, a share or follow prompt). */
export function isBoilerplate(line: string): boolean {
  const text = collapse(line).replace(/[.!:…]+$/, '');
  return BOILERPLATE_RULES.some((r) => r.pattern.test(text));
}

function linksIn(el: Element): RelatedLink[] {
  return findAll(el, (a) => a.name === 'a')
    .map((a) => ({ title: lineText(a), url: a.attribs.href }))
    .filter((l) => l.title)
    .map((l) => (l.url ? l : { title: l.title }));
}

/**
 * Step: turns "read also" paragraphs (`Baca Juga: …`, `Read more: …`, `Lire aussi : …`, `Lesen Sie auch: …`,
 * `Lea también: …`) into related links and removes them. A bare phrase followed by a list takes the list's
 * links; a phrase followed by several links gives one entry per link.
 */
export function extractRelatedLinks(doc: Document): RelatedLink[] {
  const out: RelatedLink[] = [];
  for (const block of textBlocks(doc)) {
    if (!block.parent) continue;
    // A link whose text is only the phrase ("Read more »" pointing at the story itself) names nothing.
    const links = linksIn(block).filter((l) => matchRelated(l.title)?.rest !== '' && !isBoilerplate(l.title));
    const found = matchRelated(lineText(block), links.length > 0);
    if (!found) continue;
    if (!found.rest && !links.length && isBoilerplate(lineText(block))) continue;
    if (links.length > 1 || (links.length === 1 && links[0].title === found.rest)) {
      out.push(...links);
    } else if (links.length === 1) {
      out.push({ title: found.rest || links[0].title, ...(links[0].url ? { url: links[0].url } : {}) });
    } else if (found.rest) {
      out.push({ title: found.rest });
    } else {
      const next = block.next && isTag(block.next) ? block.next : undefined;
      if (next && ['ul', 'ol'].includes(next.name)) {
        out.push(...linksIn(next));
        removeNode(next);
      } else if (next && next.name === 'p' && linksIn(next).length && linksIn(next).map((l) => l.title).join(' ') === lineText(next)) {
        out.push(...linksIn(next));
        removeNode(next);
      }
    }
    removeNode(block);
  }
  return out;
}

/** Step: removes empty paragraphs, ad labels and share prompts. Returns how many paragraphs went. */
export function removeBoilerplate(doc: Document): number {
  let removed = 0;
  for (const block of findAll(doc, (el) => ['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'figure'].includes(el.name))) {
    if (!block.parent) continue;
    const text = lineText(block);
    if ((!text && !hasMedia(block)) || (text && isBoilerplate(text) && !hasMedia(block))) {
      removeNode(block);
      removed++;
    }
  }
  // A list emptied of its items goes too.
  for (const list of findAll(doc, (el) => ['ul', 'ol'].includes(el.name))) {
    if (list.parent && !lineText(list) && !hasMedia(list)) removeNode(list);
  }
  return removed;
}

const comparable = (s: string): string => collapse(s).toLowerCase().replace(/ß/g, 'ss').replace(/[^\p{L}\p{N} ]+/gu, '');

/** Step: removes a first heading or paragraph that only repeats the title (pages scraped whole carry their <h1>). */
export function removeRepeatedTitle(doc: Document, title: string | undefined): boolean {
  if (!title) return false;
  const first = textBlocks(doc)[0];
  if (!first || comparable(lineText(first)) !== comparable(title)) return false;
  removeNode(first);
  return true;
}
