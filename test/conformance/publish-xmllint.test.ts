import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../shared/model/article.js';
import { feedCases, requireTool, startPublishServer, withExtension } from '../publish/conformance-server.js';

const run = promisify(execFile);
// RFC 4287 appendix B, converted from RNC to RNG with trang.
const ATOM_RNG = fileURLToPath(new URL('../fixtures/schemas/atom.rng', import.meta.url));

let server: Server;
let base: string;
let visible: Article[];
let dir: string;

beforeAll(async () => {
  requireTool(['xmllint', '--version'], 'libxml2-utils');
  dir = mkdtempSync(join(tmpdir(), 'wirefeed-xmllint-'));
  ({ server, base, visible } = await startPublishServer());
});
afterAll(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function download(path: string, name: string): Promise<string> {
  const res = await fetch(`${base}${path}`);
  expect(res.status, path).toBe(200);
  const file = join(dir, name);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

async function xmllint(args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run('xmllint', args, { timeout: 60_000 });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? String(error)}` };
  }
}

describe('publish conformance: xmllint', () => {
  it('validates every Atom feed against the RFC 4287 RELAX NG schema', async () => {
    let n = 0;
    for (const { path } of feedCases(visible)) {
      const file = await download(withExtension(path, 'atom'), `feed-${n++}.atom`);
      const result = await xmllint(['--noout', '--relaxng', ATOM_RNG, file]);
      expect(result.ok, `${path}: ${result.output}`).toBe(true);
      expect(result.output).toContain('validates');
    }
  });

  it('finds every RSS and the XSL stylesheet well-formed', async () => {
    let n = 0;
    for (const { path } of feedCases(visible)) {
      const file = await download(withExtension(path, 'rss'), `feed-${n++}.rss`);
      const result = await xmllint(['--noout', '--nonet', file]);
      expect(result.ok, `${path}: ${result.output}`).toBe(true);
    }
    const xsl = await download('/feeds/style.xsl', 'style.xsl');
    expect((await xmllint(['--noout', '--nonet', xsl])).ok).toBe(true);
  });

  it('refuses an Atom feed without an id (the schema check is real)', async () => {
    const file = await download('/feeds/all.atom?limit=2', 'broken.atom');
    const broken = join(dir, 'broken-no-id.atom');
    writeFileSync(broken, readFileSync(file, 'utf8').replace(/<id>tag:wirefeed\.local,2024:feed:[^<]*<\/id>/, ''));
    const result = await xmllint(['--noout', '--relaxng', ATOM_RNG, broken]);
    expect(result.ok).toBe(false);
  });
});
