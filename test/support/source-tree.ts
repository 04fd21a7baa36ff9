import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** The repository root, for the architecture checks that read the source tree. */
export const ROOT = normalize(join(import.meta.dirname, '..', '..'));

/** Every .ts/.mts/.mjs file under these folders of the repository, as repository-relative paths. */
export function sourceFiles(...folders: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(ROOT, dir))) {
      const path = join(dir, name);
      if (name === 'node_modules' || name.startsWith('.')) continue;
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (/\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
    }
  };
  for (const folder of folders) walk(folder);
  return out.sort();
}

/** The text of a file with comments and the contents of string literals blanked out (newlines kept). */
export function codeOnly(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') (out += ' '), i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (; i < stop; i++) out += text[i] === '\n' ? '\n' : ' ';
    } else if (c === '/' && startsRegex(out)) {
      // A regex literal such as /^\// would otherwise read as a comment and swallow the rest of its line.
      out += c;
      i++;
      let inClass = false;
      while (i < text.length && text[i] !== '\n' && (inClass || text[i] !== '/')) {
        if (text[i] === '\\') (out += '  '), (i += 2);
        else {
          if (text[i] === '[') inClass = true;
          else if (text[i] === ']') inClass = false;
          (out += ' '), i++;
        }
      }
      out += text[i] ?? '';
      i++;
    } else if (c === "'" || c === '"' || c === '`') {
      out += c;
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\') (out += '  '), (i += 2);
        else (out += text[i] === '\n' ? '\n' : ' '), i++;
      }
      out += c;
      i++;
    } else (out += c), i++;
  }
  return out;
}

/** Whether a `/` after this code opens a regex literal rather than dividing: nothing before it yields a value. */
function startsRegex(before: string): boolean {
  let end = before.length;
  while (end > 0 && /\s/.test(before[end - 1]!)) end--;
  const prev = before.slice(Math.max(0, end - 8), end);
  return prev === '' || /[(,=:[!&|?{};+\-*%<>~^]$/.test(prev) || /\b(return|typeof|case|do|else|in|of|void|yield|await)$/.test(prev);
}

/** The module specifiers a file imports or re-exports (static and dynamic). */
export function importSpecifiers(text: string): string[] {
  const specs: string[] = [];
  const pattern = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(pattern)) specs.push((m[1] ?? m[2] ?? m[3])!);
  return specs;
}

/** The project file a relative specifier names (`./x.js` is `./x.ts` on disk), or undefined for packages. */
export function resolveRelative(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = normalize(join(dirname(from), spec));
  for (const candidate of [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(join(ROOT, candidate)) && statSync(join(ROOT, candidate)).isFile()) return relative(ROOT, join(ROOT, candidate));
  }
  return undefined;
}

/** The import cycles among these files (each as the list of files around it), found by a depth-first search. */
export function importCycles(files: string[]): string[][] {
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    edges.set(file, importSpecifiers(text).map((s) => resolveRelative(file, s)).filter((f): f is string => f !== undefined));
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const target of edges.get(file) ?? []) {
      if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target]);
      else if (!state.has(target) && edges.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return cycles;
}

/** A function (or method, constructor, arrow with a block body) and how many lines its body spans. */
export interface FunctionSpan {
  file: string;
  name: string;
  line: number;
  lines: number;
}

const FUNCTION_START = [
  /\bfunction\b\s*\*?\s*([\w$]*)\s*[<(]/,
  /\b(constructor)\s*\(/,
  /^\s*(?:(?:public|private|protected|static|async|override|readonly|get|set)\s+)*([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*\(.*\)\s*(?::[^=]*)?\{\s*$/,
  /(?:const|let)\s+([\w$]+)\s*=.*=>\s*\{\s*$/,
  /=>\s*\{\s*$/,
];
const NOT_FUNCTIONS = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'with']);

/** The functions of a file longer than one line, with their length in lines (a brace-counting scan). */
export function functionSpans(file: string): FunctionSpan[] {
  const lines = codeOnly(readFileSync(join(ROOT, file), 'utf8')).split('\n');
  const depthAfter: number[] = [];
  let depth = 0;
  for (const line of lines) {
    for (const ch of line) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
    depthAfter.push(depth);
  }
  const spans: FunctionSpan[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = FUNCTION_START.map((re) => lines[i]!.match(re)).find((m) => m !== null);
    if (!match) continue;
    const name = match[1] || '(anonymous)';
    if (NOT_FUNCTIONS.has(name)) continue;
    const startDepth = i === 0 ? 0 : depthAfter[i - 1]!;
    let opened = false;
    for (let j = i; j < lines.length; j++) {
      if (depthAfter[j]! > startDepth) opened = true;
      else if (opened || depthAfter[j]! < startDepth) {
        if (opened) spans.push({ file, name, line: i + 1, lines: j - i + 1 });
        break;
      }
    }
  }
  return spans;
}
