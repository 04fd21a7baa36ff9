/**
 * Limits on partner HTML, checked by one linear scan before any parser sees a body. htmlparser2 keeps its stack
 * of open tags with `unshift`, so a body of 40,000 unclosed `<x>` took 3.8 s and 160,000 overflowed the call
 * stack after two minutes; the steps after it recurse over the tree. Past a limit the item is refused (the
 * whole document with it, see normalizeFeed): no real article comes near these numbers, so a body that does is
 * hostile or broken, and flattening it would publish text nobody can check.
 */
export const HTML_LIMITS = {
  /**
   * Elements open at once. Chromium stops nesting at 512 too (deeper tags become siblings); real article bodies
   * stay under 30.
   */
  maxDepth: 512,
  /**
   * Elements in one body: a 500-row table of 10 cells is 5,500. Past ~20,000 the normalization steps, which
   * re-read whole paragraphs, take seconds on one body.
   */
  maxElements: 20_000,
  /** Characters of HTML in one item (body and summary each): a long feature is 100-200 KB of markup. */
  maxChars: 1_048_576,
} as const;

/** Why an HTML body breaks a limit, or undefined when it is within them all. */
export function htmlLimitBreach(html: string, limits: typeof HTML_LIMITS = HTML_LIMITS): string | undefined {
  if (html.length > limits.maxChars) return `${html.length} characters of HTML exceed the ${limits.maxChars}-character limit`;
  const stack: string[] = [];
  let lower: string | undefined;
  let elements = 0;
  const n = html.length;
  let i = html.indexOf('<');
  while (i !== -1 && i < n - 1) {
    const next = html.charCodeAt(i + 1);
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
      // Comment, doctype, CDATA, processing instruction: no element, skip to its end.
      const close = html.startsWith('<!--', i) ? html.indexOf('-->', i + 4) : html.indexOf('>', i + 2);
      i = close === -1 ? -1 : html.indexOf('<', close + 1);
      continue;
    }
    const isEnd = next === 0x2f; /* / */
    const nameStart = isEnd ? i + 2 : i + 1;
    let nameEnd = nameStart;
    if (!isLetter(html.charCodeAt(nameStart))) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    while (nameEnd < n && !isNameEnd(html.charCodeAt(nameEnd))) nameEnd++;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    const tagEnd = endOfTag(html, nameEnd);
    if (isEnd) closeTag(stack, name);
    else {
      elements++;
      if (elements > limits.maxElements) return `more than ${limits.maxElements} elements`;
      if (!VOID.has(name)) {
        impliedClose(stack, name);
        stack.push(name);
        if (stack.length > limits.maxDepth) return `elements nested more than ${limits.maxDepth} deep`;
      }
      if (RAW_TEXT.has(name)) {
        // Script, style and the like hold text up to their end tag, whatever it looks like.
        lower ??= html.toLowerCase();
        const close = lower.indexOf(`</${name}`, tagEnd);
        stack.pop();
        i = close === -1 ? -1 : html.indexOf('<', close + 2);
        continue;
      }
    }
    i = tagEnd >= n ? -1 : html.indexOf('<', tagEnd);
  }
  return undefined;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/**
 * The elements htmlparser2's tokenizer reads to their end tag without seeing tags inside, when opened outside SVG
 * and MathML: raw text (left as written) and RCDATA (entities decoded).
 */
export const RAW_TEXT_TAGS: ReadonlySet<string> = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
export const RCDATA_TAGS: ReadonlySet<string> = new Set(['title', 'textarea']);
const RAW_TEXT = new Set([...RAW_TEXT_TAGS, ...RCDATA_TAGS]);
// The implied end tags htmlparser2 applies too: counting only these keeps the scan an upper bound of its depth.
const CLOSED_BY_SAME = new Set(['p', 'li', 'dt', 'dd', 'td', 'th', 'tr', 'option']);
const CLOSES_P = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'table', 'blockquote', 'pre', 'form', 'section', 'article',
  'aside', 'header', 'footer', 'nav', 'figure', 'dl', 'hr',
]);
/** How far back an end tag looks for its element: a stray `</x>` costs at most this, so the scan stays linear. */
const END_TAG_REACH = 64;

function impliedClose(stack: string[], name: string): void {
  const top = stack[stack.length - 1];
  if (top === undefined) return;
  if ((top === name && CLOSED_BY_SAME.has(name)) || (top === 'p' && CLOSES_P.has(name))) stack.pop();
  else if ((name === 'td' || name === 'th') && (top === 'td' || top === 'th')) stack.pop();
}

function closeTag(stack: string[], name: string): void {
  const floor = Math.max(0, stack.length - END_TAG_REACH);
  for (let k = stack.length - 1; k >= floor; k--) {
    if (stack[k] === name) {
      // pop() rather than `length = k`: truncating through length is a slow runtime call in V8.
      while (stack.length > k) stack.pop();
      return;
    }
  }
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isNameEnd(c: number): boolean {
  return c === 0x3e || c === 0x2f || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

/** Index just past the `>` that ends a tag, skipping quoted attribute values (a quote opens one only after `=`). */
function endOfTag(html: string, from: number): number {
  const n = html.length;
  let j = from;
  let afterEquals = false;
  while (j < n) {
    const c = html.charCodeAt(j);
    if (c === 0x3e) return j + 1;
    if (c === 0x3d) afterEquals = true;
    else if (afterEquals && (c === 0x22 || c === 0x27)) {
      afterEquals = false;
      const close = html.indexOf(c === 0x22 ? '"' : "'", j + 1);
      if (close === -1) return n;
      j = close + 1;
      continue;
    } else if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) afterEquals = false;
    j++;
  }
  return n;
}
