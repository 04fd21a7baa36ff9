import sanitizeHtml from 'sanitize-html';

/** Query parameters that only serve tracking; dropped from image URLs. */
const TRACKING_PARAMS = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|yclid|ocid|cmpid|ncid)$/i;

/** Hosts and paths of known tracking pixels (counted views, not pictures). */
const PIXEL_URL = /(\/~r\/|\/~ff\/|pixel\.wp\.com|stats\.wordpress\.com|\/b\.gif\b|facebook\.com\/tr\b|google-analytics\.com|doubleclick\.net|\/pixel(\.gif|\.png)?(\?|$)|\/beacon(\?|$)|feedsportal\.com|\/tracking\/)/i;

const KEEP_TAGS = [
  'p', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'a', 'img', 'figure',
  'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'strong', 'b', 'em', 'i', 'u',
  's', 'sub', 'sup', 'small', 'code', 'pre', 'hr', 'div',
];

/** Resolves a URL against the base; undefined when it cannot be made absolute http(s)/mailto. */
export function absoluteUrl(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  const trimmed = href.trim();
  if (!trimmed) return undefined;
  let url: URL;
  try {
    url = base ? new URL(trimmed, base) : new URL(trimmed);
  } catch {
    return undefined;
  }
  if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) return undefined;
  return url.toString();
}

/** Removes tracking parameters from a URL (utm_*, fbclid…); other parameters stay. */
export function stripTrackingParams(href: string): string {
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

/**
 * Sanitizes partner HTML: keeps structure (paragraphs, headings, lists, quotes, links, images, figures, tables),
 * drops scripts, styles, iframes, event handlers and javascript:/data: URLs, makes URLs absolute against `base`,
 * strips tracking parameters from images and drops tracking pixels. Layout wrappers (section, article…) become
 * div so that their paragraphs stay apart.
 */
export function sanitizeBody(html: string, base: string | undefined): string {
  return sanitizeHtml(html, {
    allowedTags: KEEP_TAGS,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
      ol: ['start'],
      blockquote: ['cite'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'form', 'button', 'select', 'template', 'nav', 'aside'],
    transformTags: {
      section: 'div',
      article: 'div',
      main: 'div',
      header: 'div',
      footer: 'div',
      center: 'div',
      a: (tagName, attribs) => {
        const href = absoluteUrl(attribs.href, base);
        const out: Record<string, string> = {};
        if (href) out.href = href;
        if (attribs.title) out.title = attribs.title;
        return { tagName, attribs: out };
      },
      img: (tagName, attribs) => {
        // Lazy-loading markup keeps the real picture in data-src.
        const raw = attribs.src && !/^data:/i.test(attribs.src) ? attribs.src : (attribs['data-src'] ?? attribs['data-original']);
        const src = absoluteUrl(raw, base);
        const out: Record<string, string> = { ...attribs };
        delete out['data-src'];
        delete out['data-original'];
        if (src && !src.startsWith('mailto:')) out.src = stripTrackingParams(src);
        else delete out.src;
        return { tagName, attribs: out };
      },
      blockquote: (tagName, attribs) => {
        const cite = absoluteUrl(attribs.cite, base);
        const out: Record<string, string> = {};
        if (cite) out.cite = cite;
        return { tagName, attribs: out };
      },
    },
    exclusiveFilter: (frame) =>
      frame.tag === 'img' && (!frame.attribs.src || isTrackingPixel(frame.attribs.src, frame.attribs.width, frame.attribs.height)),
  });
}
