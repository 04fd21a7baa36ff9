import type { CommandIo } from './command.js';
import { loadConfig } from '../config.js';
import { createRuntime } from '../adapters/runtime.js';
import { replayRawCopies, type ReplayFilter, type ReplayProgress } from '../ingest/replay.js';

/** Runs a replay against the configured stores, with a progress bar on a terminal and log lines otherwise. */
export async function runReplay(filter: ReplayFilter, io: CommandIo): Promise<number> {
  const config = loadConfig(io.env);
  const runtime = createRuntime(config);
  // Partners (from the table) lend their format and default language; a removed partner's documents speak for themselves.
  const partners = await runtime.partners().list();
  const started = Date.now();
  const render = io.isTty ? progressBar(io, started) : progressLines(io);
  const counts = await replayRawCopies(
    filter,
    runtime.replay(partners),
    render,
  );
  if (io.isTty) io.stderr('\n');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.stdout(
    `replay${filter.dryRun ? ' (dry run, nothing written)' : ''}: ${counts.read} read, ${counts.new} new, ${counts.updated} updated, ` +
      `${counts.unchanged} unchanged, ${counts.failed} failed in ${seconds} s\n`,
  );
  return counts.failed > 0 ? 1 : 0;
}

/** A one-line bar redrawn in place: done/total, items per second and the time left. */
export function progressBar(io: CommandIo, startedMs: number, nowMs: () => number = Date.now) {
  return (p: ReplayProgress) => {
    if (p.error) io.stderr(`\r\x1b[K${p.error}\n`);
    const width = 30;
    const filled = p.total ? Math.round((p.read / p.total) * width) : width;
    const elapsed = Math.max((nowMs() - startedMs) / 1000, 0.001);
    const rate = p.read / elapsed;
    const eta = rate > 0 ? Math.ceil((p.total - p.read) / rate) : 0;
    io.stderr(`\r\x1b[K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.read}/${p.total}  ${rate.toFixed(1)} items/s  ETA ${eta} s`);
  };
}

/** Plain lines for logs and pipes: every failure, and a line per tenth of the way. */
export function progressLines(io: CommandIo) {
  let lastTenth = -1;
  return (p: ReplayProgress) => {
    if (p.error) io.stderr(`replay: ${p.error}\n`);
    const tenth = p.total ? Math.floor((p.read / p.total) * 10) : 10;
    if (tenth !== lastTenth || p.read === p.total) {
      lastTenth = tenth;
      io.stderr(`replay: ${p.read}/${p.total} raw copies (${p.new} new, ${p.updated} updated, ${p.unchanged} unchanged, ${p.failed} failed)\n`);
    }
  };
}
