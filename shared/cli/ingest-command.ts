import type { Command } from './command.js';
import { loadConfig } from '../config.js';
import { ConfigError } from '../errors.js';
import { createRuntime } from '../adapters/runtime.js';
import { formatSummary, ingestPartners } from '../ingest/ingest-partners.js';

/** `wirefeed ingest`: one ingestion cycle against the configured stores (TABLE_NAME, RAW_BUCKET_NAME, PARTNERS_FILE). */
export const ingestCommand: Command = {
  summary: 'Run one ingestion cycle now against the configured table and bucket (all partners, or one).',
  usage: '[--partner <id>]',
  options: { partner: { type: 'string', short: 'p', description: 'Ingest only this partner (default: every enabled partner).' } },
  async run(values, _positionals, io) {
    const config = loadConfig(io.env);
    const { directory, deps } = createRuntime(config, { secretsEnv: io.env }).ingest();
    let partners = await directory.list();
    const only = values.partner as string | undefined;
    if (only) {
      partners = partners.filter((p) => p.id === only);
      if (partners.length === 0) throw new ConfigError(`no partner "${only}" in the partners configuration`);
    }
    // A person asked for this cycle now: due-ness and backoff do not hold it back.
    const summaries = await ingestPartners(partners, deps, { force: true, onSummary: (s) => io.stdout(`${formatSummary(s)}\n`) });
    return summaries.some((s) => s.failed > 0) ? 1 : 0;
  },
};
