/** What every command gets: its parsed flags and where to write. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  isTty: boolean;
}

/** One flag: node:util parseArgs' settings plus the sentence `--help` shows for it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  description: string;
}

/** One `wirefeed <name>` command: its help, its flags (each with a description) and what it does. */
export interface Command {
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  allowPositionals?: boolean;
  /** A command made of subcommands (`wirefeed partners list`); `run` is then unused. */
  subcommands?: Record<string, Command>;
  run(values: Record<string, string | boolean | string[] | undefined>, positionals: string[], io: CommandIo): Promise<number>;
}
