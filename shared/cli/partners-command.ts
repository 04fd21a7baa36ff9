import { readFile, writeFile } from 'node:fs/promises';
import type { Command, CommandIo, OptionSpec } from './command.js';
import { partnerSchema, type Partner } from '../model/partner.js';
import { FEED_FORMATS } from '../model/wire-item.js';
import { systemClock, type IngestionSummary, type PartnerState } from '../ports.js';
import { loadConfig } from '../config.js';
import { BadRequestError, ConfigError } from '../errors.js';
import { checkPartner, parseJsonText, parsePartnersText, unreadablePartnersFile } from '../partners.js';
import { parseFeedDocument } from '../index.js';
import { didYouMean } from '../suggest.js';
import {
  addPartner,
  exportPartners,
  importPartners,
  removePartner,
  requirePartner,
  resetPartner,
  setPartnerEnabled,
  updatePartner,
  type PartnerAdminDeps,
} from '../partner-admin/manage.js';
import { partnerStatus, type PartnerStatus } from '../partner-admin/status.js';
import { formatSummary } from '../ingest/ingest-partners.js';
import { ingestPartner, movedWarning, storeArticles } from '../ingest/ingest-partner.js';
import { createRuntime, type Runtime } from '../adapters/runtime.js';
import { findTarget, TARGET_OPTIONS, type PartnersTarget } from './partners-target.js';

type Values = Record<string, string | boolean | string[] | undefined>;

/** A partner setting as a flag of `add` and `update`. */
interface FieldFlag {
  field: string;
  kind: 'text' | 'number' | 'boolean' | 'auth';
  description: string;
}

const NAMED_FIELDS: Record<string, FieldFlag> = {
  name: { field: 'name', kind: 'text', description: 'The partner\'s name as readers see it.' },
  'feed-url': { field: 'feedUrl', kind: 'text', description: 'The feed\'s http(s) URL.' },
  format: { field: 'format', kind: 'text', description: `Wire format: auto, ${FEED_FORMATS.join(', ')}.` },
  language: { field: 'defaultLanguage', kind: 'text', description: 'Default language (BCP 47, e.g. id, en) for items that do not say.' },
  interval: { field: 'pollIntervalSeconds', kind: 'number', description: 'Seconds between polls (60 to 86400).' },
  enabled: { field: 'enabled', kind: 'boolean', description: 'true or false (or use enable/disable).' },
  'private-network': { field: 'local', kind: 'boolean', description: 'true lets it fetch loopback and private addresses (local stack only).' },
  'time-zone': { field: 'timeZone', kind: 'text', description: 'IANA time zone its pages show times in, e.g. Asia/Jakarta.' },
  auth: { field: 'auth', kind: 'auth', description: 'header:NAME:SECRET, basic:USER:SECRET, query:PARAM:SECRET or none (SECRET is a secret\'s name).' },
};

/** Every partner setting has a flag: the named ones above, and any other field in kebab case (`timeZone` → `--time-zone`). */
const FIELD_FLAGS: Record<string, FieldFlag> = (() => {
  const flags = { ...NAMED_FIELDS };
  const named = new Set(Object.values(NAMED_FIELDS).map((f) => f.field));
  for (const field of Object.keys(partnerSchema.shape)) {
    if (field === 'id' || named.has(field)) continue;
    flags[field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)] = { field, kind: 'text', description: `The partner's ${field}.` };
  }
  return flags;
})();

const FIELD_OPTIONS: Record<string, OptionSpec> = Object.fromEntries(
  Object.entries(FIELD_FLAGS).map(([flag, f]) => [flag, { type: 'string', description: f.description }]),
);

/** The flags of the settings every partner must have (name, feed URL): those the schema has no default for. */
const REQUIRED_FLAGS: string[] = Object.entries(FIELD_FLAGS)
  .filter(([, spec]) => !partnerSchema.shape[spec.field as keyof typeof partnerSchema.shape].safeParse(undefined).success)
  .map(([flag]) => flag);

/**
 * The changes the field flags ask for; an empty value removes an optional setting. A required one cannot be
 * removed: `--name ""` says so here, rather than as the schema's "expected string, received undefined".
 */
function fieldChanges(values: Values, partnerId: string): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [flag, spec] of Object.entries(FIELD_FLAGS)) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    if (raw === '' && REQUIRED_FLAGS.includes(flag)) {
      throw new BadRequestError(`partner "${partnerId}": --${flag} cannot be empty (every partner has a ${spec.field})`);
    }
    changes[spec.field] = raw === '' ? undefined : fieldValue(raw, spec, flag, partnerId);
  }
  return changes;
}

