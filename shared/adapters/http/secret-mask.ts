/**
 * Masks a partner's credential in text a server or a library may have echoed back (a Location header, a TLS
 * host name, an error from node:net). A server can echo the secret in any spelling: as it is, percent-encoded
 * (once or twice, upper- or lower-case hex), form-encoded (`+` for a space), base64 or base64url, and for Basic
 * auth as `user:secret` and its base64 (what an `Authorization: Basic …` header carries). Every spelling is masked
 * at any length: a three-character secret is as secret as a long one, and a little over-masking in an error line
 * costs nothing. The fetcher also avoids echoing credentialed URLs at all; this is the second line.
 */

/** What replaces a secret in text. */
export const MASK = '***';

/** Every spelling of a credential that might turn up in echoed text, longest first. */
export function secretSpellings(secret: string, username?: string): string[] {
  if (secret === '') return [];
  const plain = new Set<string>([secret]);
  if (username !== undefined) plain.add(`${username}:${secret}`);
  const spellings = new Set<string>();
  for (const value of plain) {
    const bytes = Buffer.from(value, 'utf8');
    const base64 = bytes.toString('base64');
    const forms = [value, base64, base64.replace(/=+$/, ''), bytes.toString('base64url')];
    for (const form of forms) {
      spellings.add(form);
      spellings.add(encodeURIComponent(form));
      spellings.add(encodeURIComponent(encodeURIComponent(form)));
      spellings.add(encodeURI(form));
      spellings.add(new URLSearchParams({ v: form }).toString().slice(2));
    }
  }
  // URL parsing lower-cases host names, so a secret echoed into a host comes back lower-cased.
  for (const spelling of [...spellings]) spellings.add(spelling.toLowerCase());
  return [...spellings].filter((s) => s !== '').sort((a, b) => b.length - a.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern for one spelling: percent escapes match in either case (`%2F` and `%2f`). */
function spellingPattern(spelling: string): string {
  return spelling
    .split(/(%[0-9A-Fa-f]{2})/)
    .map((part) => (/^%[0-9A-Fa-f]{2}$/.test(part) ? `%(?:${part.slice(1).toUpperCase()}|${part.slice(1).toLowerCase()})` : escapeRegExp(part)))
    .join('');
}

/** Replaces every spelling of the given secrets with `***`; the same text back when there is no secret. */
export function createSecretMask(secrets: Array<{ secret: string; username?: string }>): (text: string) => string {
  const spellings = [...new Set(secrets.flatMap((s) => secretSpellings(s.secret, s.username)))].sort((a, b) => b.length - a.length);
  if (spellings.length === 0) return (text) => text;
  const pattern = new RegExp(spellings.map(spellingPattern).join('|'), 'g');
  return (text) => text.replace(pattern, MASK);
}

/** True when any spelling of the secret appears in the text (a redirect target, a URL about to be kept). */
export function containsSecret(text: string, secret: string | undefined, username?: string): boolean {
  if (secret === undefined || secret === '') return false;
  return createSecretMask([{ secret, username }])(text) !== text;
}
