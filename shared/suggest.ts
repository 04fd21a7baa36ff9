/** Edit distance (optimal string alignment): insertions, deletions, substitutions and swaps of neighbours ("lsit"). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known name closest to a misspelt one, when it is close enough to be what was meant: at most a third of its
 * length in edits (at least one), compared without case, dashes or underscores (`feed_url` finds `feedUrl`).
 */
export function closest(wrong: string, known: Iterable<string>): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const target = fold(wrong);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const distance = editDistance(target, fold(name));
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(wrong.length / 3)) ? best : undefined;
}

/** " (did you mean X?)" or nothing. */
export function didYouMean(wrong: string, known: Iterable<string>, show: (name: string) => string = (n) => `"${n}"`): string {
  const match = closest(wrong, known);
  return match === undefined ? '' : ` (did you mean ${show(match)}?)`;
}

/** Line and column (both from 1) of a character offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/**
 * The offset of the first syntax error in a JSON text, found by a small scanner of our own: V8's messages give a
 * position for some errors only ("Unexpected token ']', ...": "a"},\n ]..." has none), and their form changes
 * between Node versions. Returns the text's length for an unexpected end, undefined for valid JSON.
 */
export function jsonErrorOffset(text: string): number | undefined {
  const scanner = new JsonScanner(text);
  try {
    scanner.value();
    scanner.space();
    return scanner.at < text.length ? scanner.at : undefined;
  } catch (at) {
    if (typeof at !== 'number') throw at;
    return Math.min(at, text.length);
  }
}

/** A recursive-descent JSON reader that only checks syntax; it throws the offset of the first error. */
class JsonScanner {
  at = 0;
  constructor(private readonly text: string) {}

  private fail(at = this.at): never {
    throw at;
  }

  space(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at]!)) this.at++;
  }

  value(): void {
    this.space();
    const ch = this.text[this.at];
    if (ch === undefined) this.fail();
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return this.string();
    if (ch === 't') return this.literal('true');
    if (ch === 'f') return this.literal('false');
    if (ch === 'n') return this.literal('null');
    return this.number();
  }

  private object(): void {
    this.at++;
    this.space();
    if (this.text[this.at] === '}') return void this.at++;
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail();
      this.string();
      this.space();
      if (this.text[this.at] !== ':') this.fail();
      this.at++;
      this.value();
      if (this.endOf('}')) return;
    }
  }

  private array(): void {
    this.at++;
    this.space();
    if (this.text[this.at] === ']') return void this.at++;
    for (;;) {
      this.value();
      if (this.endOf(']')) return;
    }
  }

  /** After a member: a comma continues (false), the closing bracket ends (true), anything else is an error. */
  private endOf(close: string): boolean {
    this.space();
    const ch = this.text[this.at];
    if (ch === ',') {
      this.at++;
      return false;
    }
    if (ch === close) {
      this.at++;
      return true;
    }
    return this.fail();
  }

  private string(): void {
    this.at++;
    for (;;) {
      const ch = this.text[this.at];
      if (ch === undefined || ch < ' ') this.fail();
      if (ch === '"') return void this.at++;
      if (ch !== '\\') {
        this.at++;
        continue;
      }
      const next = this.text[this.at + 1];
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) this.at += 6;
      else if (next !== undefined && '"\\/bfnrt'.includes(next)) this.at += 2;
      else this.fail();
    }
  }

  private literal(word: string): void {
    for (const ch of word) {
      if (this.text[this.at] !== ch) this.fail();
      this.at++;
    }
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at));
    if (!match) this.fail();
    this.at += match![0].length;
  }
}

/** Where a JSON.parse SyntaxError points, as line and column, with V8's reason minus its excerpt. */
export function jsonErrorPosition(text: string, error: unknown): { line: number; column: number; reason: string } {
  const message = error instanceof Error ? error.message : String(error);
  const token = /^Unexpected token '?(.)'?,/.exec(message);
  const reason = token
    ? `unexpected "${token[1]}"`
    : message
        .replace(/\s*\(line \d+ column \d+\)/, '')
        .replace(/\s*in JSON at position \d+.*$/, '')
        .replace(/^Unexpected end of JSON input$/, 'unexpected end of the document');
  return { ...lineAndColumn(text, jsonErrorOffset(text) ?? text.length), reason };
}
