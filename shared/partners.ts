import { readFile } from 'node:fs/promises';
import { partnerSchema, partnersFileSchema, type Partner } from './model/partner.js';
import { ConfigError, EditConflictError } from './errors.js';
import { didYouMean, jsonErrorPosition } from './suggest.js';

interface SchemaIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

/** Field names a partner may have, and those of each auth type (for "did you mean"). */
const PARTNER_FIELDS = Object.keys(partnerSchema.shape);
const AUTH_FIELDS = ['type', 'header', 'username', 'param', 'secret'];

/** The required fields missing from the object at `path` (issues "expected …, received undefined" one level down). */
function missingFields(issues: SchemaIssue[], path: PropertyKey[]): string[] {
  return issues
    .filter((i) => i.code === 'invalid_type' && i.path.length === path.length + 1 && path.every((p, n) => i.path[n] === p))
    .filter((i) => /received undefined$/.test(i.message))
    .map((i) => String(i.path[path.length]));
}

/**
 * One issue as words: an unknown key gets the nearest known one, or, when it is the only unknown key and one
 * required field is missing beside it, that field (`auth: {"type": "header", "name": …}` meant `header`).
 */
function issueText(issue: SchemaIssue, issues: SchemaIssue[], root: 'file' | 'partner'): string {
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
    const inAuth = issue.path.includes('auth');
    const known = inAuth ? AUTH_FIELDS : issue.path.length === 0 && root === 'file' ? ['partners'] : PARTNER_FIELDS;
    const missing = missingFields(issues, issue.path);
    const onlyCandidate = issue.keys.length === 1 && missing.length === 1 ? missing[0] : undefined;
    return issue.keys
      .map((key) => {
        const suggestion = didYouMean(key, known);
        return `unknown field "${key}"${suggestion || (onlyCandidate ? ` (did you mean "${onlyCandidate}"?)` : '')}`;
      })
      .join('; ');
  }
  // Zod's "Invalid input: expected string, received undefined" reads as a bug in wirefeed; the field is just missing.
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return 'is required';
  return issue.message;
}

/**
 * The issue to report: an unknown key when there is one, else the first. A misspelt required field (`feed_url`)
 * is both unknown and missing, and "unknown field … (did you mean "feedUrl"?)" says what to fix where
 * "field "feedUrl": expected string, received undefined" does not.
 */
function firstIssue(issues: SchemaIssue[]): SchemaIssue {
  return issues.find((issue) => issue.code === 'unrecognized_keys') ?? issues[0]!;
}

/** Validates a partners document, naming the partner and field of the first problem. */
export function parsePartners(json: unknown, source: string): Partner[] {
  const result = partnersFileSchema.safeParse(json);
  if (result.success) return result.data.partners;
  const issues = result.error.issues as SchemaIssue[];
  const issue = firstIssue(issues);
  const path = issue.path;
  let where = path.join('.');
  if (path[0] === 'partners' && typeof path[1] === 'number') {
    const raw = (json as { partners?: Array<{ id?: unknown }> }).partners?.[path[1]];
    const name = typeof raw?.id === 'string' ? `partner "${raw.id}"` : `partners[${path[1]}]`;
    where = path.length > 2 ? `${name} field "${path.slice(2).join('.')}"` : name;
  }
  throw new ConfigError(`${source}: ${where || 'document'}: ${issueText(issue, issues, 'file')}`);
}

/** Validates one partner (the CLI's add and update, every store write), naming the partner and the field. */
export function checkPartner(input: unknown, source?: string): Partner {
  const result = partnerSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues as SchemaIssue[];
  const issue = firstIssue(issues);
  const id = (input as { id?: unknown } | null)?.id;
  const name = typeof id === 'string' && id !== '' ? `partner "${id}"` : 'partner';
  const field = issue.path.length > 0 ? ` field "${issue.path.join('.')}"` : '';
  throw new ConfigError(`${source ? `${source}: ` : ''}${name}${field}: ${issueText(issue, issues, 'partner')}`);
}

/**
 * Parses JSON text; a syntax error names the source, line and column (what an editor jumps to). A leading byte
 * order mark is dropped: Windows editors (Notepad, PowerShell's Out-File) write one, and JSON.parse refuses it.
 */
export function parseJsonText(withBom: string, source: string): unknown {
  const text = withBom.startsWith('\uFEFF') ? withBom.slice(1) : withBom;
  try {
    return JSON.parse(text);
  } catch (error) {
    const { line, column, reason } = jsonErrorPosition(text, error);
    throw new ConfigError(`${source}:${line}:${column}: not valid JSON (${reason})`);
  }
}

/** Validates the text of a partners JSON document (a file's content, an SSM parameter's value). */
export function parsePartnersText(text: string, source: string): Partner[] {
  return parsePartners(parseJsonText(text, source), source);
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

/** What a partner store throws when a conditional put (PartnerStore.put `ifRevision`) finds another edit first. */
export function partnerEditConflict(partnerId: string, ifRevision: string | null): EditConflictError {
  const what = ifRevision === null ? 'was added by another edit meanwhile' : 'was changed or removed by another edit since it was read';
  return new EditConflictError(`partner "${partnerId}" ${what}: nothing written (look at it with: wirefeed partners show ${partnerId}, then run the command again)`);
}
