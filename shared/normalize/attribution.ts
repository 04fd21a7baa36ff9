import { BlockTexts, type Document, type Element } from './dom.js';
import { ATTRIBUTION_LABELS, BYLINE_WORDS, CREDIT_ROLES, agencyName, isKnownAgency, type AttributionField } from './rules.js';

/** Who made the story, as the body credits it. */
export interface Attribution {
  source?: string;
  editor?: string;
  authors: string[];
}

/** How many paragraphs at each end of the body may hold credits. */
const EDGE = 3;
/** Credit lines are short; a long paragraph that happens to start with "Source:" is prose. */
const MAX_CREDIT_LENGTH = 240;
/** …and each of its values is a name or a few names. */
const MAX_CREDIT_VALUE = 80;
const MAX_NAME_WORDS = 6;
const JOINERS = ['and', 'dan', 'et', 'und', 'y', '&'];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const LABELS = [...new Set(ATTRIBUTION_LABELS.map((l) => l.label))].sort((a, b) => b.length - a.length).map(escape).join('|');
const labelPattern = new RegExp(`(?:^|[\\s|•·;,/])(${LABELS})\\s*:`, 'giu');
/**
 * A credit line's first label starts the line: this match at the start alone says whether labelPattern's first
 * hit would (the same labels in the same order), so that prose is turned down without a scan for every label.
 */
const labelAtStart = new RegExp(`^(?:${LABELS})\\s*:`, 'iu');

function fieldOfLabel(label: string): AttributionField {
  const lower = label.toLowerCase();
  return ATTRIBUTION_LABELS.find((l) => l.label.toLowerCase() === lower)!.field;
}

const cleanValue = (v: string): string => v.replace(/^[\s|•·;,/:\-–—]+|[\s|•·;,/\-–—]+$/g, '').trim();

function add(out: Attribution, field: AttributionField, value: string): void {
  const v = cleanValue(value);
  if (!v) return;
  if (field === 'source') out.source ??= agencyName(v);
  else if (field === 'editor') out.editor ??= v;
  else out.authors.push(...splitNames(v, JOINERS));
}

/** The separators of a name list for each list of joining words (the lists are constants: built once each). */
const separators = new WeakMap<readonly string[], RegExp>();

/** Splits "A, B and C" into names. */
export function splitNames(list: string, joiners: string[]): string[] {
  let separator = separators.get(joiners);
  if (!separator) {
    separator = new RegExp(`\\s*,\\s*|\\s*;\\s*|\\s+(?:${joiners.map(escape).join('|')})\\s+`, 'iu');
    separators.set(joiners, separator);
  }
  return list
    .split(separator)
    .map((n) => n.trim())
    .filter(Boolean);
}

/**
 * Reads a credit line made of labels and values: `Sumber: Reuters | Editor: Barratut Taqiyyah Rafie`,
 * `Reporter: Fulan Editor: Fulanah` (no separator), `Quelle: dpa`. Undefined when the line is anything else.
 */
export function parseAttributionLine(line: string): Attribution | undefined {
  const text = line.trim();
  if (!text || text.length > MAX_CREDIT_LENGTH || !labelAtStart.test(text)) return undefined;
  const hits = [...text.matchAll(labelPattern)];
  if (!hits.length) return undefined;
  const firstStart = hits[0].index + hits[0][0].indexOf(hits[0][1]);
  if (firstStart !== 0) return undefined;
  const out: Attribution = { authors: [] };
  const values = hits.map((hit, i) => text.slice(hit.index + hit[0].length, i + 1 < hits.length ? hits[i + 1].index : text.length));
  // Credits name people and agencies; a long value means the line runs on into the story, which must stay.
  const tooLong = (v: string): boolean =>
    cleanValue(v).length > MAX_CREDIT_VALUE || splitNames(cleanValue(v), JOINERS).some((name) => name.split(/\s+/).length > MAX_NAME_WORDS);
  if (values.some(tooLong)) return undefined;
  hits.forEach((hit, i) => add(out, fieldOfLabel(hit[1]), values[i]));
  return out;
}

const NAME_WORD = "[\\p{Lu}][\\p{L}'’.-]*";
const PARTICLE = "(?:de|da|do|dos|del|della|van|von|der|den|la|le|al|bin|binti|el|y)";
const NAME = `${NAME_WORD}(?:\\s+(?:${PARTICLE}\\s+)?${NAME_WORD}){0,4}`;