/** What `add` makes of its flags: a partner, once every required setting is given. */
function addedFromFlags(values: Values, positionals: string[]): Record<string, unknown> {
  const id = oneId(positionals);
  const missing = REQUIRED_FLAGS.filter((flag) => typeof values[flag] !== 'string').map((flag) => `--${flag}`);
  if (missing.length) {
    throw new BadRequestError(`partner "${id}": ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} required (or give --file)`);
  }
  return { id, ...fieldChanges(values, id) };
}

function fieldValue(raw: string, spec: FieldFlag, flag: string, partnerId: string): unknown {
  const bad = (what: string) => new BadRequestError(`partner "${partnerId}" field "${spec.field}": --${flag} ${what}, not "${raw}"`);
  switch (spec.kind) {
    case 'text':
      return raw;
    case 'number':
      // Digits only: Number() would also take "0x3c" (60), "1e3" and " 60 ".
      if (!/^\d+$/.test(raw)) throw bad('must be a positive whole number of seconds');
      return Number(raw);
    case 'boolean':
      if (/^(true|yes|on)$/i.test(raw)) return true;
      if (/^(false|no|off)$/i.test(raw)) return false;
      throw bad('must be true or false');
    case 'auth': {
      if (raw === 'none') return undefined;
      const [type, key, ...secret] = raw.split(':');
      const name = secret.join(':');
      if (!key || !name) throw bad('must be TYPE:NAME:SECRET (e.g. header:X-Api-Key:wirefeed/kontan-key)');
      if (type === 'header') return { type, header: key, secret: name };
      if (type === 'basic') return { type, username: key, secret: name };
      if (type === 'query') return { type, param: key, secret: name };
      throw bad(`type must be header, basic or query${didYouMean(type ?? '', ['header', 'basic', 'query'])}`);
    }
  }
}

/** The ports a partners command works on, against its target. */
interface Session {
  target: PartnersTarget;
  runtime: Runtime;
  deps: PartnerAdminDeps;
  close(): void;
}

/** The composition root pointed at the target: its table and bucket, its clients, secrets from this shell. */
async function open(values: Values, io: CommandIo): Promise<Session> {
  const target = await findTarget(values, io.env);
  const env: Record<string, string | undefined> = { ...io.env, TABLE_NAME: target.tableName };
  if (target.bucketName) env.RAW_BUCKET_NAME = target.bucketName;
  // The address guard lets `local` partners through only in the local stack; against it, the CLI is part of it.
  if (target.isLocalStack) env.LOCAL_STACK = 'true';
  const runtime = createRuntime(loadConfig(env), { clients: { dynamo: target.dynamo, s3: target.s3 }, secretsEnv: io.env });
  return {
    target,
    runtime,
    deps: runtime.partnerAdmin(),
    close: () => {
      target.dynamo.destroy();
      target.s3.destroy();
    },
  };
}

/**
 * Builds a subcommand that opens its target, runs, and closes the clients whatever happens. `prepare` reads the
 * flags first, so a mistake in them is reported before anything is connected to; `body` gets what it returned.
 */
function sub<Prepared = undefined>(
  summary: string,
  usage: string,
  options: Record<string, OptionSpec>,
  body: (session: Session, values: Values, positionals: string[], io: CommandIo, prepared: Prepared) => Promise<number>,
  prepare?: (values: Values, positionals: string[]) => Prepared,
): Command {
  return {
    summary,
    usage,
    options: { ...options, ...TARGET_OPTIONS },
    allowPositionals: true,
    async run(values, positionals, io) {
      const prepared = prepare?.(values, positionals) as Prepared;
      const session = await open(values, io);
      try {
        return await body(session, values, positionals, io, prepared);
      } finally {
        session.close();
      }
    },
  };
}

function oneId(positionals: string[], what = 'a partner id'): string {
  if (positionals.length !== 1) throw new BadRequestError(`expected ${what} (see --help)`);
  return positionals[0]!;
}

const time = (iso: string | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')}Z` : '-');
const cut = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);

interface ListedPartner extends PartnerStatus {
  articles: number;
}

