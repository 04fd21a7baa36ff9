import { decodeEntities, decodeNumericRefs, decodeReferences, htmlEntity } from './entities.js';
import { UnsafeFeedError } from '../errors.js';

/**
 * A small, tolerant, single-pass XML reader that builds a light element tree.
 *
 * Why not a general XML library: partner feeds are often not well-formed (stray `&`, HTML entities, unclosed
 * tags), we must never resolve external entities and must bound internal ones, and a tree of plain objects built
 * with indexOf scanning is several times faster than object-tree parsers. Text is decoded once; the raw source
 * span of every element is kept so XHTML/inline bodies can be taken verbatim.
 */
export interface XmlElement {
  /** Qualified name as written (`media:content`). */
  name: string;
  /** Local name (`content`). */
  local: string;
  /** Namespace key (see NS_KEYS): '' for none, the prefix when it was never declared, else the URI. */
  ns: string;
  /** Attributes by qualified name, values decoded. */
  attrs: Record<string, string>;
  children: XmlElement[];
  parent: XmlElement | undefined;
  /** Decoded direct text (text and CDATA sections, in order; whitespace between child elements dropped). */
  text: string;
  /** Source offsets of the element's content (between its start and end tags). */
  innerStart: number;
  innerEnd: number;
  /** True when the document ended inside this element (it is incomplete). */
  cut: boolean;
}

export interface XmlDocument {
  /** The decoded source the offsets refer to. */
  source: string;
  /** The document element; undefined when the document holds no element at all. */
  root: XmlElement | undefined;
  /** The document ended before its root element closed; the elements still open then have `cut` set. */
  truncated: boolean;
  /** For a truncated document, the elements still open at the end, outermost first (`<rss>, <channel>, <item>`). */
  openAtEnd?: string;
  warnings: string[];
}

export interface XmlOptions {
  /** Upper bound on characters produced by internal entity expansion for the whole document. */
  maxEntityExpansion?: number;
  /**
   * The caller has checked that the source holds no character XML 1.0 forbids (hasIllegalXmlBytes on the UTF-8
   * bytes it was decoded from), so the reader need not scan it again.
   */
  legalChars?: boolean;
}

/**
 * Namespace URIs reduced to the short key modules match on (`dc`, `media`…). Feeds write many spellings of
 * the same namespace (trailing slash or not, http/https) and sometimes use a prefix they never declared, so
 * an element's `ns` is this key, the undeclared prefix itself, or the URI when it is not one we know.
 */
