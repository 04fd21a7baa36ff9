import { XMLParser, XMLValidator } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  // RSS <link> is text; Atom <link> repeats.
  isArray: (name, jpath) => (name === 'link' ? String(jpath).startsWith('feed') : false) || ['item', 'entry', 'atom:link', 'category', 'dc:creator', 'author', 'media:content', 'enclosure'].includes(name),
});

/** Parses rendered XML after checking it is well-formed (the test fails with the parser's reason if not). */
export function parseXml(xml: string): any {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} at line ${valid.err.line}`);
  return parser.parse(xml);
}

/** Text of a node that may carry attributes. */
export function text(node: any): string {
  return typeof node === 'object' && node !== null ? String(node['#text'] ?? '') : String(node ?? '');
}
