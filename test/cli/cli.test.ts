import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main, type CommandIo } from '../../shared/cli/main.js';
import { articleSchema } from '../../shared/model/article.js';
import { readFeed } from '../../shared/formats/index.js';
import { articleId } from '../../shared/normalize/index.js';
import { tempDir } from '../support/temp-dir.js';

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
  const dir = tempDir('wirefeed-cli-');
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

  it('reads a feed from a URL on this machine when told --allow-loopback', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end('<rss version="2.0"><channel><title>T</title><link>https://x.example/</link><item><title>One</title><link>/a</link></item></channel></rss>');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    try {
      const { code, stdout } = await cli(['parse', `http://127.0.0.1:${port}/feed.xml`, '--allow-loopback']);
      expect(code).toBe(0);
      const [article] = JSON.parse(stdout) as Array<{ title: string; url: string }>;
      expect(article).toMatchObject({ title: 'One', url: 'https://x.example/a' });
    } finally {
      server.close();
    }
  });

  it('refuses a URL on this machine without --allow-loopback, and a metadata address even with it', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>T</title></channel></rss>');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    try {
      const loopback = await cli(['parse', `http://127.0.0.1:${port}/feed.xml`]);
      expect(loopback.code).toBe(1);
      expect(loopback.stderr).toMatch(/refused feed URL .*127\.0\.0\.1 is loopback/);
      // Refused before any connection: nothing is ever sent to a metadata address.
      const metadata = await cli(['parse', 'http://169.254.169.254/latest/meta-data/', '--allow-loopback']);
      expect(metadata.code).toBe(1);
      expect(metadata.stderr).toMatch(/169\.254\.169\.254 is metadata/);
      expect(requests).toBe(0);
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

  it.each([
    ['a URL', 'https://partner.example/feed.xml', 'Bad Id'],
    ['a file', KONTAN, 'Bad Id/../x'],
  ])('refuses a --partner no partner could have, for %s, with one line before reading anything', async (_case, source, partner) => {
    const { code, stdout, stderr } = await cli(['parse', source, '--partner', partner]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`wirefeed parse: --partner "${partner}": not a partner id (lowercase letters, digits and dashes, starting with a letter or digit)\n`);
  });

  it('refuses a URL it cannot fetch with one line', async () => {
    const { code, stderr } = await cli(['parse', 'http://exa mple/feed.xml']);
    expect(code).toBe(1);
    expect(stderr).toBe('wirefeed parse: http://exa mple/feed.xml: not a URL wirefeed can fetch (Invalid URL)\n');
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

/** Wire copy as agencies send it: no web link anywhere, only an agency id. */
const NITF_WITHOUT_LINK = `<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN">
  <head>
    <title>Gempa magnitudo 5,6 guncang Cianjur</title>
    <docdata><doc-id id-string="antara-2024-06-13-0042"/><date.issue norm="20240613T093000+0700"/></docdata>
  </head>
  <body>
    <body.head><hedline><hl1>Gempa magnitudo 5,6 guncang Cianjur</hl1></hedline><byline>Ahmad Fauzi</byline></body.head>
    <body.content><p>Gempa bumi bermagnitudo 5,6 mengguncang Kabupaten Cianjur, Jawa Barat, pada Kamis pagi.</p></body.content>
  </body>
</nitf>`;
const NEWSML_G2_WITHOUT_LINK = `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:antara.co.id:20240613:0043" version="2" standard="NewsML-G2" standardversion="2.33" xml:lang="id">
  <itemMeta><itemClass qcode="ninat:text"/><versionCreated>2024-06-13T02:45:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
  <contentMeta><headline>Harga minyak naik di awal perdagangan</headline></contentMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Harga minyak mentah naik pada perdagangan Kamis pagi.</p></body></html></inlineXML></contentSet>
</newsItem>`;

describe('wirefeed parse: no item dropped silently', () => {
  it.each([
    ['a plain NITF 3.6 story', 'story.nitf.xml', NITF_WITHOUT_LINK, 'antara-2024-06-13-0042', 'Gempa magnitudo 5,6 guncang Cianjur'],
    ['a NewsML-G2 story', 'story.g2.xml', NEWSML_G2_WITHOUT_LINK, 'urn:newsml:antara.co.id:20240613:0043', 'Harga minyak naik di awal perdagangan'],
  ])('prints the article of %s without links, with no url and its id from partner and guid', async (_name, file, xml, guid, title) => {
    const { code, stdout, stderr } = await cli(['parse', await tempFile(file, xml), '--partner', 'antara']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const articles = (JSON.parse(stdout) as unknown[]).map((a) => articleSchema.parse(a));
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({ partnerId: 'antara', guid, id: articleId('antara', guid, 1), title });
    expect(articles[0]).not.toHaveProperty('url');
  });

  it('names each skipped item and counts them on stderr, whatever --warnings says', async () => {
    const feed = await tempFile(
      'holes.xml',
      '<rss><channel><title>T</title><item><title>Kept</title></item><item><guid>empty-1</guid></item><item></item></channel></rss>',
    );
    const { code, stdout, stderr } = await cli(['parse', feed]);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Array<{ title: string }>).map((a) => a.title)).toEqual(['Kept']);
    expect(stderr).toBe(
      [
        'wirefeed parse: warning: item 2 (guid "empty-1") skipped: item has neither title nor text',
        'wirefeed parse: warning: item 3 skipped: item has neither title nor text',
        'wirefeed parse: 2 items skipped, 1 article printed',
        '',
      ].join('\n'),
    );
  });

  it('prints every warning with --warnings and only counts the reader\'s without it', async () => {
    const xml = '<rss><channel><item><title>A &bogus; b</b></title></item><item></item></channel></rss>';
    const readerWarnings = readFeed(xml).warnings;
    expect(readerWarnings.length).toBeGreaterThan(0);
    const feed = await tempFile('repaired.xml', xml);
    const skippedLine = 'wirefeed parse: warning: item 2 skipped: item has neither title nor text';
    const every = await cli(['parse', feed, '--warnings']);
    expect(every.code).toBe(0);
    expect(every.stderr.trimEnd().split('\n')).toEqual([
      ...readerWarnings.map((w) => `wirefeed parse: warning: ${w}`),
      skippedLine,
      'wirefeed parse: 1 item skipped, 1 article printed',
    ]);
    const quiet = await cli(['parse', feed]);
    expect(quiet.stderr.trimEnd().split('\n')).toEqual([
      skippedLine,
      'wirefeed parse: 1 item skipped, 1 article printed',
      `wirefeed parse: ${readerWarnings.length} more warning${readerWarnings.length === 1 ? '' : 's'} (--warnings prints them)`,
    ]);
  });
});

describe('wirefeed parse: truncated documents', () => {
  it('prints the items complete before the cut and says on stderr that the document is truncated', async () => {
    const feed = await tempFile('cut.xml', '<rss><channel><title>t</title><item><title>Whole story</title></item><item><title>cut off mid');
    const { code, stdout, stderr } = await cli(['parse', feed]);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Array<{ title: string }>).map((a) => a.title)).toEqual(['Whole story']);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^wirefeed parse: warning: document is truncated: /);
  });

  it('exits 1 with one line and prints nothing when no item was complete before the cut', async () => {
    const feed = await tempFile('cut.xml', '<rss><channel><title>t</title><item><title>cut off mid');
    const { code, stdout, stderr } = await cli(['parse', feed]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^wirefeed parse: truncated rss document: it ends before any item is complete/);
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
    ['a misspelt flag before the partner, not naming its value as the partner', ['partners', 'update', '--feed-ulr', 'x', 'kontan'], 'wirefeed partners update kontan: unknown option --feed-ulr (did you mean --feed-url?)'],
    ['a misspelt flag after a valued one', ['partners', 'update', '--interval', '120', '--feed-ulr', 'x', 'kontan'], 'wirefeed partners update kontan: unknown option --feed-ulr (did you mean --feed-url?)'],
    ['a value starting with a dash', ['partners', 'update', 'kontan', '--name', '-Wire'], 'wirefeed partners update kontan: --name needs a value; to give one starting with a dash, write --name=-Wire'],
  ])('answers %s with one line and a suggestion', async (_case, args, line) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.startsWith(line)).toBe(true);
  });

  it.each([
    ['add without --name', ['add', 'newp', '--feed-url', 'https://newp.example/rss'], 'wirefeed partners add: partner "newp": --name is required (or give --file)'],
    ['add with neither --name nor --feed-url', ['add', 'newp'], 'wirefeed partners add: partner "newp": --name and --feed-url are required (or give --file)'],
    ['update emptying the name', ['update', 'kontan', '--name', ''], 'wirefeed partners update: partner "kontan": --name cannot be empty (every partner has a name)'],
    ['an interval in hexadecimal', ['update', 'kontan', '--interval', '0x3c'], 'wirefeed partners update: partner "kontan" field "pollIntervalSeconds": --interval must be a positive whole number of seconds, not "0x3c"'],
    ['a negative interval', ['update', 'kontan', '--interval', '-5'], 'wirefeed partners update: partner "kontan" field "pollIntervalSeconds": --interval must be a positive whole number of seconds, not "-5"'],
    ['update emptying the feed URL', ['update', 'kontan', '--feed-url', ''], 'wirefeed partners update: partner "kontan": --feed-url cannot be empty (every partner has a feedUrl)'],
  ])('answers %s with one line naming the flag, before looking for a stack', async (_case, args, line) => {
    // --local with an empty data folder: had the command looked for its target first, it would say none runs.
    const dir = tempDir('wirefeed-cli-');
    const { code, stderr } = await cli(['partners', ...args, '--local', '--data', dir]);
    expect(code).toBe(1);
    expect(stderr).toBe(`${line}\n`);
  });

  it('says plainly when --local finds no local stack', async () => {
    const dir = tempDir('wirefeed-cli-');
    const { code, stderr } = await cli(['partners', 'list', '--local', '--data', dir]);
    expect(code).toBe(1);
    expect(stderr).toBe(`wirefeed partners list: no local stack is running from ${dir} (start it with npm start, or pass --data)\n`);
  });
});