const NS_KEYS = new Map<string, string>();
function nsKey(key: string, ...uris: string[]): void {
  for (const u of uris) {
    NS_KEYS.set(u, key);
    NS_KEYS.set(u.endsWith('/') ? u.slice(0, -1) : `${u}/`, key);
    NS_KEYS.set(u.replace(/^http:/, 'https:'), key);
  }
}
nsKey('xml', 'http://www.w3.org/XML/1998/namespace');
nsKey('atom', 'http://www.w3.org/2005/Atom');
nsKey('atom03', 'http://purl.org/atom/ns#');
nsKey('rss', 'http://purl.org/rss/1.0/', 'http://my.netscape.com/rdf/simple/0.9/', 'http://backend.userland.com/rss2', 'http://backend.userland.com/rss');
nsKey('rdf', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#');
nsKey('dc', 'http://purl.org/dc/elements/1.1/', 'http://purl.org/dc/elements/1.0/');
nsKey('dcterms', 'http://purl.org/dc/terms/');
nsKey('content', 'http://purl.org/rss/1.0/modules/content/');
nsKey('media', 'http://search.yahoo.com/mrss/', 'http://search.yahoo.com/rss/', 'http://tools.search.yahoo.com/mrss/');
nsKey('xhtml', 'http://www.w3.org/1999/xhtml');
nsKey('nar', 'http://iptc.org/std/nar/2006-10-01/');
nsKey('nitf', 'http://iptc.org/std/NITF/2006-10-18/');
nsKey('itunes', 'http://www.itunes.com/dtds/podcast-1.0.dtd');
nsKey('jsonfeed', 'https://jsonfeed.org/version/1');


const XML_ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
const MAX_WARNINGS = 25;
const MAX_CLOSE_SEARCH = 256;
const DEFAULT_MAX_EXPANSION = 1_000_000;
const MAX_ENTITY_DEPTH = 16;
/**
 * Elements nested deeper than this are not built into the tree: their tags are skipped (text kept in the deepest
 * element built, source kept in its span, so an inline body still passes verbatim). Real feeds nest a few dozen
 * levels; a hostile one nests a million, and every tree walk in the format modules then stays shallow and fast.
 */
export const MAX_XML_DEPTH = 1000;

/** Drop characters XML 1.0 forbids (C0 controls other than tab/CR/LF, U+FFFE/U+FFFF). */
function dropIllegalChars(s: string): string {
  XML_ILLEGAL.lastIndex = 0;
  return XML_ILLEGAL.test(s) ? s.replace(XML_ILLEGAL, '') : s;
}

interface EntityTable {
  internal: Map<string, string>;
  external: Set<string>;
}

class StartTag {
  attrs: Record<string, string> = EMPTY;
  /** The namespace scope inside the element when it declares any (undefined: the enclosing scope). */
  scope: NamespaceScope | undefined;
  selfClosing = false;

  /** Records the tag; returns `end`, the offset after it. */
  set(attrs: Record<string, string>, scope: NamespaceScope | undefined, selfClosing: boolean, end: number): number {
    this.attrs = attrs;
    this.scope = scope;
    this.selfClosing = selfClosing;
    return end;
  }
}

class Reader {
  readonly warnings: string[] = [];
  private warned = new Set<string>();
  private entities: EntityTable = { internal: new Map(), external: new Set() };
  private expansionBudget: number;

  constructor(
    private readonly src: string,
    opts: XmlOptions,
  ) {
    this.expansionBudget = opts.maxEntityExpansion ?? DEFAULT_MAX_EXPANSION;
  }

  warn(key: string, message: string): void {
    if (this.warned.has(key) || this.warnings.length >= MAX_WARNINGS) return;
    this.warned.add(key);
    this.warnings.push(message);
  }

  /** Decode character and entity references in text, with this document's DOCTYPE entities. */
  decode(raw: string): string {
    return decodeReferences(raw, this.resolver);
  }

  private readonly resolver = {
    named: (name: string, whole: string): string => this.named(name, whole),
    stray: (): void => this.warn('amp', "stray '&' not starting an entity was kept as text"),
  };

  private named(name: string, whole: string): string {
    const internal = this.entities.internal.get(name);
    if (internal !== undefined) {
      this.expansionBudget -= internal.length;
      if (this.expansionBudget < 0) throw new UnsafeFeedError('entity expansion exceeds the limit (entity bomb refused)');
      return internal;
    }
    if (this.entities.external.has(name)) {
      this.warn(`ext:${name}`, `external entity &${name}; was not resolved (left empty)`);
      return '';
    }
    const html = htmlEntity(name);
    if (html !== undefined) {
      this.warn(`html:${name}`, `HTML entity &${name}; used in XML without a declaration was decoded`);
      return html;
    }
    this.warn(`unknown:${name}`, `unknown entity &${name}; kept as text`);
    return whole;
  }

  /** Reads `<!DOCTYPE …>` starting at `lt`; returns the offset after it. */
  doctype(lt: number): number {
    const src = this.src;
    let i = lt + 9;
    const bracket = src.indexOf('[', i);
    const gt = src.indexOf('>', i);
    if (gt === -1) return src.length;
    if (bracket === -1 || bracket > gt) return gt + 1;
    // Internal subset: scan declarations, honouring quotes so `>` inside values does not end them.
    const raw = new Map<string, string>();
    i = bracket + 1;
    const n = src.length;
    while (i < n) {
      const c = src.charCodeAt(i);
      if (c === 93 /* ] */) {
        const end = src.indexOf('>', i);
        this.defineEntities(raw);
        return end === -1 ? n : end + 1;
      }
      if (src.startsWith('<!--', i)) {
        const e = src.indexOf('-->', i + 4);
        i = e === -1 ? n : e + 3;
        continue;
      }
      if (c === 60 /* < */) {
        let j = i + 1;
        let quote = 0;
        while (j < n) {
          const d = src.charCodeAt(j);
          if (quote) {
            if (d === quote) quote = 0;
          } else if (d === 34 || d === 39) quote = d;
          else if (d === 62) break;
          j++;
        }
        const decl = src.slice(i, j + 1);
        if (decl.startsWith('<!ENTITY')) this.entityDecl(decl, raw);
        i = j + 1;
        continue;
      }
      i++;
    }
    this.defineEntities(raw);
    return n;
  }

  private entityDecl(decl: string, raw: Map<string, string>): void {
    const m = /^<!ENTITY\s+(%\s+)?([^\s"']+)\s+(?:(SYSTEM|PUBLIC)\b|(["'])([\s\S]*?)\4)/.exec(decl);
    if (!m) return;
    if (m[1]) return; // parameter entities only matter to validating parsers
    const name = m[2];
    if (m[3]) {
      this.entities.external.add(name);
      this.warn(`extdecl:${name}`, `external entity ${name} declared in DOCTYPE is never resolved`);
      return;
    }
    if (!raw.has(name)) raw.set(name, m[5]);
  }

  /** Expands internal entities up front, measuring sizes first so a bomb fails before any large string exists. */
  private defineEntities(raw: Map<string, string>): void {
    const sizes = new Map<string, number>();
    const limit = this.expansionBudget;
    const sizeOf = (name: string, depth: number): number => {
      const known = sizes.get(name);
      if (known !== undefined) return known;
      if (depth > MAX_ENTITY_DEPTH) throw new UnsafeFeedError('entity nesting too deep (entity bomb refused)');
      const value = raw.get(name) ?? '';
      sizes.set(name, -1); // marks recursion
      let size = value.length;
      for (const m of value.matchAll(/&([A-Za-z_][\w.-]*);/g)) {
        const ref = m[1];
        if (!raw.has(ref)) continue;
        const s = sizeOf(ref, depth + 1);
        if (s < 0) throw new UnsafeFeedError(`entity ${name} refers to itself (entity bomb refused)`);
        size += s;
        if (size > limit) throw new UnsafeFeedError(`entity ${name} expands beyond ${limit} characters (entity bomb refused)`);
      }
      sizes.set(name, size);
      return size;
    };
    let total = 0;
    for (const name of raw.keys()) {
      // Every declared entity is expanded up front, so their sum is bounded too, not only each one.
      total += sizeOf(name, 0);
      if (total > limit) throw new UnsafeFeedError(`internal entities expand beyond ${limit} characters (entity bomb refused)`);
    }
    const expand = (name: string): string => {
      const done = this.entities.internal.get(name);
      if (done !== undefined) return done;
      const value = (raw.get(name) ?? '').replace(/&([A-Za-z_][\w.-]*);/g, (whole, ref: string) =>
        raw.has(ref) ? expand(ref) : whole,
      );
      const decoded = decodeNumericRefs(value);
      this.entities.internal.set(name, decoded);
      return decoded;
    };
    for (const name of raw.keys()) expand(name);
  }

  // ---- the tag reader ------------------------------------------------------------------------------------
  // One pass over the source with indexOf, building the tree with an explicit stack of open elements (the
  // `parent` links), never recursion: nesting depth costs heap, not call stack.

  private readonly top: XmlElement = mkElement('#document', '#document', '', {}, undefined, 0);
  private cur: XmlElement = this.top;
  private root: XmlElement | undefined;
  private scope: NamespaceScope = DOCUMENT_SCOPE;
  private readonly scopes: NamespaceScope[] = [];
  private pos = 0;
  private depth = 0;
  /** The start tag just read (one reused record: a start tag is the commonest thing in a feed). */
  private readonly tag = new StartTag();
  /** Open elements below MAX_XML_DEPTH, counted rather than built. */
  private readonly skipped = new SkippedStack();
  /**
   * The names on the chain of open elements, built at the first end tag that does not close the open element
   * (well-formed feeds never need it) and kept from then on, so that a flood of stray end tags costs each one a
   * lookup instead of a walk up the tree.
   */
  private chain: OpenChain | undefined;


  parse(): XmlDocument {
    const src = this.src;
    const n = src.length;
    while (this.pos < n) {
      const pos = this.pos;
      const lt = nextIndexOf(src, 60 /* < */, '<', pos);
      if (lt === -1) {
        this.addText(this.decode(src.slice(pos)));
        break;
      }
      // Indentation between elements is by far the commonest text: test it in place rather than slice it.
      const cur = this.cur;
      if (lt > pos && cur !== this.top && !(cur.children.length > 0 && isBlankRange(src, pos, lt))) this.addText(this.decode(src.slice(pos, lt)));
      const c = src.charCodeAt(lt + 1);
      if (c === 33 /* ! */) this.pos = this.markupDeclaration(lt);
      else if (c === 63 /* ? */) {
        const end = src.indexOf('?>', lt + 2);
        this.pos = end === -1 ? n : end + 2;
      } else if (c === 47 /* / */) this.pos = this.endTag(lt);
      else if (isNameStart(c)) this.pos = this.startTag(lt);
      else {
        this.warn('lt', "stray '<' not starting a tag was kept as text");
        this.addText('<');
        this.pos = lt + 1;
      }
    }
    const openAtEnd = this.closeAtEnd();
    return { source: src, root: this.root, truncated: openAtEnd !== undefined, openAtEnd, warnings: this.warnings };
  }

  private addText(t: string): void {
    const cur = this.cur;
    if (cur === this.top) return;
    if (cur.children.length > 0 && isBlank(t)) return;
    cur.text = cur.text === '' ? t : cur.text + t;
  }

  private close(el: XmlElement, at: number): void {
    el.innerEnd = at;
    this.depth--;
    this.cur = el.parent ?? this.top;
    this.scope = this.scopes.pop() ?? this.scope;
    this.chain?.pop(el);
  }

  /** The open-chain index, built from the tree the first time it is needed. */
  private openChain(): OpenChain {
    if (this.chain) return this.chain;
    const chain = new OpenChain();
    const path: XmlElement[] = [];
    for (let e: XmlElement | undefined = this.cur; e && e !== this.top; e = e.parent) path.push(e);
    for (let i = path.length - 1; i >= 0; i--) chain.push(path[i]);
    this.chain = chain;
    return chain;
  }

  /** `<![CDATA[`, `<!--`, `<!DOCTYPE` or another `<!…>` at `lt`; returns the offset after it. */
  private markupDeclaration(lt: number): number {
    const src = this.src;
    const n = src.length;
    if (src.startsWith('<![CDATA[', lt)) {
      const end = src.indexOf(']]>', lt + 9);
      if (end !== -1) {
        this.addText(src.slice(lt + 9, end));
        return end + 3;
      }
      this.warn('cdata', 'unterminated CDATA section read to the end of the document');
      this.addText(src.slice(lt + 9));
      return n;
    }
    if (src.startsWith('<!--', lt)) {
      const end = src.indexOf('-->', lt + 4);
      return end === -1 ? n : end + 3;
    }
    if (src.substr(lt + 2, 7).toUpperCase() === 'DOCTYPE') return this.doctype(lt);
    const end = src.indexOf('>', lt);
    return end === -1 ? n : end + 1;
  }

  /** An end tag at `lt`; returns the offset after it. */
  private endTag(lt: number): number {
    const src = this.src;
    const gt = nextIndexOf(src, 62 /* > */, '>', lt + 2);
    if (this.skipped.length > 0 && this.closeSkipped(src.slice(lt + 2, gt === -1 ? src.length : gt).trim())) {
      return gt === -1 ? src.length : gt + 1;
    }
    // The usual case, the end tag of the open element, is checked in place without slicing its name.
    const open = this.cur.name;
    if (gt - lt - 2 === open.length && src.startsWith(open, lt + 2)) {
      this.close(this.cur, lt);
      return gt + 1;
    }
    const name = src.slice(lt + 2, gt === -1 ? src.length : gt).trim();
    const next = gt === -1 ? src.length : gt + 1;
    if (this.cur.name === name) this.close(this.cur, lt);
    else this.closeMismatched(name, lt);
    return next;
  }

  /**
   * An end tag while elements below MAX_XML_DEPTH are open: it closes the innermost skipped one of its name
   * (and those inside it). Returns false when no skipped element has that name, for the tree to handle.
   */
  private closeSkipped(name: string): boolean {
    // The innermost skipped element of that name, if it is among the nearest MAX_CLOSE_SEARCH.
    if (this.skipped.closeWithin(name, MAX_CLOSE_SEARCH)) return true;
    // Not among the nearest skipped elements: a stray tag, unless it closes a built element (and all below it).
    if (!this.openChain().has(name)) return true;
    this.skipped.clear();
    return false;
  }

  /** Mismatched end tag: close up to the nearest open element of that name, or ignore it. */
  private closeMismatched(name: string, lt: number): void {
    const top = this.top;
    // The exact-name search goes all the way up (MAX_XML_DEPTH bounds it); the case-insensitive one is bounded
    // tighter so a flood of stray end tags under deep nesting stays fast.
    // The chain index answers "is there one at all" (and how far, case-insensitively); the walks that follow
    // end at the element found, and close every element they pass.
    const chain = this.openChain();
    let target: XmlElement | undefined;
    if (chain.has(name)) {
      target = this.cur.parent;
      while (target && target !== top && target.name !== name) target = target.parent;
    }
    if (!target || target === top || target.name !== name) {
      const lower = name.toLowerCase();
      target = undefined;
      if (chain.distanceLower(lower) < MAX_CLOSE_SEARCH) {
        target = this.cur;
        while (target && target !== top && target.name.toLowerCase() !== lower) target = target.parent;
      }
    }
    if (!target || target === top) {
      this.warn(`stray:${name}`, `stray end tag </${name}> ignored`);
      return;
    }
    while (this.cur !== target) {
      if (!VOIDISH.has(this.cur.local.toLowerCase())) this.warn(`unclosed:${this.cur.name}`, `unclosed <${this.cur.name}> closed by </${name}>`);
      this.close(this.cur, lt);
    }
    this.close(target, lt);
  }

  /** A start tag at `lt`; returns the offset after it. */
  private startTag(lt: number): number {
    const src = this.src;
    let i = lt + 1;
    while (i < src.length && isNameChar(src.charCodeAt(i))) i++;
    const name = src.slice(lt + 1, i);
    if (this.depth >= MAX_XML_DEPTH) return this.skipTag(name, i);
    const end = this.attributes(name, i);
    const tag = this.tag;
    const colon = name.indexOf(':');
    const prefix = colon === -1 ? '' : name.slice(0, colon);
    const local = colon === -1 ? name : name.slice(colon + 1);
    const elScope = tag.scope ?? this.scope;
    const ns = elScope.get(prefix) ?? prefix;
    const top = this.top;
    const el = mkElement(name, local, ns, tag.attrs, this.cur === top ? undefined : this.cur, end);
    if (this.cur !== top) adopt(this.cur, el);
    else if (!this.root) this.root = el;
    else {
      this.warn('roots', 'content after the document element was read into it');
      // Tolerate a second top-level element by hanging it under the first.
      el.parent = this.root;
      adopt(this.root, el);
    }
    if (!tag.selfClosing) {
      this.scopes.push(this.scope);
      this.scope = elScope;
      // A second top-level element hangs under the first, which is back on the chain of open elements.
      if (this.chain && this.cur === top && el.parent) this.chain.push(el.parent);
      this.cur = el;
      this.depth++;
      this.chain?.push(el);
    }
    return end;
  }

  /** A start tag below MAX_XML_DEPTH from offset `i`: passed over (quotes honoured), counted if it opens. */
  private skipTag(name: string, i: number): number {
    if (!this.warned.has('depth')) this.warn('depth', `elements nested deeper than ${MAX_XML_DEPTH} levels were read as text of <${this.cur.name}>`);
    const src = this.src;
    const n = src.length;
    let quote = 0;
    for (; i < n; i++) {
      const c = src.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62 /* > */) break;
      else if (c === 60 /* < */) return i;
    }
    if (src.charCodeAt(i - 1) !== 47 /* / */) {
      this.skipped.push(name);
    }
    return i + 1;
  }

  /** The attributes of start tag `name` from offset `i` up to and including its `>` or `/>`. */
  private attributes(name: string, i: number): number {
    const tag = this.tag;
    const src = this.src;
    const n = src.length;
    let attrs: Record<string, string> = EMPTY;
    let scope: NamespaceScope | undefined;
    for (;;) {
      while (i < n && isSpace(src.charCodeAt(i))) i++;
      if (i >= n) break;
      const d = src.charCodeAt(i);
      if (d === 62 /* > */) return tag.set(attrs, scope, false, i + 1);
      if (d === 47 /* / */ && src.charCodeAt(i + 1) === 62) return tag.set(attrs, scope, true, i + 2);
      if (d === 60 /* < */) {
        this.warn(`tag:${name}`, `start tag <${name}> not closed with '>'`);
        break;
      }
      const a0 = i;
      while (i < n) {
        const e = src.charCodeAt(i);
        if (e === 61 || e === 62 || e === 47 || isSpace(e)) break;
        i++;
      }
      if (i === a0) {
        i++;
        continue;
      }
      const aname = src.slice(a0, i);
      const [value, next] = this.attributeValue(name, i);
      i = next;
      if (attrs === EMPTY) attrs = {};
      attrs[aname] = value;
      if (aname.charCodeAt(0) === 120 && aname.startsWith('xmlns')) {
        // A copy of the enclosing scope: declarations are rare (the root, an XHTML div), lookups are not.
        scope ??= new Map(this.scope);
        const uri = value.trim();
        scope.set(aname.length === 5 ? '' : aname.slice(6), NS_KEYS.get(uri) ?? uri);
      }
    }
    return tag.set(attrs, scope, false, i);
  }

  /** The value after an attribute name ending at `i` (empty when there is no `=`), and the offset after it. */
  private attributeValue(tag: string, i: number): [string, number] {
    const src = this.src;
    const n = src.length;
    while (i < n && isSpace(src.charCodeAt(i))) i++;
    if (src.charCodeAt(i) !== 61 /* = */) return ['', i];
    i++;
    while (i < n && isSpace(src.charCodeAt(i))) i++;
    const q = src.charCodeAt(i);
    if (q === 34 || q === 39) {
      const endq = src.indexOf(q === 34 ? '"' : "'", i + 1);
      const stop = endq === -1 ? n : endq;
      return [this.decode(src.slice(i + 1, stop)).replace(/[\t\n\r]/g, ' '), stop + 1];
    }
    const v0 = i;
    while (i < n && !isSpace(src.charCodeAt(i)) && src.charCodeAt(i) !== 62) i++;
    this.warn(`unquoted`, `unquoted attribute value in <${tag}>`);
    return [this.decode(src.slice(v0, i)), i];
  }

  /**
   * Elements still open at the end of the source are closed there and marked `cut`, with one warning naming
   * them: the document is truncated. Returns their names, or undefined when the document is whole.
   */
  private closeAtEnd(): string | undefined {
    if (this.cur === this.top) return undefined;
    const names: string[] = [];
    const n = this.src.length;
    while (this.cur !== this.top) {
      names.push(this.cur.name);
      this.cur.cut = true;
      this.close(this.cur, n);
    }
    const shown = names.reverse().slice(0, 5).map((x) => `<${x}>`).join(', ') + (names.length > 5 ? ', …' : '');
    this.warnings.push(`document is truncated: it ended before closing ${shown}; the item still open there, if any, is dropped`);
    return shown;
  }
}

/**
 * The names on the chain of open elements: how many of each exact name, and the chain depths at which each
 * lowercased name sits (innermost last). Pushed when an element opens, popped when it closes.
 */
class OpenChain {
  private length = 0;
  private readonly exact = new Map<string, number>();
  private readonly lower = new Map<string, number[]>();

  push(el: XmlElement): void {
    this.length++;
    this.exact.set(el.name, (this.exact.get(el.name) ?? 0) + 1);
    const key = el.name.toLowerCase();
    const at = this.lower.get(key);
    if (at) at.push(this.length);
    else this.lower.set(key, [this.length]);
  }

  /** The open element `el` closed (its parent, already on the chain, is the open element now). */
  pop(el: XmlElement): void {
    this.length--;
    this.exact.set(el.name, this.exact.get(el.name)! - 1);
    this.lower.get(el.name.toLowerCase())!.pop();
  }

  has(name: string): boolean {
    return (this.exact.get(name) ?? 0) > 0;
  }

  /** Steps from the open element up to the innermost open element of that lowercased name (Infinity: none). */
  distanceLower(lower: string): number {
    const at = this.lower.get(lower);
    return at && at.length > 0 ? this.length - at[at.length - 1] : Infinity;
  }
}

/**
 * The names of the open elements below MAX_XML_DEPTH, innermost last, as runs of one name (a hostile document
 * repeats one tag thousands of times). Each run knows the previous run of its name, and each name its innermost
 * run, so that an end tag finds its element without a search.
 */
class SkippedStack {
  length = 0;
  private readonly names: string[] = [];
  /** Entries up to and including each run. */
  private readonly ends: number[] = [];
  /** The previous run of the same name (-1: none). */
  private readonly prev: number[] = [];
  private readonly last = new Map<string, number>();

  push(name: string): void {
    const top = this.names.length - 1;
    this.length++;
    if (top >= 0 && this.names[top] === name) {
      this.ends[top] = this.length;
      return;
    }
    this.prev.push(this.last.get(name) ?? -1);
    this.last.set(name, top + 1);
    this.names.push(name);
    this.ends.push(this.length);
  }

  /** Closes the innermost entry of `name` (and those above it) when it is among the `within` innermost entries. */
  closeWithin(name: string, within: number): boolean {
    const run = this.last.get(name) ?? -1;
    if (run < 0 || this.ends[run] - 1 < this.length - within) return false;
    while (this.names.length - 1 > run) this.popRun();
    const start = run > 0 ? this.ends[run - 1] : 0;
    if (this.ends[run] - 1 === start) this.popRun();
    else this.ends[run]--;
    this.length = this.names.length > 0 ? this.ends[this.names.length - 1] : 0;
    return true;
  }

  clear(): void {
    this.length = 0;
    this.names.length = 0;
    this.ends.length = 0;
    this.prev.length = 0;
    this.last.clear();
  }

  private popRun(): void {
    const top = this.names.length - 1;
    this.last.set(this.names[top], this.prev[top]);
    this.names.pop();
    this.ends.pop();
    this.prev.pop();
  }
}

const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Prefix → namespace key for the elements in scope. */
type NamespaceScope = Map<string, string>;
const DOCUMENT_SCOPE: NamespaceScope = new Map([
  ['xml', 'xml'],
  ['', ''],
]);
const VOIDISH = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'area', 'base', 'col', 'embed', 'source', 'wbr', 'p', 'li']);

