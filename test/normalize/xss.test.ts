import { parseDocument } from 'htmlparser2';
import { type ChildNode, isTag } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { HTML_POLICY, HTML_POLICY_FINGERPRINT } from '../../shared/model/html-policy.js';
import type { WireItem } from '../../shared/model/wire-item.js';
import { normalizeFeed } from '../../shared/normalize/index.js';
import { safeBodyHtml } from '../../shared/render/html.js';
import { XSS_VECTORS } from '../support/xss-vectors.js';

const BASE = 'https://partner.example/news/story.html';

function item(html: string): WireItem {
  return { guid: 'x', url: BASE, title: 'Vector', contentHtml: `<p>Lead paragraph.</p>${html}`, authors: [], categories: [], media: [], relatedLinks: [] };
}

/**
 * Every problem an HTML string has against the policy, read as a reader would parse it again: an element,
 * attribute or URL outside the allowlist (so no script, style, iframe, object, embed, base, meta, form, svg or
 * math; no on* attribute; no javascript:, vbscript: or data: URL), a comment, or a dangerous tag left as markup.
 */
function violations(html: string): string[] {
  const found: string[] = [];
  const walk = (nodes: ChildNode[]): void => {
    for (const node of nodes) {
      if (node.type === 'comment' || node.type === 'directive' || node.type === 'cdata') found.push(`a ${node.type}`);
      if (!isTag(node)) continue;
      if (!HTML_POLICY.elements.has(node.name)) found.push(`element <${node.name}>`);
      for (const [name, value] of Object.entries(node.attribs)) {
        if (!HTML_POLICY.attributes[node.name]?.has(name)) found.push(`attribute ${name} on <${node.name}>`);
        if (/^on/i.test(name)) found.push(`event handler ${name}`);
        if (HTML_POLICY.urlAttributes.has(name) && !/^(https?:\/\/|mailto:)/.test(value)) found.push(`URL ${name}="${value}"`);
      }
      walk(node.children);
    }
  };
  walk(parseDocument(html).children);
  if (/<\s*\/?\s*(script|style|iframe|object|embed|base|meta|form|svg|math|link|template|noscript)\b/i.test(html)) found.push('a dangerous element in the text');
  return found;
}

describe('XSS vectors through the whole pipeline (normalizeFeed) leave no executable construct', () => {
  it.each(XSS_VECTORS.map((x) => [`${x.class}: ${x.name}`, x.html]))('%s', (_name, html) => {
    const [article] = normalizeFeed({ format: 'rss', warnings: [], items: [item(html)] }, { partnerId: 'p' });
    expect(article).toBeDefined();
    expect(violations(article!.bodyHtml)).toEqual([]);
  });
});

describe('XSS vectors through ingestion and publishing: the marked body is published as stored, and stays clean', () => {
  it.each(XSS_VECTORS.map((x) => [`${x.class}: ${x.name}`, x.html]))('%s', (_name, html) => {
    const [article] = normalizeFeed({ format: 'rss', warnings: [], items: [item(html)] }, { partnerId: 'p' });
    expect(article!.bodyPolicy).toBe(HTML_POLICY_FINGERPRINT);
    const published = safeBodyHtml(article!.bodyHtml, article!.bodyPolicy);
    expect(published).toBe(article!.bodyHtml);
    expect(violations(published)).toEqual([]);
  });
});

describe('XSS vectors through the publishing check (a stored body from anywhere) leave no executable construct', () => {
  it.each(XSS_VECTORS.map((x) => [`${x.class}: ${x.name}`, x.html]))('%s', (_name, html) => {
    // Unmarked, and marked with another policy: both get the check, and the text alone when they fail it.
    expect(violations(safeBodyHtml(html, undefined))).toEqual([]);
    expect(violations(safeBodyHtml(html, 'p0-0000000000000000'))).toEqual([]);
  });
});

describe('what the vectors keep', () => {
  it('keeps an escaped script as visible text, never as an element', () => {
    const [article] = normalizeFeed({ format: 'rss', warnings: [], items: [item('<p>&lt;script&gt;alert(66)&lt;/script&gt;</p>')] }, { partnerId: 'p' });
    expect(article!.bodyText).toContain('<script>alert(66)</script>');
    expect(article!.bodyHtml).toContain('&lt;script&gt;alert(66)&lt;/script&gt;');
  });

  it('keeps the text of a javascript: link and drops only its href', () => {
    const [article] = normalizeFeed({ format: 'rss', warnings: [], items: [item('<p><a href="jav&#x09;ascript:alert(16)">read</a></p>')] }, { partnerId: 'p' });
    expect(article!.bodyHtml).toBe('<p>Lead paragraph.</p><p><a>read</a></p>');
  });
});