const bylinePatterns = BYLINE_WORDS.map(({ by, and }) => ({
  and,
  start: new RegExp(`^${by}:?\\s+(.+?)\\.?$`, 'u'),
  listPattern: new RegExp(`^${NAME}(?:(?:\\s*,\\s*|\\s+(?:${and.map(escape).join('|')})\\s+)${NAME})*$`, 'u'),
}));

/**
 * Reads a byline: `By Hyonhee Shin and Ju-min Park`, `Par Jean Dupont et Marie Curie`, `Von Anna Schmidt und
 * Jonas Weber`, `Por Ana García y Luis Pérez`, `Oleh Ahmad Fauzi dan Siti Rahma`. A trailing agency
 * (`By Jane Doe, Reuters`) becomes the source. Sentences that merely start with "By" (`By Monday the…`) are not
 * bylines: every name must be capitalized words.
 */
export function parseByline(line: string): Attribution | undefined {
  const text = line.trim();
  if (text.length > 160) return undefined;
  for (const { and, start, listPattern } of bylinePatterns) {
    const m = start.exec(text);
    if (!m) continue;
    const list = m[1].replace(/\s*[|/]\s*/g, ', ');
    if (!listPattern.test(list)) continue;
    const out: Attribution = { authors: [] };
    for (const name of splitNames(list, and)) {
      if (isKnownAgency(name)) out.source ??= agencyName(name);
      else out.authors.push(name);
    }
    if (out.authors.length || out.source) return out;
  }
  return undefined;
}

const creditRoles = CREDIT_ROLES.map((r) => ({ ...r, prefix: `${r.role.toLowerCase()} ` })).sort((a, b) => b.role.length - a.role.length);

/**
 * Reads closing credits: `(Reporting by Hyonhee Shin in Seoul; Editing by Ed Davies)`, the same without
 * parentheses, or a bare agency tag `(dpa)`. Every name must be capitalized, so prose that happens to start
 * with a role ("Writing by hand is…") is not a credit.
 */
export function parseCredits(line: string): Attribution | undefined {
  const text = line.trim();
  const m = /^\(\s*([^()]+?)\s*\)\.?$/u.exec(text);
  const inner = m ? m[1] : text.replace(/\.$/, '');
  if (m && isKnownAgency(inner)) return { source: agencyName(inner), authors: [] };
  if (inner.length > MAX_CREDIT_LENGTH) return undefined;
  // The first part is where the text starts: a text that starts with no role has no credit (see below).
  const opening = inner.toLowerCase();
  if (!creditRoles.some((r) => opening.startsWith(r.prefix))) return undefined;
  const out: Attribution = { authors: [] };
  const parts = inner.split(/\s*;\s*/);
  for (const part of parts) {
    const lower = part.toLowerCase();
    // The longest role the part starts with (creditRoles is sorted longest first, as the sort here was stable).
    const rule = creditRoles.find((r) => lower.startsWith(r.prefix));
    if (!rule) return undefined;
    // "Hyonhee Shin in Seoul" → "Hyonhee Shin": the place is where the reporter filed from.
    const names = splitNames(part.slice(rule.role.length).trim(), JOINERS).map((n) => n.replace(/\s+(?:in|en|à|aus|di)\s+.*$/u, ''));
    if (!names.length || names.some((n) => !/^\p{Lu}/u.test(n) || n.split(/\s+/).length > MAX_NAME_WORDS)) return undefined;
    if (rule.field === 'editor') out.editor ??= names[0];
    else out.authors.push(...names);
  }
  return out;
}

function merge(into: Attribution, found: Attribution): void {
  into.source ??= found.source;
  into.editor ??= found.editor;
  for (const a of found.authors) if (!into.authors.some((b) => b.toLowerCase() === a.toLowerCase())) into.authors.push(a);
}

/**
 * Step: finds credit lines, bylines and closing credits among the first and last paragraphs, records them and
 * removes those paragraphs from the body.
 */
export function extractAttribution(doc: Document, texts = new BlockTexts(doc)): Attribution {
  const out: Attribution = { authors: [] };
  const blocks = texts.blocks();
  const edge = new Set<Element>([...blocks.slice(0, EDGE), ...blocks.slice(-EDGE)]);
  for (const block of blocks) {
    if (!edge.has(block)) continue;
    const line = texts.line(block);
    const isHead = blocks.indexOf(block) < EDGE;
    const found = parseAttributionLine(line) ?? (isHead ? parseByline(line) : undefined) ?? parseCredits(line);
    if (found) {
      merge(out, found);
      texts.remove(block);
    }
  }
  return out;
}
