import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { describeError } from '../../shared/errors.js';
import type { Partner } from '../../shared/model/partner.js';
import { loadPartnersFile } from '../../shared/partners.js';
import { importPartners, type ImportReport, type PartnerAdminDeps } from '../../shared/partner-admin/manage.js';

/**
 * The local stack's partners file is a seed: imported into the table on start (so `npm start` refuses a broken
 * file before anything runs, naming the file, line and column), and imported again whenever it is saved, so an
 * edit takes effect on the next tick without a restart. Partners added with `wirefeed partners add` stay: an import
 * adds and changes, it never removes.
 */

/** Reads and validates the seed file; a ConfigError names the file (and line:column for broken JSON). */
export function readSeed(path: string): Promise<Partner[]> {
  return loadPartnersFile(path);
}

/** One log line for an import. */
export function describeImport(path: string, report: ImportReport): string {
  const part = (ids: string[], what: string) => `${ids.length} ${what}${ids.length ? ` (${ids.join(', ')})` : ''}`;
  return `partners: imported ${path}: ${part(report.added, 'added')}, ${part(report.changed, 'changed')}, ${part(report.unchanged, 'unchanged')}`;
}

/** How often the file's modification time is looked at: stat polling survives editors that save by renaming. */
const WATCH_INTERVAL_MS = 500;

/**
 * Re-imports the seed each time it changes on disk. A broken save is logged (file, line, column) and the partners
 * in the table stay as they were until the file is fixed. Returns a function that stops watching.
 */
export function watchSeed(path: string, deps: PartnerAdminDeps, log: (line: string) => void): () => void {
  let chain = Promise.resolve();
  const onChange = (current: Stats, previous: Stats) => {
    if (current.mtimeMs === previous.mtimeMs && current.size === previous.size) return;
    chain = chain.then(async () => {
      try {
        log(describeImport(path, await importPartners(await readSeed(path), deps)));
      } catch (error) {
        log(`partners: ${describeError(error)} (the partners in the table are unchanged)`);
      }
    });
  };
  watchFile(path, { interval: WATCH_INTERVAL_MS }, onChange);
  return () => unwatchFile(path, onChange);
}
