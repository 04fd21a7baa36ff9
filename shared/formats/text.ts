import { isCanonicalHttpUrl } from '../model/canonical-url.js';

/** Resolve a possibly relative URL against the bases in order; undefined when nothing yields an absolute URL. */
export function resolveUrl(href: string | undefined, ...bases: (string | undefined)[]): string | undefined {
  if (href === undefined) return undefined;
  const h = href.trim();
  if (!h) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(h)) {
    if (/^(?:javascript|vbscript|data):/i.test(h)) return undefined;
    // A link already written as the URL parser writes it parses; most links in a feed are such links.
    return isCanonicalHttpUrl(h) || URL.canParse(h) ? encodeSpaces(h) : undefined;
  }
  for (const base of bases) {
    if (!base) continue;
    try {
      return new URL(h, base).href;
    } catch {
      // try the next base
    }
  }
  return undefined;
}

function encodeSpaces(u: string): string {
  return u.indexOf(' ') === -1 ? u : u.replace(/ /g, '%20');
}