async function listed(deps: PartnerAdminDeps, partners: Partner[]): Promise<ListedPartner[]> {
  return Promise.all(
    partners.map(async (p) => ({
      ...partnerStatus(p, await deps.states.get(p.id)),
      articles: await deps.articles!.count(p.id),
    })),
  );
}

/** A plain-text table, one row per partner, columns padded to their widest cell. */
export function partnersTable(rows: ListedPartner[]): string {
  const header = ['ID', 'NAME', 'ENABLED', 'INTERVAL', 'LAST SUCCESS', 'LAST ERROR', 'FAILURES', 'CIRCUIT', 'NEXT POLL', 'ARTICLES'];
  const cells = rows.map((r) => [
    r.id,
    cut(r.name, 28),
    r.enabled ? 'yes' : 'no',
    `${r.pollIntervalSeconds}s`,
    time(r.lastSuccessAt),
    r.lastError ? cut(r.lastError, 48) : '-',
    String(r.consecutiveFailures),
    r.circuit,
    time(r.nextPollAt),
    String(r.articles),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  return [header, ...cells].map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

const listCommand = sub(
  'List every partner with its health: last success, last error, failures, circuit, next poll, articles.',
  '[--json]',
  { json: { type: 'boolean', description: 'Print JSON instead of a table.' } },
  async ({ deps }, values, _positionals, io) => {
    const rows = await listed(deps, await deps.partners.list());
    io.stdout(values.json ? `${JSON.stringify(rows, null, 2)}\n` : rows.length ? partnersTable(rows) : 'no partners yet: add one with `wirefeed partners add` or `import`\n');
    return 0;
  },
);

const showCommand = sub(
  'Show one partner: its settings, health, article count and recent runs.',
  '<id> [--json]',
  { json: { type: 'boolean', description: 'Print JSON.' } },
  async ({ deps, runtime }, values, positionals, io) => {
    const partner = await requirePartner(oneId(positionals), deps);
    const [row] = await listed(deps, [partner]);
    const recent = await runtime.storage().runs.listRecent(partner.id, 5);
    if (values.json) {
      io.stdout(`${JSON.stringify({ partner, status: row, recentRuns: recent }, null, 2)}\n`);
      return 0;
    }
    const lines = [`${partner.id}: ${partner.name}`, ...Object.entries(partner).map(([k, v]) => `  ${k.padEnd(20)}${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)];
    lines.push('', `  health              ${row!.health}`, `  articles            ${row!.articles}`, `  last success        ${time(row!.lastSuccessAt)}`);
    if (row!.lastError) lines.push(`  last error          ${row!.lastError}`, `  failing since       ${time(row!.failingSince)}`);
    lines.push(`  failures            ${row!.consecutiveFailures} (circuit ${row!.circuit})`, `  next poll           ${time(row!.nextPollAt)}`);
    if (recent.length) lines.push('', 'Recent runs:', ...recent.map((r: IngestionSummary) => `  ${time(r.startedAt)}  ${formatSummary(r)}`));
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
);

const addCommand = sub<Record<string, unknown> | undefined>(
  'Add a partner, from flags or a JSON file holding one partner.',
  '<id> --name <name> --feed-url <url> [settings] | --file <partner.json>',
  { ...FIELD_OPTIONS, file: { type: 'string', description: 'A JSON file holding one partner object (as in a partners file).' } },
  async ({ deps, target }, values, positionals, io, fromFlags) => {
    let input: Record<string, unknown>;
    if (fromFlags) {
      input = fromFlags;
    } else {
      input = (await readJson(values.file as string)) as Record<string, unknown>;
      if (positionals[0] !== undefined) input.id = positionals[0];
    }
    const partner = await addPartner(input, deps);
    const when = partner.enabled ? 'it is polled on the next dispatch tick' : `disabled, not polled until \`wirefeed partners enable ${partner.id}\``;
    io.stdout(`added partner "${partner.id}" to ${target.description}: ${when}\n`);
    return 0;
  },
  (values, positionals) => (typeof values.file === 'string' ? undefined : addedFromFlags(values, positionals)),
);

const updateCommand = sub<{ id: string; changes: Record<string, unknown> }>(
  'Change a partner\'s settings; a new feed URL or auth clears its validators and failures.',
  '<id> [--name …] [--feed-url …] [--format …] [--language …] [--interval …] [--auth …]',
  FIELD_OPTIONS,
  async ({ deps }, _values, _positionals, io, { id, changes }) => {
    const partner = await updatePartner(id, changes, deps);
    io.stdout(`updated partner "${partner.id}": ${Object.keys(changes).join(', ')}\n`);
    return 0;
  },
  (values, positionals) => {
    const id = oneId(positionals);
    const changes = fieldChanges(values, id);
    if (Object.keys(changes).length === 0) throw new BadRequestError(`partner "${id}": nothing to change (see --help for the settings)`);
    return { id, changes };
  },
);

const toggle = (enabled: boolean) =>
  sub(
    enabled ? 'Enable a partner: it is polled on the next dispatch tick.' : 'Disable a partner: it is not polled from now on (its articles stay).',
    '<id>',
    {},
    async ({ deps }, _values, positionals, io) => {
      const partner = await setPartnerEnabled(oneId(positionals), enabled, deps);
      io.stdout(`partner "${partner.id}" ${enabled ? 'enabled' : 'disabled'}\n`);
      return 0;
    },
  );

const removeCommand = sub(
  'Remove a partner and its fetch state; its articles are kept unless --purge.',
  '<id> [--purge]',
  { purge: { type: 'boolean', description: 'Also delete every stored article of the partner.' } },
  async ({ deps }, values, positionals, io) => {
    const id = oneId(positionals);
    const { purged } = await removePartner(id, deps, { purge: Boolean(values.purge) });
    io.stdout(`removed partner "${id}"${values.purge ? `, ${purged} articles deleted` : ' (its articles are kept)'}\n`);
    return 0;
  },
);

const resetCommand = sub(
  'Clear a partner\'s failures, circuit and validators: the next tick fetches it unconditionally.',
  '<id>',
  {},
  async ({ deps }, _values, positionals, io) => {
    const state: PartnerState = await resetPartner(oneId(positionals), deps);
    io.stdout(`reset partner "${state.partnerId}": 0 failures, circuit closed, no validators; due on the next tick\n`);
    return 0;
  },
);

const testCommand: Command = {
  summary: 'Fetch a partner (or a URL) through the real fetcher with its auth, format and language; print what would be stored, store nothing.',
  usage: '<id|url> [--format …] [--language …] [--auth …] [--json]',
  options: {
    format: FIELD_OPTIONS.format!,
    language: FIELD_OPTIONS.language!,
    auth: FIELD_OPTIONS.auth!,
    json: { type: 'boolean', description: 'Print the articles that would be stored as JSON.' },
    'allow-local': { type: 'boolean', description: 'With a URL: allow loopback and private addresses (a feed served on this machine).' },
    ...TARGET_OPTIONS,
  },
  allowPositionals: true,
  async run(values, positionals, io) {
    const subject = oneId(positionals, 'a partner id or a feed URL');
    const allowLocal = values['allow-local'] === true;
    const config = loadConfig(allowLocal ? { ...io.env, LOCAL_STACK: 'true' } : io.env);
    let partner: Partner;
    let session: Session | undefined;
    try {
      if (/^https?:\/\//i.test(subject)) {
        // A person typed this URL: like `wirefeed parse`, it reaches this machine or a private network only when
        // they say so (--allow-local); cloud metadata addresses stay refused either way.
        partner = checkPartner({ id: 'test', name: 'test', feedUrl: subject, local: allowLocal, ...fieldChanges(values, 'test') });
      } else {
        session = await open(values, io);
        partner = checkPartner({ ...(await requirePartner(subject, session.deps)), ...definedOnly(fieldChanges(values, subject)) });
      }
      const fetcher = (session?.runtime ?? createRuntime(config, { secretsEnv: io.env })).fetcher();
      // No validators: a test always asks for the whole feed.
      const result = await fetcher.fetch(partner, {});
      if (result.status !== 'ok') throw new ConfigError(`partner "${partner.id}": ${subject} answered 304 to an unconditional request`);
      const { feed, articles } = parseFeedDocument(result.body, {
        partnerId: partner.id,
        url: result.url,
        contentType: result.contentType,
        format: partner.format,
        defaultLanguage: partner.defaultLanguage,
        maxBytes: config.FEED_MAX_BYTES,
      });
      if (result.movedPermanently) io.stderr(`wirefeed partners test: warning: ${movedWarning(partner, result.movedPermanently)}\n`);
      for (const warning of feed.warnings) io.stderr(`wirefeed partners test: warning: ${warning}\n`);
      if (values.json) {
        io.stdout(`${JSON.stringify(articles, null, 2)}\n`);
        return 0;
      }
      let outcome = '';
      if (session) {
        const counts = await storeArticles(articles, { articles: session.runtime.storage().articles, clock: systemClock }, { dryRun: true });
        outcome = `: ${counts.new} new, ${counts.updated} updated, ${counts.unchanged} unchanged`;
      }
      const lines = [
        `partner "${partner.id}": ${result.url} answered ${result.httpStatus} (${result.contentType ?? 'no content type'}, ${result.body.length} bytes)`,
        `${articles.length} articles would be stored${outcome}; nothing was stored`,
        ...articles.map((a) => `  ${time(a.publishedAt ?? a.updatedAt)}  [${a.language ?? '?'}]  ${cut(a.title, 90)}`),
      ];
      io.stdout(`${lines.join('\n')}\n`);
      return 0;
    } finally {
      session?.close();
    }
  },
};

function definedOnly(changes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
}

const refreshCommand = sub(
  'Poll a partner now, whatever its schedule or backoff, and store what it sends.',
  '<id>',
  {},
  async ({ deps, target, runtime }, _values, positionals, io) => {
    const partner = await requirePartner(oneId(positionals), deps);
    if (!target.bucketName) throw new ConfigError('refresh archives what it fetches: pass --bucket (the raw bucket), or set RAW_BUCKET_NAME');
    // The same ingest use case and wiring as the worker, forced as an operator's "poll now" message is.
    const summary = await ingestPartner(partner, runtime.ingest().deps, { force: true });
    io.stdout(`${formatSummary(summary)}\n`);
    return summary.failed > 0 ? 1 : 0;
  },
);

const importCommand = sub(
  'Import a partners file: adds new partners, changes differing ones, leaves the rest; reports which.',
  '<file> [--dry-run] [--prune]',
  {
    'dry-run': { type: 'boolean', description: 'Report what would change, write nothing.' },
    prune: { type: 'boolean', description: 'Also remove the partners the file does not list (their articles are kept).' },
  },
  async ({ deps, target }, values, positionals, io) => {
    const path = oneId(positionals, 'a partners file');
    let partners = parsePartnersText(await readText(path), path);
    const skipped = target.apiUrl ? [] : partners.filter((p) => p.local).map((p) => p.id);
    // Loopback addresses have no business in AWS: local-only partners go to the local stack only.
    if (skipped.length) partners = partners.filter((p) => !p.local);
    const report = await importPartners(partners, deps, { dryRun: Boolean(values['dry-run']), prune: Boolean(values.prune), keep: skipped });
    const part = (n: string[], what: string) => `${n.length} ${what}${n.length ? ` (${n.join(', ')})` : ''}`;
    io.stdout(
      `${values['dry-run'] ? 'dry run, nothing written: ' : ''}${path} → ${target.description}: ` +
        `${part(report.added, 'added')}, ${part(report.changed, 'changed')}, ${part(report.unchanged, 'unchanged')}` +
        `${report.removed ? `, ${part(report.removed, 'removed')}` : ''}` +
        `${skipped.length ? `; local-only partners left out: ${skipped.join(', ')}` : ''}\n`,
    );
    return 0;
  },
);

const exportCommand = sub(
  'Print every partner as a partners file (the format import reads).',
  '[--output <file>]',
  { output: { type: 'string', short: 'o', description: 'Write to this file instead of stdout.' } },
  async ({ deps }, values, _positionals, io) => {
    const text = `${JSON.stringify(await exportPartners(deps), null, 2)}\n`;
    if (typeof values.output === 'string') await writeFile(values.output, text);
    else io.stdout(text);
    return 0;
  },
);

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw unreadablePartnersFile(path, error);
  }
}

async function readJson(path: string): Promise<unknown> {
  return parseJsonText(await readText(path), path);
}

/** `wirefeed partners …`: the editor's desk. */
export const partnersCommand: Command = {
  summary: 'Manage partners in the table (local stack or deployed): list, add, update, test, refresh, import…',
  usage: '<command> [options]',
  options: {},
  subcommands: {
    list: listCommand,
    show: showCommand,
    add: addCommand,
    update: updateCommand,
    enable: toggle(true),
    disable: toggle(false),
    remove: removeCommand,
    test: testCommand,
    refresh: refreshCommand,
    reset: resetCommand,
    import: importCommand,
    export: exportCommand,
  },
  run: async () => 2,
};

