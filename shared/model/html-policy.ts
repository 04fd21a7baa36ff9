import { canonicalProtocol, isCanonicalHttpUrl } from './canonical-url.js';

/**
 * The one HTML allowlist: which elements, attributes and URL schemes an article body may carry. Ingestion
 * sanitizes every body against it (normalize/sanitize.ts), and the publishing side checks stored bodies against
 * the same lists (render/html.ts), so what is stored is exactly what may be published.
 *
 * Everything not listed goes: an unknown element loses its tag and keeps its text, the elements in
 * `droppedWithContent` go with everything inside them, and an attribute or URL outside the lists is dropped.
 */
export const HTML_POLICY = {
  /** Structure a reader needs: paragraphs, headings, lists, quotes, links, images, figures, tables. */
  elements: new Set([
    'p', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'a', 'img', 'figure',
    'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'strong', 'b', 'em', 'i', 'u',
    's', 'sub', 'sup', 'small', 'code', 'pre', 'hr', 'div',
  ]),
  /** Attributes per element; every other attribute (on*, style, class, srcset, xlink:href…) is dropped. */
  attributes: {
    a: new Set(['href', 'title']),
    img: new Set(['src', 'alt', 'title', 'width', 'height']),
    td: new Set(['colspan', 'rowspan']),
    th: new Set(['colspan', 'rowspan', 'scope']),
    ol: new Set(['start']),
    blockquote: new Set(['cite']),
  } as Readonly<Record<string, ReadonlySet<string>>>,
  /** Attributes holding a URL: absolute, with one of `schemes` (images: `imageSchemes`), or dropped. */
  urlAttributes: new Set(['href', 'src', 'cite']),
  schemes: new Set(['http:', 'https:', 'mailto:']),
  imageSchemes: new Set(['http:', 'https:']),
  /** Attributes that may stay with an empty value (`alt=""` says "decorative"); other empty ones are dropped. */
  emptyAllowed: new Set(['alt']),
  /**
   * Elements removed with their content: code, styles, embedded documents, forms and foreign content (SVG, whose
   * children would otherwise surface as text or as HTML in another namespace), page furniture (nav, aside).
   */
  droppedWithContent: new Set([
    'script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'form', 'button', 'select',
    'template', 'nav', 'aside',
  ]),
  /** Layout wrappers become div so that their paragraphs stay apart. */
  renamed: { section: 'div', article: 'div', main: 'div', header: 'div', footer: 'div', center: 'div' } as Readonly<Record<string, string>>,
} as const;

/** True when the policy lets `attribute` stand on `element` (the value still has to pass the URL rules). */
export function isAllowedAttribute(element: string, attribute: string): boolean {
  return HTML_POLICY.attributes[element]?.has(attribute) ?? false;
}

/** True when an absolute URL's scheme is allowed in that element's URL attribute. */
export function isAllowedUrl(element: string, url: string): boolean {
  const protocol = protocolOf(url);
  return protocol !== undefined && (element === 'img' ? HTML_POLICY.imageSchemes : HTML_POLICY.schemes).has(protocol);
}

function protocolOf(url: string): string | undefined {
  if (isCanonicalHttpUrl(url)) return canonicalProtocol(url);
  try {
    return new URL(url).protocol;
  } catch {
    return undefined;
  }
}

/**
 * Bump when the sanitizer's code (normalize/sanitize.ts, normalize/dom.ts serialization) changes what a sanitized
 * body may carry without a change to HTML_POLICY's lists: the fingerprint below must then change too.
 */
export const SANITIZER_VERSION = 1;

type Policy = typeof HTML_POLICY;

/**
 * A fingerprint of a policy and sanitizer version: a hash of every list, sorted, so that adding or removing one
 * element, attribute, scheme or rename gives another fingerprint. Pure; FNV-1a (64-bit) over the lists' JSON, so
 * that the publishing side needs no crypto module for it. It names a policy, it proves nothing: see render/html.ts.
 */
export function policyFingerprint(policy: Policy, sanitizerVersion: number): string {
  const sorted = (set: ReadonlySet<string>): string[] => [...set].sort();
  const lists = {
    sanitizerVersion,
    elements: sorted(policy.elements),
    attributes: Object.keys(policy.attributes).sort().map((name) => [name, sorted(policy.attributes[name]!)]),
    urlAttributes: sorted(policy.urlAttributes),
    schemes: sorted(policy.schemes),
    imageSchemes: sorted(policy.imageSchemes),
    emptyAllowed: sorted(policy.emptyAllowed),
    droppedWithContent: sorted(policy.droppedWithContent),
    renamed: Object.keys(policy.renamed).sort().map((name) => [name, policy.renamed[name]!]),
  };
  const text = JSON.stringify(lists);
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) hash = ((hash ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
  return `p${sanitizerVersion}-${hash.toString(16).padStart(16, '0')}`;
}

/**
 * The fingerprint of the policy this code sanitizes under. The normalizer records it on every article whose body
 * it sanitized (Article.bodyPolicy); the renderers publish such a body as stored while it equals this value.
 */
export const HTML_POLICY_FINGERPRINT = policyFingerprint(HTML_POLICY, SANITIZER_VERSION);
