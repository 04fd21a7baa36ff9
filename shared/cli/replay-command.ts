import type { Command } from './command.js';
import { BadRequestError } from '../errors.js';

/** `wirefeed replay`: re-parse raw copies from S3 with today's code. */
export const replayCommand: Command = {
  summary: 'Re-parse raw copies kept in S3 with the current code (after a parser fix, or into a fresh table).',
  usage: '[--partner <id>] [--since <date>] [--until <date>] [--dry-run]',
  options: {
    partner: { type: 'string', short: 'p', description: 'Replay only this partner\'s raw copies.' },
    since: { type: 'string', description: 'Only raw copies fetched on or after this date (e.g. 2024-06-13).' },
    until: { type: 'string', description: 'Only raw copies fetched before this date.' },
    'dry-run': { type: 'boolean', description: 'Parse and count, write nothing.' },
  },
  async run(values, _positionals, io) {
    const { runReplay } = await import('./replay-run.js');
    const since = dateOption(values.since as string | undefined, 'since');
    const until = dateOption(values.until as string | undefined, 'until');
    return runReplay({ partnerId: values.partner as string | undefined, since, until, dryRun: Boolean(values['dry-run']) }, io);
  },
};

function dateOption(raw: string | undefined, name: string): Date | undefined {
  if (raw === undefined) return undefined;
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) throw new BadRequestError(`--${name} is not a date: "${raw}" (use e.g. 2024-06-13)`);
  return date;
}
