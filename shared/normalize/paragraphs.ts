import {
  BLOCK_TAGS,
  type ChildNode,
  type Document,
  type Element,
  type ParentNode,
  hasMedia,
  isBlock,
  isTag,
  isText,
  newElement,
  newText,
  rawText,
  setChildren,
} from './dom.js';

/**
 * Gives every line of text its own <p>. Wire copy arrives as <p> per paragraph, as text broken with <br>, or as
 * plain text with newlines; after this step the line rules see one paragraph per block in every case. A run of
 * loose text splits on blank lines when it has any (hard-wrapped prose), else on every newline (one paragraph a
 * line). A <div> holding only inline content becomes a <p>; one holding blocks is unwrapped.
 */
export function paragraphize(doc: Document): void {
  fixContainer(doc, true);
}

/** True when an element holds a block somewhere inside it. */
function containsBlock(node: ChildNode): boolean {
  return isTag(node) && node.children.some((c) => isBlock(c) || containsBlock(c));
}

/** Inline wrappers around blocks (`<b><table>…</table></b>`, `<a><div>…</div></a>`) go: a <p> cannot hold a table. */
function unwrapInlineAroundBlocks(nodes: ChildNode[]): ChildNode[] {
  const out: ChildNode[] = [];
  for (const n of nodes) {
    if (isTag(n) && !BLOCK_TAGS.has(n.name) && containsBlock(n)) out.push(...unwrapInlineAroundBlocks(n.children));
    else out.push(n);
  }
  return out;
}

/** True for a run that only spaces blocks apart (the newlines between <p>s): it makes no paragraph. */
function isBlank(run: ChildNode[]): boolean {
  return run.every((n) => isText(n) && n.data.trim() === '');
}

/** Only the document's own loose text is split at newlines: inside markup a newline is source formatting. */
function fixContainer(parent: ParentNode, atNewlines = false): void {
  const out: ChildNode[] = [];
  let run: ChildNode[] = [];
  const flush = (): void => {
    // splitRun keeps no segment without text or media: a blank run would come back empty.
    if (run.length && !isBlank(run)) out.push(...splitRun(run, atNewlines));
    run = [];
  };
  for (const child of unwrapInlineAroundBlocks(parent.children)) {
    if (isTag(child) && (child.name === 'div' || child.name === 'p') && containsBlock(child)) {
      flush();
      fixContainer(child);
      out.push(...child.children);
    } else if (isTag(child) && (child.name === 'div' || child.name === 'p')) {
      flush();
      out.push(...(child.name === 'div' || hasBreak(child, undefined) ? splitRun(child.children, false) : [child]));
    } else if (isTag(child) && ['blockquote', 'li', 'td', 'th', 'figure'].includes(child.name)) {
      flush();
      if (containsBlock(child)) fixContainer(child);
      out.push(child);
    } else if (isBlock(child)) {
      flush();
      if (['ul', 'ol', 'table', 'thead', 'tbody', 'tfoot', 'tr'].includes(child.name)) fixContainer(child);
      out.push(child);
    } else {
      run.push(child);
    }
  }
  flush();
  // Lists and tables hold their own structure: only mixed content containers get <p> wrappers.
  if (isTag(parent) && ['ul', 'ol', 'table', 'thead', 'tbody', 'tfoot', 'tr'].includes(parent.name)) {
    setChildren(parent, out.filter((n) => isTag(n)));
    return;
  }
  if (isTag(parent) && ['li', 'td', 'th', 'blockquote', 'figure'].includes(parent.name) && !out.some((n) => isBlock(n) && n.name !== 'p')) {
    // A list item or cell of loose text keeps it loose; only the <br>-split lines become paragraphs.
    const ps = out.filter((n): n is Element => isTag(n) && n.name === 'p');
    if (ps.length <= 1 && parent.name !== 'blockquote') {
      setChildren(parent, ps.length ? ps[0].children : out);
      return;
    }
  }
  setChildren(parent, out);
}

/**
 * Splits a run of inline nodes into paragraphs at <br> (also one nested in <strong> or <span>), and for loose
 * text outside any <p> at newlines too (inside a <p> a newline is only source formatting). An inline element
 * that straddles a break is cloned on both sides: `<strong>Sumber: Reuters<br></strong>KONTAN…` gives
 * `<p><strong>Sumber: Reuters</strong></p><p>KONTAN…</p>`.
 */
function splitRun(nodes: ChildNode[], atNewlines: boolean): Element[] {
  const looseText = nodes.map((n) => rawText(n)).join('');
  const blankLines = /\n[ \t\u00a0]*\n/.test(looseText);
  const separator = !atNewlines ? undefined : blankLines ? /\n[ \t\u00a0]*\n/ : /\r?\n/;
  const paragraphs = segmentsOf(nodes, separator);
  return paragraphs
    .filter((p) => p.some((n) => rawText(n).trim() !== '' || hasMedia(n)))
    .map((p) => {
      trimEdge(p, 'start');
      trimEdge(p, 'end');
      return newElement('p', p.filter((n) => !isText(n) || n.data !== ''));
    });
}

/** The nodes cut into segments at every break; a segment is a list of nodes. */
function segmentsOf(nodes: ChildNode[], separator: RegExp | undefined): ChildNode[][] {
  const out: ChildNode[][] = [[]];
  for (const node of nodes) {
    const [first, ...rest] = segmentsOfNode(node, separator);
    out[out.length - 1].push(...first);
    out.push(...rest);
  }
  return out;
}

function segmentsOfNode(node: ChildNode, separator: RegExp | undefined): ChildNode[][] {
  if (isTag(node) && node.name === 'br') return [[], []];
  if (isText(node)) return separator ? node.data.split(separator).map((piece) => (piece ? [newText(piece)] : [])) : [[node]];
  if (isTag(node) && !BLOCK_TAGS.has(node.name) && hasBreak(node, separator)) {
    return segmentsOf(node.children, separator).map((seg) => (seg.length ? [newElement(node.name, seg, { ...node.attribs })] : []));
  }
  return [[node]];
}

function hasBreak(node: ChildNode, separator: RegExp | undefined): boolean {
  if (isTag(node)) return node.name === 'br' || node.children.some((c) => hasBreak(c, separator));
  return !!separator && isText(node) && separator.test(node.data);
}

/** Trims the whitespace at one edge of a paragraph, inside inline wrappers too. */
function trimEdge(nodes: ChildNode[], edge: 'start' | 'end'): void {
  const node = edge === 'start' ? nodes[0] : nodes[nodes.length - 1];
  if (!node) return;
  if (isText(node)) node.data = edge === 'start' ? node.data.replace(/^\s+/, '') : node.data.replace(/\s+$/, '');
  else if (isTag(node) && !BLOCK_TAGS.has(node.name)) trimEdge(node.children, edge);
}
