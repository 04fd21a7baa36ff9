import type { RelatedLink } from '../model/article.js';
import { collapse } from '../model/plain-text.js';
import { BlockTexts, type Document, type Element, findAll, hasMedia, isTag } from './dom.js';
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
/** What every pattern above starts with: a line that does not start so matches none of them. */
const relatedStart = new RegExp(`^\\s*(?:${relatedPatterns.map((r) => escape(r.phrase).replace(/\s+/g, '\\s+')).join('|')})`, 'iu');

/** The "read also" phrase a line starts with, and what follows it; undefined for ordinary text. */
export function matchRelated(line: string, hasLink = false): { phrase: string; rest: string } | undefined {
  if (!relatedStart.test(line)) return undefined;
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
  return isBoilerplateLine(collapse(line));
}

/** isBoilerplate for a line already collapsed (a lineText). */
function isBoilerplateLine(line: string): boolean {
  // The closing run of `.`, `!`, `:` and `…` does not count (as `/[.!:…]+$/` would strip it).
  let end = line.length;
  while (end > 0 && TRAILING_PUNCTUATION.includes(line[end - 1]!)) end--;
  const text = end === line.length ? line : line.slice(0, end);
  for (const pattern of BOILERPLATE_BY_FLAGS) if (pattern.test(text)) return true;
  return false;
}

/**
 * BOILERPLATE_RULES' patterns joined into one alternation per set of flags (a rule's `i` and `u` decide how its
 * letters match), so that a line is tried against three patterns and not against each rule in turn. Every rule is
 * anchored at both ends, so a line matches the union exactly when it matches one of the rules.
 */
export const BOILERPLATE_BY_FLAGS: readonly RegExp[] = [...new Set(BOILERPLATE_RULES.map((r) => r.pattern.flags))].map((flags) =>
  new RegExp(
    BOILERPLATE_RULES.filter((r) => r.pattern.flags === flags)
      .map((r) => `(?:${r.pattern.source})`)
      .join('|'),
    flags,
  ),
);
const TRAILING_PUNCTUATION = '.!:…';

function linksIn(el: Element, texts: BlockTexts): RelatedLink[] {
  return findAll(el, (a) => a.name === 'a')
    .map((a) => ({ title: texts.line(a), url: a.attribs.href }))
    .filter((l) => l.title)
    .map((l) => (l.url ? l : { title: l.title }));
}

/**
 * Step: turns "read also" paragraphs (`Baca Juga: …`, `Read more: …`, `Lire aussi : …`, `Lesen Sie auch: …`,
 * `Lea también: …`) into related links and removes them. A bare phrase followed by a list takes the list's
 * links; a phrase followed by several links gives one entry per link.
 */
export function extractRelatedLinks(doc: Document, texts = new BlockTexts(doc)): RelatedLink[] {
  const out: RelatedLink[] = [];
  for (const block of texts.blocks()) {
    if (!block.parent) continue;
    // Most blocks are story text: one test of the line's start turns them down before their links are gathered.
    if (!relatedStart.test(texts.line(block))) continue;
    // A link whose text is only the phrase ("Read more »" pointing at the story itself) names nothing.
    const links = linksIn(block, texts).filter((l) => matchRelated(l.title)?.rest !== '' && !isBoilerplateLine(l.title));
    const found = matchRelated(texts.line(block), links.length > 0);
    if (!found) continue;
    if (!found.rest && !links.length && isBoilerplateLine(texts.line(block))) continue;
    if (links.length > 1 || (links.length === 1 && links[0].title === found.rest)) {
      out.push(...links);
    } else if (links.length === 1) {
      out.push({ title: found.rest || links[0].title, ...(links[0].url ? { url: links[0].url } : {}) });
    } else if (found.rest) {
      out.push({ title: found.rest });
    } else {
      const next = block.next && isTag(block.next) ? block.next : undefined;
      if (next && ['ul', 'ol'].includes(next.name)) {
        out.push(...linksIn(next, texts));
        texts.remove(next);
      } else if (next && next.name === 'p' && linksIn(next, texts).length && linksIn(next, texts).map((l) => l.title).join(' ') === texts.line(next)) {
        out.push(...linksIn(next, texts));
        texts.remove(next);
      }
    }
    texts.remove(block);
  }
  return out;
}

/** Step: removes empty paragraphs, ad labels and share prompts. Returns how many paragraphs went. */
export function removeBoilerplate(doc: Document, texts = new BlockTexts(doc)): number {
  let removed = 0;
  for (const block of findAll(doc, (el) => BOILERPLATE_BLOCKS.has(el.name))) {
    if (!block.parent) continue;
    const text = texts.line(block);
    if ((!text && !hasMedia(block)) || (text && isBoilerplateLine(text) && !hasMedia(block))) {
      texts.remove(block);
      removed++;
    }
  }
  // A list emptied of its items goes too.
  for (const list of findAll(doc, (el) => el.name === 'ul' || el.name === 'ol')) {
    if (list.parent && !texts.line(list) && !hasMedia(list)) texts.remove(list);
  }
  return removed;
}

/** The elements removeBoilerplate looks at. */
const BOILERPLATE_BLOCKS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'figure']);

/** A collapsed line as the repeated-title check compares it. */
const comparableLine = (s: string): string => s.toLowerCase().replace(/ß/g, 'ss').replace(/[^\p{L}\p{N} ]+/gu, '');

/**
 * True when `line` has more than `max` ASCII letters, digits and spaces. comparableLine keeps each of them as one
 * character and never drops a letter or digit it lowercases, so such a line cannot compare equal to a string of
 * `max` characters: the check spares lowercasing a whole first paragraph to compare it with a short title.
 */
function hasMoreAsciiWordChars(line: string, max: number): boolean {
  let count = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const wordChar = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x20;
    if (wordChar && ++count > max) return true;
  }
  return false;
}

/** Step: removes a first heading or paragraph that only repeats the title (pages scraped whole carry their <h1>). */
export function removeRepeatedTitle(doc: Document, title: string | undefined, texts = new BlockTexts(doc)): boolean {
  if (!title) return false;
  const first = texts.blocks()[0];
  if (!first) return false;
  const line = texts.line(first);
  const collapsedTitle = collapse(title);
  // comparableLine at most doubles a string (U+0130 lowercases to two code units, ß and ẞ become "ss"; every
  // other code unit stays one or goes): a first line with more word characters than twice the title's length cannot match,
  // and most do not, so the title is not lowercased and stripped for them.
  if (hasMoreAsciiWordChars(line, 2 * collapsedTitle.length)) return false;
  const wanted = comparableLine(collapsedTitle);
  if (hasMoreAsciiWordChars(line, wanted.length) || comparableLine(line) !== wanted) return false;
  texts.remove(first);
  return true;
}