function mkElement(
  name: string,
  local: string,
  ns: string,
  attrs: Record<string, string>,
  parent: XmlElement | undefined,
  innerStart: number,
): XmlElement {
  return { name, local, ns, attrs, children: NO_CHILDREN, parent, text: '', innerStart, innerEnd: innerStart, cut: false };
}

/** Leaves (most elements) share one frozen empty list; a list is allocated on the first child only. */
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

function adopt(parent: XmlElement, el: XmlElement): void {
  if (parent.children === NO_CHILDREN) parent.children = [el];
  else parent.children.push(el);
}

/**
 * `s.indexOf(char, from)`, looking at the next few characters in place first: most gaps between tags are short
 * (indentation, a title, an end tag's name), and a call to indexOf costs more than a short scan. The stray-end-tag
 * feed is nothing but such gaps.
 */
function nextIndexOf(s: string, code: number, char: string, from: number): number {
  const near = Math.min(s.length, from + NEAR_SCAN);
  for (let i = from; i < near; i++) if (s.charCodeAt(i) === code) return i;
  return near < s.length ? s.indexOf(char, near) : -1;
}
const NEAR_SCAN = 16;

function isBlankRange(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c > 127;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

/** Parse a decoded document into a light element tree, tolerating common breakage (see the module comment). */
export function parseXml(source: string, opts: XmlOptions = {}): XmlDocument {
  return new Reader(opts.legalChars ? source : dropIllegalChars(source), opts).parse();
}

/**
 * Whether UTF-8 bytes encode a character XML 1.0 forbids (XML_ILLEGAL: a C0 control other than tab, LF and CR,
 * or U+FFFE/U+FFFF, which UTF-8 writes EF BF BE/BF), answered on the bytes four at a time: the regex over the
 * decoded document was ~8% of reading a 4 MB Atom feed, this about half of that. Any UTF-8 decoding, lossy or
 * not, maps these bytes to these characters and no others to them.
 */
export function hasIllegalXmlBytes(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  // Up to the first 4-byte boundary one byte at a time (a view of words must start on one).
  const head = Math.min(n, (4 - (bytes.byteOffset & 3)) & 3);
  for (; i < head; i++) if (isIllegalByte(bytes[i]!)) return true;
  const count = (n - i) >> 2;
  const words = count === 0 ? NO_WORDS : new Uint32Array(bytes.buffer, bytes.byteOffset + i, count);
  for (let k = 0; k < words.length; k++) {
    const x = words[k]!;
    // Non-zero when some byte of x is below 0x20 (and, past such a byte, perhaps others): then look at each.
    if (((x - 0x20202020) & ~x & 0x80808080) !== 0) {
      if (isIllegalByte(x & 0xff) || isIllegalByte((x >>> 8) & 0xff) || isIllegalByte((x >>> 16) & 0xff) || isIllegalByte(x >>> 24)) return true;
    }
  }
  for (i += words.length * 4; i < n; i++) if (isIllegalByte(bytes[i]!)) return true;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, n);
  for (let at = buffer.indexOf(NONCHARACTER_LEAD); at !== -1; at = buffer.indexOf(NONCHARACTER_LEAD, at + 1)) {
    const last = buffer[at + 2];
    if (last === 0xbe || last === 0xbf) return true;
  }
  return false;
}

