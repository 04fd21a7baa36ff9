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

/** parseArgs' unknown-option error as one line, with the nearest known flag. */
function optionError(error: unknown, options: Record<string, OptionSpec>): string {
  const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(describeError(error));
  if (!unknown) return describeError(error);
  const flag = `${unknown[1]}${unknown[2]}`;
  return `unknown option ${flag}${didYouMean(unknown[2]!, Object.keys(options), (n) => `--${n}`)}`;
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
      args,
      options: Object.fromEntries(
        Object.entries(options).map(([flag, { type, short, multiple }]) => [flag, { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}) }]),
      ),
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    }) as typeof parsed;
  } catch (error) {
    const subject = args.find((a) => !a.startsWith('-'));
    const where = command.allowPositionals && subject ? ` ${subject}` : '';
    io.stderr(`wirefeed ${name}${where}: ${optionError(error, options)}\n`);
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
