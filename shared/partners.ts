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

/** Validates the text of a partners JSON document (a file's content, an SSM parameter's value). */
export function parsePartnersText(text: string, source: string): Partner[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  return parsePartners(json, source);
}

/** The one-line error for a partners file that cannot be read. */
export function unreadablePartnersFile(path: string, error: unknown): ConfigError {
  return new ConfigError(`cannot read partners file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
}

/** Reads and validates a partners JSON file. */
export async function loadPartnersFile(path: string): Promise<Partner[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw unreadablePartnersFile(path, error);
  }
  return parsePartnersText(text, path);
}
