import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main, type CommandIo } from '../../shared/cli/main.js';
import { articleSchema } from '../../shared/model/article.js';

const run = promisify(execFile);
const KONTAN = 'infra/local/sample-feeds/kontan.xml';

async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, isTty: false };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

async function tempFile(name: string, content: string | Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wirefeed-cli-'));
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('wirefeed parse', () => {
  it('prints the normalized articles of an RSS file as a JSON array in the canonical model', async () => {
    const { code, stdout, stderr } = await cli(['parse', KONTAN, '--partner', 'kontan']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const articles = JSON.parse(stdout) as unknown[];
    expect(articles).toHaveLength(3);
    const seed = articleSchema.parse(articles[0]);
    expect(seed).toMatchObject({ partnerId: 'kontan', source: 'Reuters', dateline: 'SEOUL', language: 'id' });
  });

  it('reads a feed from a URL', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end('<rss version="2.0"><channel><title>T</title><link>https://x.example/</link><item><title>One</title><link>/a</link></item></channel></rss>');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    try {
      const { code, stdout } = await cli(['parse', `http://127.0.0.1:${port}/feed.xml`]);
      expect(code).toBe(0);
      const [article] = JSON.parse(stdout) as Array<{ title: string; url: string }>;
      expect(article).toMatchObject({ title: 'One', url: 'https://x.example/a' });
    } finally {
      server.close();
    }
  });

  it('exits non-zero with one line naming what was found when the input is an HTML page, not a feed', async () => {
    const page = await tempFile('page.html', '<!doctype html><html><head><title>Hi</title></head><body><p>Not a feed</p></body></html>');
    const { code, stdout, stderr } = await cli(['parse', page]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^wirefeed parse: .*HTML/i);
  });

  it('says which file is missing', async () => {
    const { code, stderr } = await cli(['parse', 'no/such/feed.xml']);
    expect(code).toBe(1);
    expect(stderr).toBe('wirefeed parse: no/such/feed.xml: no such file\n');
  });

  it('refuses an unknown --format with the list of formats', async () => {
    const { code, stderr } = await cli(['parse', KONTAN, '--format', 'mp3']);
    expect(code).toBe(1);
    expect(stderr).toContain('unknown format "mp3" (one of: auto, rss, atom, rdf, jsonfeed, newsml-g2, nitf)');
  });
});

describe('wirefeed (the command)', () => {
  it('describes every command with --help', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const name of ['parse', 'ingest', 'serve', 'replay']) expect(stdout).toContain(`  ${name} `);
    for (const name of ['parse', 'ingest', 'serve', 'replay']) {
      const help = await cli([name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: wirefeed ${name}`);
    }
  });

  it('rejects an unknown command and an unknown flag with one line and exit code 2', async () => {
    expect(await cli(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^wirefeed: unknown command "frobnicate"/) });
    const flag = await cli(['parse', KONTAN, '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('ingest names the missing setting instead of failing deep inside', async () => {
    const { code, stderr } = await cli(['ingest'], {});
    expect(code).toBe(1);
    expect(stderr).toBe('wirefeed ingest: missing environment variable TABLE_NAME\n');
  });

  it('runs as the installed bin: a broken feed gives one line on stderr, no stack trace', async () => {
    const broken = await tempFile('broken.bin', new Uint8Array([0, 159, 146, 150, 0, 1, 2, 3]));
    const error = await run('node', ['shared/cli/bin.mjs', 'parse', broken]).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(error?.stderr).toMatch(/^wirefeed parse: /);
    expect(error?.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('wirefeed help, version and mistakes', () => {
  it('prints its version', async () => {
    const pkg = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync('package.json', 'utf8'))) as { version: string };
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `wirefeed ${pkg.version}\n` });
    expect((await cli(['partners', 'list', '--version'])).stdout).toBe(`wirefeed ${pkg.version}\n`);
  });

  it.each([['parse'], ['ingest'], ['serve'], ['replay'], ['partners list'], ['partners update'], ['partners test']])(
    'describes every option of `%s` in its --help',
    async (name) => {
      const { code, stdout } = await cli([...name.split(' '), '--help']);
      expect(code).toBe(0);
      const optionLines = stdout.split('\n').filter((l) => /^\s+(-\w, )?\s*--/.test(l));
      expect(optionLines.length).toBeGreaterThan(1);
      for (const line of optionLines) expect(line).toMatch(/--\S+(?: <[^>]+>)?\s{2,}\S/);
    },
  );

  it('lists the partners commands', async () => {
    const { code, stdout } = await cli(['partners', '--help']);
    expect(code).toBe(0);
    for (const name of ['list', 'show', 'add', 'update', 'enable', 'disable', 'remove', 'test', 'refresh', 'reset', 'import', 'export']) {
      expect(stdout).toContain(`  ${name} `);
    }
  });

  it.each([
    ['a misspelt command', ['partnrs', 'list'], 'wirefeed: unknown command "partnrs" (did you mean "partners"?)'],
    ['a misspelt subcommand', ['partners', 'lsit'], 'wirefeed partners: unknown command "lsit" (did you mean "list"?)'],
    ['a misspelt flag, naming the partner', ['partners', 'update', 'kontan', '--feed-ulr', 'https://x.example/'], 'wirefeed partners update kontan: unknown option --feed-ulr (did you mean --feed-url?)'],
  ])('answers %s with one line and a suggestion', async (_case, args, line) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.startsWith(line)).toBe(true);
  });

  it('says plainly when --local finds no local stack', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wirefeed-cli-'));
    const { code, stderr } = await cli(['partners', 'list', '--local', '--data', dir]);
    expect(code).toBe(1);
    expect(stderr).toBe(`wirefeed partners list: no local stack is running from ${dir} (start it with npm start, or pass --data)\n`);
  });
});

describe('wirefeed serve', () => {
  it.each([
    ['not JSON', '{ "partners": [', /partners\.json:1:16: not valid JSON/],
    ['a partner without a feed URL', '{ "partners": [{ "id": "kontan", "name": "Kontan" }] }', /partner "kontan" field "feedUrl"/],
  ])('refuses to start on a PARTNERS_FILE that is %s, with one line naming the file', async (_name, text, problem) => {
    const partnersFile = await tempFile('partners.json', text);
    const dataDir = await mkdtemp(join(tmpdir(), 'wirefeed-serve-'));
    const { code, stderr } = await cli(['serve', '--port', '0', '--data', dataDir], { PARTNERS_FILE: partnersFile });
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(partnersFile);
    expect(stderr).toMatch(problem);
  });
});
