import { readFile } from 'node:fs/promises';
import type { Command } from './command.js';
import { FEED_FORMATS, type FeedFormat } from '../model/wire-item.js';
import { parseFeedDocument } from '../index.js';
import { loadConfig } from '../config.js';
import { HttpFeedFetcher } from '../adapters/http/fetcher.js';
import { EnvSecretResolver } from '../adapters/secrets.js';
import { partnerIdSchema, partnerSchema } from '../model/partner.js';
import { BadRequestError, WirefeedError } from '../errors.js';

const formats = ['auto', ...FEED_FORMATS] as const;

/**
 * `wirefeed parse <file-or-url>`: prints the canonical articles as a JSON array. Stderr always names every item
 * left out, how many, and a truncation; `--warnings` adds every other warning (repairs, unreadable dates), otherwise
 * counted. A truncated document with no complete item is an error (exit 1, one line).
 */
export const parseCommand: Command = {
  summary: 'Parse a feed file or URL and print its normalized articles as a JSON array; skipped items go to stderr, every warning with --warnings.',
  usage: '<file-or-url> [--partner <id>] [--format auto|rss|atom|rdf|jsonfeed|newsml-g2|nitf] [--warnings] [--allow-loopback]',
  options: {
    'allow-loopback': { type: 'boolean', description: 'Allow a URL on this machine (127.0.0.1, ::1, localhost): for trying a feed served locally.' },
    partner: { type: 'string', short: 'p', description: 'Partner id the articles are attributed to (ids are derived from it).' },
    format: { type: 'string', short: 'f', description: 'Wire format, or auto to detect it (the default).' },
    warnings: { type: 'boolean', description: 'Print every warning to stderr (skipped items are always named there).' },
  },
  allowPositionals: true,
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new BadRequestError('expected exactly one file or URL (see --help)');
    const source = positionals[0]!;
    const format = (values.format as string | undefined) ?? 'auto';
    if (!(formats as readonly string[]).includes(format)) {
      throw new BadRequestError(`unknown format "${format}" (one of: ${formats.join(', ')})`);
    }
    const partnerId = (values.partner as string | undefined) ?? 'cli';
    // Checked here, before anything is read: the id goes into every article id, so a file given a partner no
    // partner could have ("Bad Id/../x") must be refused as a URL is.
    const checkedId = partnerIdSchema.safeParse(partnerId);
    if (!checkedId.success) throw new BadRequestError(`--partner "${partnerId}": not a partner id (${checkedId.error.issues[0]!.message})`);
    const config = loadConfig(io.env);
    const allowLoopback = values['allow-loopback'] === true;
    const input = await readInput(source, partnerId, config.FEED_MAX_BYTES, config, allowLoopback);
    const { feed, articles, skipped, warnings } = parseFeedDocument(input.body, {
      partnerId,
      url: input.url,
      contentType: input.contentType,
      format: format as FeedFormat | 'auto',
      maxBytes: config.FEED_MAX_BYTES,
    });
    io.stdout(JSON.stringify(articles, null, 2) + '\n');
    const everyWarning = values.warnings === true;
    // Without --warnings, only what lost items is printed: each skipped item, and the reader's truncation warning.
    const lostItems = (w: string) => skipped.includes(w) || (feed.truncated === true && w.startsWith('document is truncated'));
    const shown = everyWarning ? warnings : warnings.filter(lostItems);
    for (const warning of shown) io.stderr(`wirefeed parse: warning: ${warning}\n`);
    if (skipped.length > 0) {
      io.stderr(`wirefeed parse: ${plural(skipped.length, 'item')} skipped, ${plural(articles.length, 'article')} printed\n`);
    }
    const hidden = warnings.length - shown.length;
    if (hidden > 0) io.stderr(`wirefeed parse: ${plural(hidden, 'more warning')} (--warnings prints them)\n`);
    return 0;
  },
};

async function readInput(
  source: string,
  partnerId: string,
  maxBytes: number,
  config: ReturnType<typeof loadConfig>,
  allowLoopback: boolean,
): Promise<{ body: Uint8Array; url?: string; contentType?: string }> {
  if (/^https?:\/\//i.test(source)) {
    // The server at that URL controls where its redirects lead, so the address guard applies as for any partner;
    // a person trying a feed on their own machine says so with --allow-loopback (loopback only, never metadata).
    const checked = partnerSchema.safeParse({ id: partnerId, name: partnerId, feedUrl: source });
    if (!checked.success) throw new BadRequestError(`${source}: not a URL wirefeed can fetch (${checked.error.issues[0]!.message})`);
    const partner = checked.data;
    const fetcher = new HttpFeedFetcher({
      allowLocalPartners: false,
      allowLoopback,
      contactUrl: config.CONTACT_URL,
      connectTimeoutMs: config.FETCH_CONNECT_TIMEOUT_MS,
      totalTimeoutMs: config.FETCH_TIMEOUT_MS,
      maxBytes,
      secrets: new EnvSecretResolver({}),
    });
    const result = await fetcher.fetch(partner, {});
    if (result.status !== 'ok') throw new WirefeedError(`${source}: unexpected 304 Not Modified`);
    return { body: result.body, url: result.url, contentType: result.contentType };
  }
  try {
    return { body: new Uint8Array(await readFile(source)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WirefeedError(code === 'ENOENT' ? `${source}: no such file` : `${source}: cannot read (${code ?? error})`);
  }
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
