import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOnly, functionSpans, importCycles, importSpecifiers, resolveRelative, ROOT, sourceFiles } from './support/source-tree.js';

/** The pure core: shared/ outside its edges (adapters/, the composition root in it, and the CLI). */
const CORE = sourceFiles('shared').filter((f) => !f.startsWith('shared/adapters/') && !f.startsWith('shared/cli/'));
const FORBIDDEN_IN_CORE = /^(@aws-sdk\/.*|(node:)?(http|https|net|dns)(\/.*)?)$/;

/** Longest a function may be, in lines. */
const MAX_FUNCTION_LINES = 80;
/** Functions allowed to be longer for now, each with why. */
const LONG_FUNCTION_ALLOWLIST: Record<string, string> = {};

describe('architecture: the pure core', () => {
  it('finds the core modules to check', () => {
    expect(CORE).toContain('shared/model/article-rules.ts');
    expect(CORE).not.toContain('shared/adapters/runtime.ts');
  });

  it.each(CORE)('%s imports no AWS SDK and no network module', (file) => {
    const specs = importSpecifiers(readFileSync(join(ROOT, file), 'utf8'));
    expect(specs.filter((s) => FORBIDDEN_IN_CORE.test(s))).toEqual([]);
  });

  it.each(CORE)('%s does not read process.env', (file) => {
    expect(codeOnly(readFileSync(join(ROOT, file), 'utf8'))).not.toMatch(/\bprocess\s*\.\s*env\b|\bprocess\s*\[\s*['"]env/);
  });

  it('recognises a forbidden import and an environment read when it sees one', () => {
    const sample = "import { S3Client } from '@aws-sdk/client-s3';\nimport * as net from 'node:net';\nconst x = process.env.X;";
    expect(importSpecifiers(sample).filter((s) => FORBIDDEN_IN_CORE.test(s))).toEqual(['@aws-sdk/client-s3', 'node:net']);
    expect(codeOnly(sample)).toMatch(/\bprocess\s*\.\s*env\b/);
    expect(codeOnly("// process.env is read at the edge\nconst s = 'process.env';")).not.toMatch(/\bprocess\s*\.\s*env\b/);
  });

  it('reads a regex literal as code, not as the start of a comment, and still divides', () => {
    expect(codeOnly("const k = name.replace(/^\\//, ''); const env = process.env;")).toMatch(/\bprocess\s*\.\s*env\b/);
    expect(codeOnly('const r = /[/]x/.test(s) ? a / b : c; }')).toMatch(/a \/ b : c; \}$/);
  });
});

describe('architecture: imports', () => {
  it('has no import cycles among the modules of shared/, functions/ and infra/', () => {
    expect(importCycles(sourceFiles('shared', 'functions', 'infra'))).toEqual([]);
  });

  it('lets the core import nothing from the edges (adapters, CLI, functions, infra)', () => {
    const leaks = CORE.flatMap((file) =>
      importSpecifiers(readFileSync(join(ROOT, file), 'utf8'))
        .filter((s) => /(^|\/)(adapters|cli)\/|(^|\/)\.\.\/(functions|infra)\//.test(s) && s.startsWith('.'))
        .map((s) => `${file} → ${s}`),
    );
    expect(leaks).toEqual([]);
  });
});

/** Every module the file reaches through relative imports, itself included, and the packages they import. */
function reachable(entry: string): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (modules.has(file)) return;
    modules.add(file);
    for (const spec of importSpecifiers(readFileSync(join(ROOT, file), 'utf8'))) {
      if (!spec.startsWith('.')) packages.add(spec);
      else {
        const target = resolveRelative(file, spec);
        if (target !== undefined) visit(target);
      }
    }
  };
  visit(entry);
  return { modules, packages };
}

// From the publish use case and the renderers (the runtime's composition root also wires ingestion, which the
// bundler drops from the publish function; its bundle is measured in infra/bundle-sizes.ts).
describe('architecture: publish carries no sanitizer (issue 16)', () => {
  const entries = sourceFiles('shared/publish', 'shared/render');
  const { modules, packages } = entries.map(reachable).reduce((all, r) => ({ modules: new Set([...all.modules, ...r.modules]), packages: new Set([...all.packages, ...r.packages]) }));

  it('reaches the renderers from the publish use case', () => {
    expect(entries).toContain('shared/publish/publish.ts');
    expect(modules).toContain('shared/render/html.ts');
  });

  it('reaches no normalization module and no HTML parser or serializer from the publish use case or the renderers', () => {
    expect([...modules].filter((m) => m.startsWith('shared/normalize/'))).toEqual([]);
    expect([...packages].filter((p) => /^(htmlparser2|domhandler|domutils|dom-serializer|sanitize-html|parse5)(\/|$)/.test(p))).toEqual([]);
  });
});

describe('architecture: function length', () => {
  const files = sourceFiles('shared', 'functions', 'infra');
  const spans = files.flatMap((f) => functionSpans(f));

  it(`keeps every function under ${MAX_FUNCTION_LINES} lines, apart from the named exceptions`, () => {
    const long = spans.filter((s) => s.lines > MAX_FUNCTION_LINES && !(`${s.file}:${s.name}` in LONG_FUNCTION_ALLOWLIST));
    expect(long.map((s) => `${s.file}:${s.name} (line ${s.line}, ${s.lines} lines)`)).toEqual([]);
  });

  it('allows no exception that is no longer needed', () => {
    const stillLong = new Set(spans.filter((s) => s.lines > MAX_FUNCTION_LINES).map((s) => `${s.file}:${s.name}`));
    expect(Object.keys(LONG_FUNCTION_ALLOWLIST).filter((key) => !stillLong.has(key))).toEqual([]);
  });

  it('measures a function by its body, nested braces and multi-line signatures included', () => {
    expect(spans.find((s) => s.file === 'shared/model/article-rules.ts' && s.name === 'isPublic')?.lines).toBe(9);
  });
});