describe('wirefeed serve', () => {
  const PORTS = 'must be a whole number from 1 to 65534 (the sample feeds take the next port), or 0 for free ports';
  it.each([
    ['--port 65535 (the sample feeds would need 65536)', ['--port', '65535'], {}, `--port ${PORTS}, not "65535"`],
    ['--port abc', ['--port', 'abc'], {}, `--port ${PORTS}, not "abc"`],
    ['PORT=abc, naming PORT', [], { PORT: 'abc' }, `PORT ${PORTS}, not "abc"`],
    ['--interval in hexadecimal', ['--interval', '0x3c'], {}, '--interval must be a whole number from 1 to 86400, not "0x3c"'],
  ])('refuses %s with one line before starting anything', async (_case, args, env, problem) => {
    const { code, stdout, stderr } = await cli(['serve', ...args], env);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`wirefeed serve: ${problem}\n`);
  });

  it.each([
    ['not JSON', '{ "partners": [', /partners\.json:1:16: not valid JSON/],
    ['a partner without a feed URL', '{ "partners": [{ "id": "kontan", "name": "Kontan" }] }', /partner "kontan" field "feedUrl"/],
  ])('refuses to start on a PARTNERS_FILE that is %s, with one line naming the file', async (_name, text, problem) => {
    const partnersFile = await tempFile('partners.json', text);
    const dataDir = tempDir('wirefeed-serve-');
    const { code, stderr } = await cli(['serve', '--port', '0', '--data', dataDir], { PARTNERS_FILE: partnersFile });
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(partnersFile);
    expect(stderr).toMatch(problem);
  });
});
