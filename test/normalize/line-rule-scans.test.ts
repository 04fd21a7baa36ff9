import { describe, expect, it } from 'vitest';
import { createRandom } from '../../bench/generate.js';
import { type Attribution, parseAttributionLine, parseCredits, splitNames } from '../../shared/normalize/attribution.js';
import { BOILERPLATE_BY_FLAGS, isBoilerplate } from '../../shared/normalize/boilerplate.js';
import { ATTRIBUTION_LABELS, BOILERPLATE_RULES, CREDIT_ROLES, agencyName, isKnownAgency, type AttributionField } from '../../shared/normalize/rules.js';
import { collapse } from '../../shared/model/plain-text.js';

// The shortcuts the line rules take before their full patterns, held to the code they sit in front of: the
// references below are the functions as they were before the shortcuts.

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const JOINERS = ['and', 'dan', 'et', 'und', 'y', '&'];
const cleanValue = (v: string): string => v.replace(/^[\s|•·;,/:\-–—]+|[\s|•·;,/\-–—]+$/g, '').trim();

function referenceAttributionLine(line: string): Attribution | undefined {
  const labelPattern = new RegExp(
    `(?:^|[\\s|•·;,/])(${[...new Set(ATTRIBUTION_LABELS.map((l) => l.label))].sort((a, b) => b.length - a.length).map(escape).join('|')})\\s*:`,
    'giu',
  );
  const fieldOf = (label: string): AttributionField => ATTRIBUTION_LABELS.find((l) => l.label.toLowerCase() === label.toLowerCase())!.field;
  const text = line.trim();
  if (!text || text.length > 240) return undefined;
  const hits = [...text.matchAll(labelPattern)];
  if (!hits.length) return undefined;
  if (hits[0].index + hits[0][0].indexOf(hits[0][1]) !== 0) return undefined;
  const out: Attribution = { authors: [] };
  const values = hits.map((hit, i) => text.slice(hit.index + hit[0].length, i + 1 < hits.length ? hits[i + 1].index : text.length));
  const tooLong = (v: string): boolean => cleanValue(v).length > 80 || splitNames(cleanValue(v), JOINERS).some((name) => name.split(/\s+/).length > 6);
  if (values.some(tooLong)) return undefined;
  hits.forEach((hit, i) => {
    const v = cleanValue(values[i]);
    if (!v) return;
    const field = fieldOf(hit[1]);
    if (field === 'source') out.source ??= agencyName(v);
    else if (field === 'editor') out.editor ??= v;
    else out.authors.push(...splitNames(v, JOINERS));
  });
  return out;
}

function referenceCredits(line: string): Attribution | undefined {
  const roles = CREDIT_ROLES.map((r) => ({ ...r, prefix: `${r.role.toLowerCase()} ` })).sort((a, b) => b.role.length - a.role.length);
  const text = line.trim();
  const m = /^\(\s*([^()]+?)\s*\)\.?$/u.exec(text);
  const inner = m ? m[1] : text.replace(/\.$/, '');
  if (m && isKnownAgency(inner)) return { source: agencyName(inner), authors: [] };
  if (inner.length > 240) return undefined;
  const out: Attribution = { authors: [] };
  for (const part of inner.split(/\s*;\s*/)) {
    const lower = part.toLowerCase();
    const rule = roles.find((r) => lower.startsWith(r.prefix));
    if (!rule) return undefined;
    const names = splitNames(part.slice(rule.role.length).trim(), JOINERS).map((n) => n.replace(/\s+(?:in|en|à|aus|di)\s+.*$/u, ''));
    if (!names.length || names.some((n) => !/^\p{Lu}/u.test(n) || n.split(/\s+/).length > 6)) return undefined;
    if (rule.field === 'editor') out.editor ??= names[0];
    else out.authors.push(...names);
  }
  return out;
}

function referenceBoilerplate(line: string): boolean {
  const collapsed = collapse(line);
  let end = collapsed.length;
  while (end > 0 && '.!:…'.includes(collapsed[end - 1]!)) end--;
  return BOILERPLATE_RULES.some((r) => r.pattern.test(collapsed.slice(0, end)));
}

const PIECES = [
  ...ATTRIBUTION_LABELS.map((l) => l.label),
  ...ATTRIBUTION_LABELS.map((l) => l.label.toUpperCase()),
  ...CREDIT_ROLES.map((r) => r.role),
  ...CREDIT_ROLES.map((r) => r.role.toLowerCase()),
  'Reuters', 'AFP', 'dpa', 'Antara', 'Hyonhee Shin', 'Ed Davies', 'Barratut Taqiyyah Rafie', 'in Seoul', 'and', 'dan', 'y',
  ':', ': ', ' : ', '|', ' | ', ';', '; ', ',', '/', '•', '(', ')', '.', ' ', '  ', '\u00a0', '-', '–',
  'Advertisement', 'iklan', 'Baca selengkapnya', 'Read more', 'Share this article', 'Ikuti kami di Google News', 'Bagikan',
  'scroll to continue', 'Scroll ke bawah untuk melanjutkan', 'Anzeige', 'Publicidad', 'Lire la suite', '(rdp/imk)', 'rdp', '/',
  '»', '…', '!', 'the market rose', 'Presiden Joko Widodo', 'ſ', 'K', 'İ', 'ß', 'Σ', 'é', 'x',
];

function lines(seed: number, count: number): string[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const n = 1 + Math.floor(random() * 7);
    let s = '';
    for (let i = 0; i < n; i++) s += PIECES[Math.floor(random() * PIECES.length)];
    return s;
  });
}

/** Lines that open as a credit does (a label, a role), then go on at random: most of the answers are decided late. */
function creditLike(seed: number, count: number): string[] {
  const random = createRandom(seed);
  const openings = [...ATTRIBUTION_LABELS.map((l) => `${l.label}:`), ...CREDIT_ROLES.map((r) => `${r.role} `), '(Reporting by ', 'By '];
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: count }, () => pick(openings) + lines(Math.floor(random() * 1e9), 1)[0]);
}

describe('line rule shortcuts', () => {
  const cases = [...lines(1, 10_000), ...lines(2, 5_000).map((l) => `(${l})`), ...creditLike(3, 15_000), ...PIECES];

  it('parseAttributionLine answers as before the start-of-line check, on 30,000 generated lines', () => {
    const found = cases.filter((l) => referenceAttributionLine(l) !== undefined);
    expect(cases.filter((l) => JSON.stringify(parseAttributionLine(l)) !== JSON.stringify(referenceAttributionLine(l)))).toEqual([]);
    // Both answers occur, so the comparison means something.
    expect(found.length).toBeGreaterThan(1000);
  });

  it('parseCredits answers as before the opening-role check', () => {
    const found = cases.filter((l) => referenceCredits(l) !== undefined);
    expect(cases.filter((l) => JSON.stringify(parseCredits(l)) !== JSON.stringify(referenceCredits(l)))).toEqual([]);
    expect(found.length).toBeGreaterThan(200);
  });

  it('isBoilerplate over one pattern per set of flags answers as each rule in turn did', () => {
    // Every rule is anchored at both ends: what makes the union of their patterns exact.
    for (const rule of BOILERPLATE_RULES) expect(rule.pattern.source).toMatch(/^\^.*\$$/);
    expect(BOILERPLATE_BY_FLAGS.length).toBeLessThan(BOILERPLATE_RULES.length);
    const found = cases.filter((l) => referenceBoilerplate(l));
    expect(cases.filter((l) => isBoilerplate(l) !== referenceBoilerplate(l))).toEqual([]);
    expect(found.length).toBeGreaterThan(150);
  });
});
