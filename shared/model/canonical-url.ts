/**
 * An absolute http(s) URL already written the way the WHATWG URL parser serializes it: lowercase scheme, a host
 * of lowercase ASCII letters, digits and hyphens whose last label starts with a letter (never read as IPv4), no
 * user, no port, a path, and only characters the parser keeps as they are in the path, query and fragment.
 */
const CANONICAL_HTTP_URL =
  /^https?:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*\/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*(?:\?[A-Za-z0-9\-._~!$&()*+,;=:@/?%]*)?(?:#[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*)?$/;

/**
 * True when `new URL(s).href` would be `s` itself and its protocol the scheme `s` starts with, so a caller may skip
 * the parse (most links in a body are such URLs, and the parse was a few percent of normalizing one). Dot segments
 * (`/.`, `%2e`) and punycode labels (`xn--`, which the parser validates) are left to the parser; so is anything
 * else the pattern does not cover. test/model/canonical-url.test.ts holds it against the parser.
 */
export function isCanonicalHttpUrl(s: string): boolean {
  return CANONICAL_HTTP_URL.test(s) && !s.includes('/.') && !s.includes('xn--') && !/%2e/i.test(s);
}

/** The scheme of a URL isCanonicalHttpUrl accepted, as URL.protocol writes it. */
export function canonicalProtocol(s: string): 'http:' | 'https:' {
  return s.charCodeAt(4) === 0x73 /* s */ ? 'https:' : 'http:';
}

/**
 * A copy of `s` that does not keep the string it was sliced from alive. V8 makes a substring of 13 or more
 * characters a view that holds its whole parent: a link sliced from a body or from the decoded document, kept in
 * an article, kept that text (the 3,000-item first fetch peaked 245 MB over the process instead of ~155 MB). Appending one character and
 * slicing it off copies the characters once into a new string of the link's length.
 */
export function detached(s: string): string {
  return `${s} `.slice(0, -1);
}
