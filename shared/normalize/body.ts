import type { RelatedLink } from '../model/article.js';
import { type Attribution, extractAttribution } from './attribution.js';
import { extractRelatedLinks, removeBoilerplate, removeRepeatedTitle } from './boilerplate.js';
import { type Lead, extractLead } from './dateline.js';
import { BlockTexts, type Document, parseHtml, toHtml } from './dom.js';
import { paragraphize } from './paragraphs.js';
import { sanitizeTree } from './sanitize.js';
import { paragraphsOf } from './paragraph-text.js';
import { HTML_POLICY_FINGERPRINT } from '../model/html-policy.js';
import { stripIllegal } from '../model/plain-text.js';

/** A body after every cleaning step, with what the steps found in it. */
export interface CleanBody {
  html: string;
  text: string;
  paragraphs: string[];
  attribution: Attribution;
  lead: Omit<Lead, 'length'>;
  relatedLinks: RelatedLink[];
}

/** What the body steps find in a body (its tree, edited in place, is not yet serialized). */
interface CleanedTree {
  paragraphs: string[];
  attribution: Attribution;
  lead: Omit<Lead, 'length'>;
  relatedLinks: RelatedLink[];
}

/**
 * Runs the body steps in order: sanitize → paragraphs → repeated title → attribution → dateline/publisher →
 * related links → boilerplate. Attribution goes first because credit lines sit above the lead (`Sumber: …` then
 * `KONTAN.CO.ID - SEOUL.`).
 */
export function cleanBody(html: string, base: string | undefined, title?: string): CleanBody {
  return cleanParsedBody(parseHtml(html), base, title);
}

/** cleanBody of a body already parsed (parseHtml, or parseCheckedHtml for HTML checked against HTML_LIMITS). */
export function cleanParsedBody(doc: Document, base: string | undefined, title?: string): CleanBody {
  const { paragraphs, attribution, lead, relatedLinks } = cleanTree(doc, base, title);
  // The tree is serialized once, at the end.
  return { html: toHtml(doc), text: paragraphs.join('\n\n'), paragraphs, attribution, lead, relatedLinks };
}

/**
 * The paragraphs cleanBody gives a parsed body, without serializing it: what a summary keeps of its HTML (every
 * step runs, since attribution, the lead and boilerplate take lines out of the paragraphs).
 */
export function cleanParsedParagraphs(doc: Document, base: string | undefined, title?: string): string[] {
  return cleanTree(doc, base, title).paragraphs;
}

function cleanTree(doc: Document, base: string | undefined, title: string | undefined): CleanedTree {
  // One parse per body: every step below works on this tree.
  sanitizeTree(doc, base);
  paragraphize(doc);
  // From here the steps read each block's line text once between them, and edit the tree through `texts`.
  const texts = new BlockTexts(doc);
  removeRepeatedTitle(doc, title, texts);
  const attribution = extractAttribution(doc, texts);
  const lead = extractLead(doc, texts);
  const relatedLinks = extractRelatedLinks(doc, texts);
  removeBoilerplate(doc, texts);
  const paragraphs = paragraphsOf(doc, texts);
  return { paragraphs, attribution, lead, relatedLinks };
}

/**
 * The policy fingerprint to record with a body cleanBody made (Article.bodyPolicy), or undefined. Only for a body
 * the renderers may publish byte for byte: cleanBody sanitized it against HTML_POLICY, and it has no character
 * the renderers would still drop (XML-illegal ones) and no space they would trim. Call it on cleanBody's output
 * only: the fingerprint says "this normalizer sanitized it", which nothing here can check.
 */
export function sanitizedBodyPolicy(html: string): string | undefined {
  if (html === '' || stripIllegal(html) !== html || html.trim() !== html) return undefined;
  return HTML_POLICY_FINGERPRINT;
}
