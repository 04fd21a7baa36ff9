import { collapse } from '../model/plain-text.js';
import { type BlockTexts, type ChildNode, type ParentNode, isBlock, isTag, isText, parseHtml } from './dom.js';

/** Summaries are cut to this many characters (ellipsis included), at a word boundary. */
export const SUMMARY_MAX = 300;

/**
 * Plain text of a body: one paragraph per block, separated by a blank line, entities decoded, whitespace
 * collapsed. Table rows become one line with cells separated by " | ".
 */
export function paragraphText(html: string): string {
  return paragraphsOf(parseHtml(html)).join('\n\n');
}

/**
 * The paragraphs of a DOM as plain text lines. With the body's BlockTexts, a block holding no other block is its
 * line text, read from there (the steps before have read most of them already).
 */
export function paragraphsOf(root: ParentNode, texts?: BlockTexts): string[] {
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
        if (texts && !hasBlockInside(child)) {
          // Its text walked here would be its rawText: the line is collapse(rawText).
          const line = texts.line(child);
          if (line) out.push(line);
          continue;
        }
        walk(child);
        flush();
      } else if (isTag(child)) walk(child);
    }
  };
  walk(root);
  flush();
  return out;
}

function hasBlockInside(parent: ParentNode): boolean {
  for (const c of parent.children) if (isTag(c) && (isBlock(c) || hasBlockInside(c))) return true;
  return false;
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
