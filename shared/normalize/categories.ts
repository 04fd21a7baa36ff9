import { categoryKey } from '../model/article-rules.js';

/** Step: trims categories, collapses their spaces and drops repeats by categoryKey, keeping the first spelling. */
export function normalizeCategories(categories: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of categories) {
    const c = raw.replace(/[\s\u00a0]+/g, ' ').trim();
    const key = categoryKey(c);
    if (!c || seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}

/**
 * Step: the display labels of the kept categories, re-keyed to the spelling normalizeCategories kept (a label
 * given for `world` belongs to a kept `World`); a label equal to its category says nothing and is dropped.
 */
export function normalizeCategoryLabels(kept: string[], labels: Record<string, string> | undefined): Record<string, string> | undefined {
  if (labels === undefined) return undefined;
  const byKey = new Map(kept.map((c) => [categoryKey(c), c]));
  const out: Record<string, string> = {};
  let any = false;
  for (const [category, raw] of Object.entries(labels)) {
    const value = byKey.get(categoryKey(category));
    const label = raw.replace(/[\s\u00a0]+/g, ' ').trim();
    if (value === undefined || label === '' || label === value || out[value] !== undefined) continue;
    out[value] = label;
    any = true;
  }
  return any ? out : undefined;
}
