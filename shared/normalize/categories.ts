/** Step: trims categories, collapses their spaces and drops case-insensitive repeats, keeping the first spelling. */
export function normalizeCategories(categories: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of categories) {
    const c = raw.replace(/[\s\u00a0]+/g, ' ').trim();
    const key = c.toLocaleLowerCase();
    if (!c || seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}
