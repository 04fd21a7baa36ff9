/**
 * The one place where text becomes markup. Every renderer passes every string through here, so escaping rules
 * live once: the five XML specials are escaped, characters XML 1.0 forbids are dropped, and no CDATA is ever
 * written (escaping `>` means a `]]>` in content can never end anything).
 */

// XML 1.0 Char excludes C0 controls other than tab/LF/CR, U+FFFE/U+FFFF and unpaired surrogates. C1 controls
// (U+007F–U+009F) are legal but readers show them as boxes; they come from mis-decoded cp1252, so drop them too.
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SPECIAL = /[&<>"']/g;
const NEEDS_WORK = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const replaceSpecial = (c: string): string => ENTITY[c]!;

/** Removes characters that XML 1.0 (and JSON readers that check) cannot carry. */
export function stripIllegal(text: string): string {
  return text.replace(ILLEGAL, '');
}

/** Escapes text for XML/HTML element content or a double- or single-quoted attribute. */
export function esc(text: string): string {
  // Most strings need nothing: one test avoids two regex passes and an allocation.
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(ILLEGAL, '').replace(SPECIAL, replaceSpecial);
}

/** `<name>text</name>` when the text is present, else nothing. */
export function el(name: string, text: string | undefined): string {
  return text === undefined || text === '' ? '' : `<${name}>${esc(text)}</${name}>`;
}

/** Builds ` a="v" b="w"` from pairs, leaving out absent values. */
export function attrs(pairs: Record<string, string | number | undefined>): string {
  let out = '';
  for (const key in pairs) {
    const value = pairs[key];
    if (value === undefined || value === '') continue;
    out += ` ${key}="${esc(String(value))}"`;
  }
  return out;
}
