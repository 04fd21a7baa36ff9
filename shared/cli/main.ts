import { parseArgs } from 'node:util';
import type { Command, CommandIo } from './command.js';
import { describeError } from '../errors.js';
import { parseCommand } from './parse-command.js';
import { ingestCommand } from './ingest-command.js';
import { serveCommand } from './serve-command.js';
import { replayCommand } from './replay-command.js';

export type { Command, CommandIo } from './command.js';

const commands: Record<string, Command> = {
  parse: parseCommand,
  ingest: ingestCommand,
  serve: serveCommand,
  replay: replayCommand,
};

function mainHelp(): string {
  const lines = [
    'wirefeed: pulls partner wire feeds, normalizes them into canonical articles, publishes RSS, Atom and JSON Feed.',
    '',
    'Usage: wirefeed <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`),
    '',
    'Run `wirefeed <command> --help` for the options of a command.',
  ];
  return lines.join('\n') + '\n';
}

function commandHelp(name: string, command: Command): string {
  const options = Object.entries(command.options).map(([flag, o]) => {
    const short = o.short ? `-${o.short}, ` : '    ';
    const arg = o.type === 'string' ? ` <${flag}>` : '';
    return `  ${short}--${flag}${arg}`;
  });
  return `${command.summary}\n\nUsage: wirefeed ${name} ${command.usage}\n\nOptions:\n${options.join('\n')}\n  -h, --help\n`;
}

/** Runs the CLI; returns the exit code. Errors become one line on stderr, never a stack trace. */
export async function main(argv: string[], io: CommandIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`wirefeed: unknown command "${name}" (try: ${Object.keys(commands).join(', ')})\n`);
    return 2;
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    }) as typeof parsed;
  } catch (error) {
    io.stderr(`wirefeed ${name}: ${describeError(error)}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(commandHelp(name, command));
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
