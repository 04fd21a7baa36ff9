import { decodeEntities } from './entities.js';

/** Escape plain text into HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

const BLOCK_TAG = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|blockquote|section|article|pre)\b[^>]*>/gi;

/** Plain text of an HTML fragment: tags dropped (block tags become spaces), entities decoded, spaces collapsed. */
export function htmlToText(html: string): string {
  let s = html;
  if (s.indexOf('<') !== -1) {
    s = s
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(BLOCK_TAG, ' ')
      .replace(/<\/?[A-Za-z][^>]*>/g, '');
  }
  return collapse(decodeEntities(s));
}

/** Collapse runs of whitespace (including no-break spaces from &nbsp;) to one space and trim. */
export function collapse(s: string): string {
  // Most titles and names are already clean: check before allocating a copy (this runs several times per item).
  const n = s.length;
  let clean = n > 0 && s.charCodeAt(0) !== 32 && s.charCodeAt(n - 1) !== 32;
  for (let i = 0; clean && i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 0xa0 || (c === 32 && s.charCodeAt(i + 1) === 32) || (c > 0x1fff && /\s/.test(s[i]))) clean = false;
  }
  return clean ? s : s.replace(/[\s\u00a0]+/g, ' ').trim();
}

const LOOKS_LIKE_HTML = /<\/?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?\/?>|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/** True when a string holds tags or character references, i.e. it is HTML rather than plain text. */
export function looksLikeHtml(s: string): boolean {
  if (s.indexOf('<') === -1 && s.indexOf('&') === -1) return false;
  return LOOKS_LIKE_HTML.test(s);
}

/** Resolve a possibly relative URL against the bases in order; undefined when nothing yields an absolute URL. */
export function resolveUrl(href: string | undefined, ...bases: (string | undefined)[]): string | undefined {
  if (href === undefined) return undefined;
  const h = href.trim();
  if (!h) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(h)) {
    if (/^(?:javascript|vbscript|data):/i.test(h)) return undefined;
    return canParse(h) ? encodeSpaces(h) : undefined;
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

function canParse(u: string): boolean {
  try {
    new URL(u);
    return true;
  } catch {
    return false;
  }
}

function encodeSpaces(u: string): string {
  return u.indexOf(' ') === -1 ? u : u.replace(/ /g, '%20');
}
