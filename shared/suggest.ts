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
  let i = 0;
  const fail = (at: number): never => {
    throw at;
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) if (text[i++] !== ch) fail(i - 1);
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail(i);
      const ch = text[i]!;
      if (ch === '"') return void i++;
      if (ch < ' ') fail(i);
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i);
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else fail(i);
      } else i++;
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail(i);
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === undefined) fail(i);
    if (ch === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail(i);
        string();
        space();
        if (text[i] !== ':') fail(i);
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail(i);
      }
    }
    if (ch === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail(i);
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    return number();
  };
  try {
    value();
    space();
    return i < text.length ? i : undefined;
  } catch (at) {
    return Math.min(at as number, text.length);
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
