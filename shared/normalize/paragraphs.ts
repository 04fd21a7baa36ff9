import {
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
  fixContainer(doc);
}

function fixContainer(parent: ParentNode): void {
  const out: ChildNode[] = [];
  let run: ChildNode[] = [];
  const flush = (): void => {
    if (run.length) out.push(...splitRun(run, true));
    run = [];
  };
  for (const child of [...parent.children]) {
    if (isTag(child) && child.name === 'div') {
      flush();
      if (child.children.some((c) => isBlock(c))) {
        fixContainer(child);
        out.push(...child.children);
      } else {
        out.push(...splitRun(child.children, false));
      }
    } else if (isTag(child) && child.name === 'p') {
      flush();
      out.push(...(child.children.some((c) => isTag(c) && c.name === 'br') ? splitRun(child.children, false) : [child]));
    } else if (isTag(child) && ['blockquote', 'li', 'td', 'th', 'figure'].includes(child.name)) {
      flush();
      if (child.children.some((c) => isBlock(c))) fixContainer(child);
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
 * Splits a run of inline nodes into paragraphs at <br>, and for loose text outside any <p> at newlines too
 * (inside a <p> a newline is only source formatting).
 */
function splitRun(nodes: ChildNode[], atNewlines: boolean): Element[] {
  const looseText = nodes.filter(isText).map((n) => n.data).join('');
  const blankLines = /\n[ \t\u00a0]*\n/.test(looseText);
  const separator = !atNewlines ? /(?!)/ : blankLines ? /\n[ \t\u00a0]*\n/ : /\r?\n/;
  const paragraphs: ChildNode[][] = [];
  let current: ChildNode[] = [];
  const push = (): void => {
    paragraphs.push(current);
    current = [];
  };
  for (const node of nodes) {
    if (isTag(node) && node.name === 'br') {
      push();
    } else if (isText(node)) {
      const pieces = node.data.split(separator);
      pieces.forEach((piece, i) => {
        if (i > 0) push();
        if (piece) current.push(newText(piece));
      });
    } else {
      current.push(node);
    }
  }
  push();
  return paragraphs
    .filter((p) => p.some((n) => rawText(n).trim() !== '' || hasMedia(n)))
    .map((p) => {
      const first = p[0];
      const last = p[p.length - 1];
      if (isText(first)) first.data = first.data.replace(/^\s+/, '');
      if (isText(last)) last.data = last.data.replace(/\s+$/, '');
      return newElement('p', p.filter((n) => !isText(n) || n.data !== ''));
    });
}
