import { readFile } from 'node:fs/promises';
import { partnersFileSchema, type Partner } from './model/partner.js';
import { ConfigError } from './errors.js';

/** Validates a partners document, naming the partner and field of the first problem. */
export function parsePartners(json: unknown, source: string): Partner[] {
  const result = partnersFileSchema.safeParse(json);
  if (result.success) return result.data.partners;
  const issue = result.error.issues[0]!;
  const path = issue.path;
  let where = path.join('.');
  if (path[0] === 'partners' && typeof path[1] === 'number') {
    const raw = (json as { partners?: Array<{ id?: unknown }> }).partners?.[path[1]];
    const name = typeof raw?.id === 'string' ? `partner "${raw.id}"` : `partners[${path[1]}]`;
    where = path.length > 2 ? `${name} field "${path.slice(2).join('.')}"` : name;
  }
  throw new ConfigError(`${source}: ${where || 'document'}: ${issue.message}`);
}

/** Reads and validates a partners JSON file. */
export async function loadPartnersFile(path: string): Promise<Partner[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read partners file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return parsePartners(json, path);
}
