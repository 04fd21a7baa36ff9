/**
 * JSON.stringify(text), faster on the long HTML bodies every feed carries: V8's JSON.stringify copies a two-byte
 * string (any character outside Latin-1) one character at a time, several times slower than a native replace of
 * one character. A text with no control character but tab, line feed and carriage return and no lone surrogate
 * needs only `\`, `"` and those three escaped, one replace each; any other text goes to JSON.stringify itself.
 * Used for contentHash (normalize/identity.ts) and JSON Feed bodies (render/jsonfeed.ts).
 */
export function jsonString(text: string): string {
  return MAYBE_RARE.test(text) && RARE.test(text) ? JSON.stringify(text) : jsonStringOfLegalText(text);
}

/**
 * jsonString for a text already known to hold none of the characters that JSON.stringify writes as \b, \f,
 * \u00XX or an escaped lone surrogate: what stripIllegal (model/plain-text.ts) leaves, as every published body is.
 * Spares the check's scan where the caller has just made sure of it.
 */
export function jsonStringOfLegalText(text: string): string {
  let out = text;
  if (out.indexOf('\\') !== -1) out = out.replace(BACKSLASH, '\\\\');
  if (out.indexOf('"') !== -1) out = out.replace(QUOTE, '\\"');
  if (out.indexOf('\n') !== -1) out = out.replace(LINE_FEED, '\\n');
  if (out.indexOf('\r') !== -1) out = out.replace(CARRIAGE_RETURN, '\\r');
  if (out.indexOf('\t') !== -1) out = out.replace(TAB, '\\t');
  return `"${out}"`;
}

// A cheap first look (any surrogate counts, paired ones too): the precise pattern runs only when it finds one.
const MAYBE_RARE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff]/;
/** What JSON.stringify writes as \b, \f or \u00XX, or as an escaped lone surrogate. */
const RARE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BACKSLASH = /\\/g;
const QUOTE = /"/g;
const LINE_FEED = /\n/g;
const CARRIAGE_RETURN = /\r/g;
const TAB = /\t/g;