const NO_WORDS = new Uint32Array(0);

/** EF BF, the first two bytes of U+FFFE and U+FFFF (and of U+FFC0–U+FFFD, which XML allows). */
const NONCHARACTER_LEAD = Buffer.from([0xef, 0xbf]);

function isIllegalByte(b: number): boolean {
  return b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d;
}

// ---- tree helpers -------------------------------------------------------------------------------------------

/** The elements that closed before the document ended (a truncated document's last item is dropped). */
export function complete(els: XmlElement[]): XmlElement[] {
  return els.some((el) => el.cut) ? els.filter((el) => !el.cut) : els;
}

/** An attribute by local name, whatever its prefix (`rdf:about`, `about`). */
export function attr(el: XmlElement | undefined, local: string): string | undefined {
  if (!el) return undefined;
  const a = el.attrs;
  if (a[local] !== undefined) return a[local];
  for (const k in a) if (k.endsWith(`:${local}`)) return a[k];
  return undefined;
}

/** Trimmed string or undefined when empty. */
export function trimmed(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = s.trim();
  return t === '' ? undefined : t;
}

/** The element's raw source between its tags (markup kept as written). */
export function innerXml(doc: XmlDocument, el: XmlElement): string {
  return doc.source.slice(el.innerStart, el.innerEnd);
}

/** All text inside the element, descendants included, in document order (tags dropped). */
export function deepText(doc: XmlDocument, el: XmlElement): string {
  if (el.children.length === 0) return el.text;
  return decodeMarkupText(innerXml(doc, el));
}

function decodeMarkupText(raw: string): string {
  return decodeEntities(
    raw.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_w, t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;')).replace(/<[^>]*>/g, ''),
  );
}
