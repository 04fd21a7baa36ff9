import type { ItemView } from './feed-document.js';
import { el } from './xml.js';

/**
 * wirefeed's feed extension: what a wire desk reads for and neither RSS 2.0 nor Atom 1.0 has a word for. The
 * elements live in their own namespace, so both formats stay valid (RSS 2.0 allows namespaced elements in an
 * item; Atom's schema allows foreign elements in an entry) and readers that do not know them skip them.
 * Documented in the README ("Feed extensions"). Publisher is Dublin Core's dc:publisher, authors are the
 * formats' own; only what has no existing vocabulary is here.
 */
export const WF_NAMESPACE = 'https://wirefeed.dev/ns/1.0';

/** Where the extension is documented: the JSON Feed `_wirefeed` object's `about` (JSON Feed 1.1 §Extensions). */
export const WF_ABOUT = 'https://github.com/wirefeed/wirefeed#feed-extensions';

/** The item's `wf:` elements (and dc:publisher): dateline, credited source and editor, version, unlinked related stories. */
export function extensionElements(item: ItemView): string {
  let out = el('wf:dateline', item.dateline) + el('wf:source', item.agency) + el('wf:editor', item.editor);
  out += el('dc:publisher', item.publisher);
  out += `<wf:version>${item.version}</wf:version>`;
  // Linked related stories are atom:link rel="related"; a "read also" line without a link has only its title.
  for (const r of item.related) if (r.url === undefined) out += el('wf:related', r.title);
  return out;
}
