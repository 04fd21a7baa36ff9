import { Parser } from 'htmlparser2';
import { Document, DomHandler, Element, Text, isTag, isText, type ChildNode, type ParentNode } from 'domhandler';
import { decodeHTML, decodeHTMLAttribute } from 'entities/decode';
import render from 'dom-serializer';
import { UnsafeHtmlError } from '../errors.js';
import { collapse } from '../model/plain-text.js';
import { RAW_TEXT_TAGS, RCDATA_TAGS, htmlLimitBreach } from './html-limits.js';

/** Elements that start a new paragraph of text: everything else is inline. */
export const BLOCK_TAGS = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'figure', 'figcaption',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'pre', 'hr',
]);

/** Blocks whose text is one paragraph and which the line rules (attribution, related links…) look at. */
export const TEXT_BLOCK_TAGS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre']);

/** Parses an HTML fragment; entities are decoded into the text nodes. Refuses HTML past HTML_LIMITS. */
export function parseHtml(html: string): Document {
  const breach = htmlLimitBreach(html);
  if (breach !== undefined) throw new UnsafeHtmlError(`HTML refused: it has ${breach}`, { limit: breach });
  return parseCheckedHtml(html);
}

/**
 * parseHtml for HTML its caller has already found within HTML_LIMITS (normalization checks every item's body
 * and summary before any is normalized, naming the item): the limit scan is not run a second time.
 */
export function parseCheckedHtml(html: string): Document {
  const handler = new DecodingHandler();
  new DecodingParser(handler).end(html);
  return handler.root;
}

/**
 * The tree `parseDocument(html, { decodeEntities: true })` builds, built faster: with decoding on, the tokenizer
 * walks every character of text in JavaScript; with it off it jumps from `<` to `<`, and the few text nodes and
 * attribute values holding `&` are decoded here, in the same modes (legacy for text, attribute rules for values).
 * test/normalize/html-decode.test.ts holds the two trees equal.
 */
class DecodingHandler extends DomHandler {
  /** Whether the tag being opened was opened in SVG or MathML content, where no element is raw text. */
  openingInForeignContent = false;
  /** Set while the parser hands over a CDATA section inside SVG or MathML: its text is taken as written. */
  inCdata = false;
  /** How the text of a raw-text or RCDATA element is decoded; every other element's text goes through decodeHTML. */
  private readonly textDecoders = new WeakMap<ParentNode, (data: string) => string>();

  override onopentag(name: string, attribs: Record<string, string>): void {
    for (const key in attribs) {
      const value = attribs[key]!;
      if (value.indexOf('&') !== -1) attribs[key] = decodeHTMLAttribute(value);
    }
    super.onopentag(name, attribs);
    if (this.openingInForeignContent) return;
    const element = this.tagStack[this.tagStack.length - 1]!;
    if (RAW_TEXT_TAGS.has(name)) this.textDecoders.set(element, asWritten);
    else if (RCDATA_TAGS.has(name)) this.textDecoders.set(element, (data) => decodeRcdata(data, name));
  }

  override ontext(data: string): void {
    if (this.inCdata || data.indexOf('&') === -1) return super.ontext(data);
    const decode = this.textDecoders.get(this.tagStack[this.tagStack.length - 1]!) ?? decodeHTML;
    super.ontext(decode(data));
  }
}

const asWritten = (data: string): string => data;

class DecodingParser extends Parser {
  constructor(private readonly handler: DecodingHandler) {
    super(handler, { decodeEntities: false });
  }

  // The tokenizer decides whether a tag opens raw text as it reads the name, before the element is pushed
  // (and before <title>, an SVG island, switches the foreign context back to HTML).
  override onopentagname(start: number, endIndex: number): void {
    this.handler.openingInForeignContent = this.isInForeignContext();
    super.onopentagname(start, endIndex);
  }

  override oncdata(start: number, endIndex: number, offset: number): void {
    this.handler.inCdata = true;
    try {
      super.oncdata(start, endIndex, offset);
    } finally {
      this.handler.inCdata = false;
    }
  }
}

/**
 * decodeHTML for the text of <title> or <textarea> as htmlparser2's tokenizer decodes it: while it is part-way
 * through matching the end tag (`<`, `</`, `</t`…) an `&` is not taken as the start of an entity.
 */
function decodeRcdata(data: string, tag: string): string {
  const endTag = `</${tag}`;
  let out = '';
  let from = 0;
  for (let amp = data.indexOf('&'); amp !== -1; amp = data.indexOf('&', amp + 1)) {
    if (!followsPartOf(endTag, data, amp)) continue;
    out += decodeHTML(data.slice(from, amp)) + '&';
    from = amp + 1;
  }
  return out + decodeHTML(data.slice(from));
}

/** True when the text just before `at` is a proper prefix of endTag (`<`, `</`, `</t`…), case-insensitively. */
function followsPartOf(endTag: string, data: string, at: number): boolean {
  for (let length = 1; length < endTag.length && length <= at; length++) {
    if (data.slice(at - length, at).toLowerCase() === endTag.slice(0, length)) return true;
  }
  return false;
}

/** Serializes a DOM back to HTML (entities encoded only where needed, UTF-8 kept). */
export function toHtml(doc: ParentNode): string {
  // Void elements close themselves (`<br />`) and empty attributes keep their value (`alt=""`): valid HTML5
  // and still well-formed when a renderer embeds XHTML. The serializer writes U+00A0 as &nbsp;, which XML does
  // not know; text "&nbsp;" itself would have come out as &amp;nbsp;, so the swap touches nothing else.
  return render(doc.children, { encodeEntities: 'utf8', decodeEntities: true, selfClosingTags: true, emptyAttrs: true }).replace(
    /&nbsp;/g,
    '&#160;',
  );
}

