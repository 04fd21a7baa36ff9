import { collapse } from '../model/plain-text.js';
import { type ChildNode, type ParentNode, isBlock, isTag, isText, parseHtml } from './dom.js';

/** Summaries are cut to this many characters (ellipsis included), at a word boundary. */
export const SUMMARY_MAX = 300;

/**
 * Plain text of a body: one paragraph per block, separated by a blank line, entities decoded, whitespace
 * collapsed. Table rows become one line with cells separated by " | ".
 */
export function paragraphText(html: string): string {
  return paragraphsOf(parseHtml(html)).join('\n\n');
}

/** The paragraphs of a DOM as plain text lines. */
export function paragraphsOf(root: ParentNode): string[] {
  const out: string[] = [];
  let inline = '';
  const flush = (): void => {
    const line = collapse(inline);
    if (line) out.push(line);
    inline = '';
  };
  const walk = (parent: ParentNode): void => {
    for (const child of parent.children) {
      if (isText(child)) inline += child.data;
      else if (isTag(child) && child.name === 'br') inline += '\n';
      else if (isTag(child) && child.name === 'tr') {
        flush();
        const cells = child.children.filter(isTag).map((c) => collapse(inlineText(c))).filter(Boolean);
        if (cells.length) out.push(cells.join(' | '));
      } else if (isTag(child) && isBlock(child)) {
        flush();
        walk(child);
        flush();
      } else if (isTag(child)) walk(child);
    }
  };
  walk(root);
  flush();
  return out;
}

function inlineText(node: ChildNode): string {
  if (isText(node)) return node.data;
  if (isTag(node)) return node.children.map((c) => inlineText(c)).join(' ');
  return '';
}

/** Cuts text at a word boundary so that it fits `max` characters with its ellipsis. */
export function cutAtWord(text: string, max = SUMMARY_MAX): string {
  const clean = collapse(text);
  if (clean.length <= max) return clean;
  const room = clean.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  const cut = space > max / 2 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}
