import { HTML_POLICY, isAllowedAttribute, isAllowedUrl } from '../model/html-policy.js';
import { canonicalProtocol, detached, isCanonicalHttpUrl } from '../model/canonical-url.js';
import { type ChildNode, type ParentNode, isTag, isText, parseHtml, setChildren, toHtml } from './dom.js';

/** Query parameters that only serve tracking; dropped from image URLs. */
const TRACKING_PARAMS = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|yclid|ocid|cmpid|ncid)$/i;

/** Hosts and paths of known tracking pixels (counted views, not pictures). */
const PIXEL_URL = /(\/~r\/|\/~ff\/|pixel\.wp\.com|stats\.wordpress\.com|\/b\.gif\b|facebook\.com\/tr\b|google-analytics\.com|doubleclick\.net|\/pixel(\.gif|\.png)?(\?|$)|\/beacon(\?|$)|feedsportal\.com|\/tracking\/)/i;

/** Resolves a URL against the base; undefined when it cannot be made absolute http(s)/mailto. */
export function absoluteUrl(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  const trimmed = href.trim();
  if (!trimmed) return undefined;
  // What the parser would give back is the link itself, as a string of its own (see detached).
  if (isCanonicalHttpUrl(trimmed)) return HTML_POLICY.schemes.has(canonicalProtocol(trimmed)) ? detached(trimmed) : undefined;
  let url: URL;
  try {
    // The URL parser drops tabs and newlines anywhere and control characters at the ends, as browsers do, so
    // `jav&#x09;ascript:` is read as the javascript: URL it is, and refused below.
    url = base ? new URL(trimmed, base) : new URL(trimmed);
  } catch {
    return undefined;
  }
  if (!HTML_POLICY.schemes.has(url.protocol)) return undefined;
  return url.toString();
}

/** Removes tracking parameters from a URL (utm_*, fbclid…); other parameters stay. */
export function stripTrackingParams(href: string): string {
  // Without a `?` there is no query (a parsed URL's search would be empty): nothing to strip, no parse.
  if (!href.includes('?')) return href;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return href;
  }
  const names = [...url.searchParams.keys()];
  if (!names.some((n) => TRACKING_PARAMS.test(n))) return href;
  for (const n of names) if (TRACKING_PARAMS.test(n)) url.searchParams.delete(n);
  return url.toString();
}

/** True for an image that is a tracking pixel: 1×1 (or smaller) or served by a known counter. */
export function isTrackingPixel(src: string | undefined, width?: string, height?: string): boolean {
  const w = width === undefined ? undefined : Number.parseInt(width, 10);
  const h = height === undefined ? undefined : Number.parseInt(height, 10);
  if ((w !== undefined && w <= 1) || (h !== undefined && h <= 1)) return true;
  return !!src && PIXEL_URL.test(src);
}

type Attributes = Record<string, string>;

/** Per-element rewrites before the allowlist applies: links made absolute, the real picture of a lazy image. */
function rewriteAttributes(name: string, attribs: Attributes, base: string | undefined): Attributes {
  if (name === 'a') {
    const href = absoluteUrl(attribs.href, base);
    const out: Attributes = {};
    if (href) out.href = href;
    if (attribs.title) out.title = attribs.title;
    return out;
  }
  if (name === 'img') {
    // Lazy-loading markup keeps the real picture in data-src.
    const raw = attribs.src && !/^data:/i.test(attribs.src) ? attribs.src : (attribs['data-src'] ?? attribs['data-original']);
    const src = absoluteUrl(raw, base);
    const out: Attributes = { ...attribs };
    delete out['data-src'];
    delete out['data-original'];
    if (src && !src.startsWith('mailto:')) out.src = stripTrackingParams(src);
    else delete out.src;
    return out;
  }
  if (name === 'blockquote') {
    const cite = absoluteUrl(attribs.cite, base);
    return cite ? { cite } : {};
  }
  return attribs;
}

/** The attributes the policy keeps, in their order; URL values must be absolute with an allowed scheme. */
function allowedAttributes(name: string, attribs: Attributes): Attributes {
  const out: Attributes = {};
  if (HTML_POLICY.attributes[name] === undefined) return out;
  for (const key in attribs) {
    const value = attribs[key]!;
    if (!isAllowedAttribute(name, key)) continue;
    if (value === '' && !HTML_POLICY.emptyAllowed.has(key)) continue;
    if (HTML_POLICY.urlAttributes.has(key) && !isAllowedUrl(name, value)) continue;
    out[key] = value;
  }
  return out;
}

/** Appends a node, merging a text node into the text before it (removed markup must not split a text). */
function append(out: ChildNode[], node: ChildNode): void {
  const last = out[out.length - 1];
  if (last !== undefined && isText(last) && isText(node)) last.data += node.data;
  else out.push(node);
}

/**
 * Sanitizes a parsed body in place against HTML_POLICY: allowed elements stay (layout wrappers as div) with
 * their allowed attributes, URLs absolute against `base`, tracking parameters and pixels gone; other elements
 * lose their tag and keep their content, except `droppedWithContent`; comments, doctypes and processing
 * instructions go. Recursion is bounded by HTML_LIMITS.maxDepth, checked before parsing.
 */
export function sanitizeTree(parent: ParentNode, base: string | undefined): void {
  const out: ChildNode[] = [];
  for (const child of parent.children) {
    if (isText(child)) {
      append(out, child);
      continue;
    }
    if (!isTag(child)) continue;
    const name = HTML_POLICY.renamed[child.name] ?? child.name;
    if (HTML_POLICY.droppedWithContent.has(name)) continue;
    sanitizeTree(child, base);
    if (!HTML_POLICY.elements.has(name)) {
      for (const grandchild of child.children) append(out, grandchild);
      continue;
    }
    const attribs = allowedAttributes(name, rewriteAttributes(name, child.attribs, base));
    if (name === 'img' && (!attribs.src || isTrackingPixel(attribs.src, attribs.width, attribs.height))) continue;
    child.name = name;
    child.attribs = attribs;
    append(out, child);
  }
  // Most elements keep every child as it was: their links are already right, and relinking them costs.
  if (!sameNodes(out, parent.children)) setChildren(parent, out);
}

function sameNodes(a: ChildNode[], b: ChildNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Sanitizes partner HTML (see sanitizeTree): keeps structure (paragraphs, headings, lists, quotes, links,
 * images, figures, tables), drops scripts, styles, iframes, event handlers and javascript:/data: URLs, makes URLs
 * absolute against `base`, strips tracking parameters from images and drops tracking pixels.
 */
export function sanitizeBody(html: string, base: string | undefined): string {
  const doc = parseHtml(html);
  sanitizeTree(doc, base);
  return toHtml(doc);
}
