import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command, CommandIo, OptionSpec } from './command.js';
import { describeError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import { parseCommand } from './parse-command.js';
import { ingestCommand } from './ingest-command.js';
import { serveCommand } from './serve-command.js';
import { replayCommand } from './replay-command.js';
import { partnersCommand } from './partners-command.js';

export type { Command, CommandIo, OptionSpec } from './command.js';

const commands: Record<string, Command> = {
  parse: parseCommand,
  ingest: ingestCommand,
  serve: serveCommand,
  replay: replayCommand,
  partners: partnersCommand,
};

const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
  version: { type: 'boolean', description: 'Print the wirefeed version.' },
};

/** The package version, read at the edge from package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function listing(entries: Record<string, Command>): string[] {
  const width = Math.max(...Object.keys(entries).map((n) => n.length)) + 2;
  return Object.entries(entries).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`);
}

function mainHelp(): string {
  const lines = [
    'wirefeed: pulls partner wire feeds, normalizes them into canonical articles, publishes RSS, Atom and JSON Feed.',
    '',
    'Usage: wirefeed <command> [options]',
    '',
    'Commands:',
    ...listing(commands),
    '',
    'Options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Run `wirefeed <command> --help` for the options of a command.',
  ];
  return lines.join('\n') + '\n';
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  const flags = Object.entries(options).map(([flag, o]) => {
    const short = o.short ? `-${o.short}, ` : '    ';
    const arg = o.type === 'string' ? ` <${flag}>` : '';
    return [`  ${short}--${flag}${arg}`, o.description] as const;
  });
  const width = Math.max(...flags.map(([f]) => f.length)) + 2;
  return flags.map(([f, d]) => `${f.padEnd(width)}${d}`);
}

function commandHelp(name: string, command: Command): string {
  const parts = [`${command.summary}\n\nUsage: wirefeed ${name} ${command.usage}\n`];
  if (command.subcommands) parts.push(`\nCommands:\n${listing(command.subcommands).join('\n')}\n`);
  parts.push(`\nOptions:\n${optionLines({ ...command.options, ...GLOBAL_OPTIONS }).join('\n')}\n`);
  if (command.subcommands) parts.push(`\nRun \`wirefeed ${name} <command> --help\` for the options of each.\n`);
  return parts.join('');
}

/**
 * parseArgs' error as one line: an unknown option with the nearest known flag; a value starting with a dash
 * (parseArgs' own hint for it is on its third line, which one line would cut) with the spelling that works.
 */
function optionError(error: unknown, options: Record<string, OptionSpec>, args: string[]): string {
  const ambiguous = /^Option '(-{1,2})([^']+)' argument is ambiguous/.exec(describeError(error));
  if (ambiguous) {
    const flag = `${ambiguous[1]}${ambiguous[2]}`;
    const long = ambiguous[1] === '-' ? Object.keys(options).find((name) => options[name]!.short === ambiguous[2]) : ambiguous[2];
    const value = args[args.indexOf(flag) + 1] ?? '-…';
    return `${flag} needs a value; to give one starting with a dash, write --${long}=${value}`;
  }
  const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(describeError(error));
  if (!unknown) return describeError(error);
  const flag = `${unknown[1]}${unknown[2]}`;
  return `unknown option ${flag}${didYouMean(unknown[2]!, Object.keys(options), (n) => `--${n}`)}`;
}

/** The option name an argument spells (`--interval`, `--interval=5`, `-p`), or undefined for a positional. */
function optionName(arg: string, options: Record<string, OptionSpec>): string | undefined {
  if (arg.startsWith('--')) return arg.slice(2).split('=')[0];
  if (arg.startsWith('-') && arg.length > 1) return Object.keys(options).find((name) => options[name]!.short === arg[1]) ?? arg.slice(1);
  return undefined;
}

/**
 * A string option's value that starts with a dash and a digit (`--interval -5`) is joined to its flag
 * (`--interval=-5`): no flag starts with a digit, so it can only be the value, and parseArgs would otherwise refuse
 * it as "ambiguous" in a message whose useful part is on a second line. The command then judges the value.
 */
function joinDashedValues(args: string[], options: Record<string, OptionSpec>): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = optionName(arg, options);
    if (arg === '--') return [...joined, ...args.slice(i)];
    if (name !== undefined && !arg.includes('=') && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`--${name}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/**
 * The partner (or file) a command line is about, for the prefix of an error in its flags: its first positional.
 * A value of a string option is not one, nor is what follows an unknown option, which may be that option's value
 * (`update --feed-ulr x kontan` is about kontan, not x).
 */
function subjectOf(args: string[], options: Record<string, OptionSpec>): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return args[i + 1];
    const name = optionName(arg, options);
    if (name === undefined) return arg;
    const spec = options[name];
    if (!arg.includes('=') && (spec === undefined || spec.type === 'string')) i++;
  }
  return undefined;
}

/** Runs the CLI; returns the exit code. Errors become one line on stderr, never a stack trace. */
export async function main(argv: string[], io: CommandIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version') {
    io.stdout(`wirefeed ${version()}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`wirefeed: unknown command "${name}"${didYouMean(name, Object.keys(commands))} (try: ${Object.keys(commands).join(', ')})\n`);
    return 2;
  }
  return runCommand(name, command, rest, io);
}

async function runCommand(name: string, command: Command, args: string[], io: CommandIo): Promise<number> {
  if (command.subcommands) {
    const [sub, ...rest] = args;
    if (sub === undefined || sub.startsWith('-')) {
      if (sub === '--version') return io.stdout(`wirefeed ${version()}\n`), 0;
      io.stdout(commandHelp(name, command));
      return sub === '--help' || sub === '-h' ? 0 : 2;
    }
    const subcommand = command.subcommands[sub];
    if (!subcommand) {
      const known = Object.keys(command.subcommands);
      io.stderr(`wirefeed ${name}: unknown command "${sub}"${didYouMean(sub, known)} (try: ${known.join(', ')})\n`);
      return 2;
    }
    return runCommand(`${name} ${sub}`, subcommand, rest, io);
  }
  const options = { ...command.options, ...GLOBAL_OPTIONS };
  let parsed: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: joinDashedValues(args, options),
      options: Object.fromEntries(
        Object.entries(options).map(([flag, { type, short, multiple }]) => [flag, { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}) }]),
      ),
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    }) as typeof parsed;
  } catch (error) {
    const subject = subjectOf(args, options);
    const where = command.allowPositionals && subject ? ` ${subject}` : '';
    io.stderr(`wirefeed ${name}${where}: ${optionError(error, options, args)}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(commandHelp(name, command));
    return 0;
  }
  if (parsed.values.version) {
    io.stdout(`wirefeed ${version()}\n`);
    return 0;
  }
  try {
    return await command.run(parsed.values, parsed.positionals, io);
  } catch (error) {
    io.stderr(`wirefeed ${name}: ${describeError(error)}\n`);
    return 1;
  }
}

function processIo(): CommandIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTty: Boolean(process.stderr.isTTY),
  };
}
