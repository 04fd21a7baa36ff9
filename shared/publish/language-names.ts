/**
 * A language's name for people, in that language itself (an Indonesian reader looks for "Bahasa Indonesia", an
 * English one for "English"), from Intl.DisplayNames. CLDR's own names for Indonesian and Malay ("Indonesia",
 * "Melayu") read as the country and the people in the newsroom's usage, so those two are overridden.
 */
const NEWSROOM_NAMES: Record<string, string> = { id: 'Bahasa Indonesia', ms: 'Bahasa Melayu' };

/** The language's own name, e.g. `id` → "Bahasa Indonesia", `en` → "English"; the tag itself when Intl has none. */
export function languageName(tag: string): string {
  const known = NEWSROOM_NAMES[tag.toLowerCase().split('-')[0]!];
  if (known !== undefined) return known;
  try {
    const name = new Intl.DisplayNames([tag], { type: 'language', fallback: 'none' }).of(tag);
    if (name === undefined) return tag;
    return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
  } catch {
    return tag;
  }
}