/** True for an element that starts its own paragraph. */
export function isBlock(node: ChildNode): node is Element {
  return isTag(node) && BLOCK_TAGS.has(node.name);
}

/** Replaces a parent's children, keeping the parent/prev/next links domhandler relies on. */
export function setChildren(parent: ParentNode, nodes: ChildNode[]): void {
  parent.children = nodes;
  nodes.forEach((n, i) => {
    n.parent = parent;
    n.prev = nodes[i - 1] ?? null;
    n.next = nodes[i + 1] ?? null;
  });
}

/** Detaches a node from its parent. */
export function removeNode(node: ChildNode): void {
  const parent = node.parent;
  if (!parent) return;
  setChildren(parent, parent.children.filter((c) => c !== node));
}

/** A new element holding the given children. */
export function newElement(name: string, children: ChildNode[], attribs: Record<string, string> = {}): Element {
  const el = new Element(name, attribs, []);
  setChildren(el, children);
  return el;
}

/** A new text node. */
export function newText(data: string): Text {
  return new Text(data);
}

/** The raw text of a node, entities decoded, whitespace as in the source. */
export function rawText(node: ChildNode | ParentNode): string {
  if (isText(node)) return node.data;
  if (isTag(node) && node.name === 'br') return '\n';
  if ('children' in node) {
    let text = '';
    for (const c of node.children) text += rawText(c);
    return text;
  }
  return '';
}

/** The visible text of a node on one line. */
export function lineText(node: ChildNode | ParentNode): string {
  return collapse(rawText(node));
}

/** True when the element shows something besides text (an image, a table, a figure). */
export function hasMedia(node: ChildNode): boolean {
  if (!isTag(node)) return false;
  if (['img', 'figure', 'table', 'hr'].includes(node.name)) return true;
  return node.children.some((c) => hasMedia(c));
}

/**
 * Removes the first `count` characters of an element's text (as rawText counts them), emptying and dropping
 * inline wrappers such as <strong> on the way, then trims the whitespace left at the start.
 */
export function removeLeadingText(el: ParentNode, count: number): void {
  let left = count;
  const visit = (parent: ParentNode): void => {
    for (const child of [...parent.children]) {
      if (left <= 0) return;
      if (isText(child)) {
        const take = Math.min(left, child.data.length);
        child.data = child.data.slice(take);
        left -= take;
        if (!child.data) removeNode(child);
      } else if (isTag(child) && child.name === 'br') {
        left -= 1;
        removeNode(child);
      } else if (isTag(child)) {
        visit(child);
        if (child.children.length === 0 && !['img'].includes(child.name)) removeNode(child);
      }
    }
  };
  visit(el);
  trimStart(el);
}

function trimStart(parent: ParentNode): boolean {
  for (const child of [...parent.children]) {
    if (isText(child)) {
      child.data = child.data.replace(/^[\s\u00a0]+/, '');
      if (child.data) return true;
      removeNode(child);
    } else if (isTag(child) && child.name === 'br') {
      removeNode(child);
    } else if (isTag(child)) {
      if (child.name === 'img') return true;
      if (trimStart(child)) return true;
      if (child.children.length === 0) removeNode(child);
    } else {
      return true;
    }
  }
  return false;
}

/** Every element matching the predicate, in document order. */
export function findAll(root: ParentNode, test: (el: Element) => boolean): Element[] {
  const out: Element[] = [];
  const walk = (p: ParentNode): void => {
    for (const c of p.children) {
      if (isTag(c)) {
        if (test(c)) out.push(c);
        walk(c);
      }
    }
  };
  walk(root);
  return out;
}

/** The text blocks (paragraph-like elements holding no other block) of a document, in order. */
export function textBlocks(root: ParentNode): Element[] {
  return findAll(root, (el) => TEXT_BLOCK_TAGS.has(el.name) && !el.children.some((c) => isBlock(c)));
}

/**
 * The text blocks of one body and the line text of its elements, computed once and shared by the steps that read
 * them (attribution, dateline, related links, boilerplate, repeated title). The steps edit the tree only through
 * `remove` and `removeLeadingText`, which forget what the edit changed: the line text of the edited element's
 * ancestors (and, for a text edit, of its descendants) and the block list.
 */
export class BlockTexts {
  private readonly lines = new Map<ChildNode | ParentNode, string>();
  private blockList: Element[] | undefined;

  constructor(private readonly root: ParentNode) {}

  /** textBlocks(root), as of the last edit. */
  blocks(): Element[] {
    this.blockList ??= textBlocks(this.root);
    return this.blockList;
  }

  /** lineText(node), as of the last edit. */
  line(node: ChildNode | ParentNode): string {
    let text = this.lines.get(node);
    if (text === undefined) {
      text = lineText(node);
      this.lines.set(node, text);
    }
    return text;
  }

  /** removeNode(node), forgetting the texts it changes. */
  remove(node: ChildNode): void {
    this.forgetAncestors(node.parent);
    removeNode(node);
  }

  /** removeLeadingText(el, count), forgetting the texts it changes. */
  removeLeadingText(el: Element, count: number): void {
    this.forgetAncestors(el);
    this.forgetDescendants(el);
    removeLeadingText(el, count);
  }

  private forgetAncestors(node: ParentNode | null): void {
    this.blockList = undefined;
    for (let n: ParentNode | null = node; n; n = n.parent) this.lines.delete(n);
  }

  private forgetDescendants(parent: ParentNode): void {
    for (const c of parent.children) {
      this.lines.delete(c);
      if (isTag(c)) this.forgetDescendants(c);
    }
  }
}

export { isTag, isText };
export type { ChildNode, ParentNode, Element, Document };
