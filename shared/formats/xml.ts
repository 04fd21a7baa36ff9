import { decodeHTMLStrict } from 'entities/decode';
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
}

export interface XmlDocument {
  /** The decoded source the offsets refer to. */
  source: string;
  /** The document element; undefined when the document holds no element at all. */
  root: XmlElement | undefined;
  warnings: string[];
}

export interface XmlOptions {
  /** Upper bound on characters produced by internal entity expansion for the whole document. */
  maxEntityExpansion?: number;
}

/**
 * Namespace URIs reduced to the short key modules match on (`dc`, `media`…). Feeds write many spellings of
 * the same namespace (trailing slash or not, http/https) and sometimes use a prefix they never declared, so
 * an element's `ns` is this key, the undeclared prefix itself, or the URI when it is not one we know.
 */
const NS_KEYS: Record<string, string> = {};
function nsKey(key: string, ...uris: string[]): void {
  for (const u of uris) {
    NS_KEYS[u] = key;
    NS_KEYS[u.endsWith('/') ? u.slice(0, -1) : `${u}/`] = key;
    NS_KEYS[u.replace(/^http:/, 'https:')] = key;
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


const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const XML_ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
const ENTITY_REF = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z_][\w.-]*));/g;
const MAX_WARNINGS = 25;
const MAX_CLOSE_SEARCH = 256;
const NOT_PREDEFINED = /&(?!(?:lt|gt|amp|quot|apos);)/;
const HEX_DIGITS = /^[0-9a-fA-F]{1,8}$/;
const DEC_DIGITS = /^\d{1,8}$/;
const ENTITY_NAME = /^[A-Za-z_][\w.-]*$/;
const DEFAULT_MAX_EXPANSION = 1_000_000;
const MAX_ENTITY_DEPTH = 16;

/** HTML5's reading of numeric references 0x80-0x9F (feeds write `&#146;` meaning windows-1252's ’). */
const C1_AS_1252: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02c6,
  0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c,
  0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a,
  0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

const htmlEntityCache = new Map<string, string | null>();

/** The character(s) an HTML named entity stands for, or undefined when HTML does not know the name. */
export function htmlEntity(name: string): string | undefined {
  let hit = htmlEntityCache.get(name);
  if (hit === undefined) {
    const ref = `&${name};`;
    const decoded = decodeHTMLStrict(ref);
    hit = decoded === ref ? null : decoded;
    htmlEntityCache.set(name, hit);
  }
  return hit ?? undefined;
}

/** A numeric character reference's text, with C1 codes read as windows-1252 and illegal code points dropped. */
export function fromCodeRef(code: number): string {
  if (code >= 0x80 && code <= 0x9f) code = C1_AS_1252[code] ?? 0;
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '';
  if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return '';
  return String.fromCodePoint(code);
}

/** Drop characters XML 1.0 forbids (C0 controls other than tab/CR/LF, U+FFFE/U+FFFF). */
function dropIllegalChars(s: string): string {
  XML_ILLEGAL.lastIndex = 0;
  return XML_ILLEGAL.test(s) ? s.replace(XML_ILLEGAL, '') : s;
}

interface EntityTable {
  internal: Map<string, string>;
  external: Set<string>;
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

  /** Decode character and entity references in text; a hand scan (this runs over every text node). */
  decode(raw: string): string {
    let amp = raw.indexOf('&');
    if (amp === -1) return raw;
    // Escaped HTML bodies hold hundreds of &lt;/&gt;: native global replaces build one flat string each, where
    // a scan would build a rope of hundreds of pieces for the GC to chase.
    if (raw.length > 256 && !NOT_PREDEFINED.test(raw)) return decodePredefined(raw);
    let out = '';
    let last = 0;
    while (amp !== -1) {
      const semi = raw.indexOf(';', amp + 1);
      if (semi !== -1 && semi - amp <= 40) {
        const rep = this.reference(raw.slice(amp + 1, semi));
        if (rep !== undefined) {
          out += raw.slice(last, amp) + rep;
          last = semi + 1;
          amp = raw.indexOf('&', last);
          continue;
        }
      }
      this.warn('amp', "stray '&' not starting an entity was kept as text");
      amp = raw.indexOf('&', amp + 1);
    }
    return last === 0 ? raw : out + raw.slice(last);
  }

  /** The text a reference `&name;` stands for; undefined when `name` is not a reference at all. */
  private reference(name: string): string | undefined {
    switch (name) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    if (name.charCodeAt(0) === 35 /* # */) {
      const hex = name.charCodeAt(1) === 120 || name.charCodeAt(1) === 88;
      const digits = name.slice(hex ? 2 : 1);
      if (!(hex ? HEX_DIGITS : DEC_DIGITS).test(digits)) return undefined;
      return fromCodeRef(parseInt(digits, hex ? 16 : 10));
    }
    if (!ENTITY_NAME.test(name)) return undefined;
    return this.named(name, `&${name};`);
  }

  private named(name: string, whole: string): string {
    const pre = PREDEFINED[name];
    if (pre !== undefined) return pre;
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
      const decoded = this.decodeChars(value);
      this.entities.internal.set(name, decoded);
      return decoded;
    };
    for (const name of raw.keys()) expand(name);
  }

  private decodeChars(value: string): string {
    return value.replace(/&#(\d{1,8});|&#[xX]([0-9a-fA-F]{1,8});/g, (_w, d: string, h: string) =>
      fromCodeRef(d !== undefined ? parseInt(d, 10) : parseInt(h, 16)),
    );
  }

  parse(): XmlDocument {
    const src = this.src;
    const n = src.length;
    const top: XmlElement = mkElement('#document', '#document', '', {}, undefined, 0);
    let cur = top;
    let scope: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, { xml: 'xml', '': '' });
    const scopes: Record<string, string>[] = [];
    let pos = 0;
    let root: XmlElement | undefined;

    const addText = (t: string): void => {
      if (cur === top) return;
      if (cur.children.length > 0 && isBlank(t)) return;
      cur.text = cur.text === '' ? t : cur.text + t;
    };

    const close = (el: XmlElement, at: number): void => {
      el.innerEnd = at;
      cur = el.parent ?? top;
      scope = scopes.pop() ?? scope;
    };

    while (pos < n) {
      const lt = src.indexOf('<', pos);
      if (lt === -1) {
        if (cur !== top) addText(this.decode(src.slice(pos)));
        break;
      }
      // Indentation between elements is by far the commonest text: test it in place rather than slice it.
      if (lt > pos && cur !== top && !(cur.children.length > 0 && isBlankRange(src, pos, lt))) addText(this.decode(src.slice(pos, lt)));
      const c = src.charCodeAt(lt + 1);
      if (c === 33 /* ! */) {
        if (src.startsWith('<![CDATA[', lt)) {
          const end = src.indexOf(']]>', lt + 9);
          if (end === -1) {
            this.warn('cdata', 'unterminated CDATA section read to the end of the document');
            addText(src.slice(lt + 9));
            pos = n;
          } else {
            addText(src.slice(lt + 9, end));
            pos = end + 3;
          }
        } else if (src.startsWith('<!--', lt)) {
          const end = src.indexOf('-->', lt + 4);
          pos = end === -1 ? n : end + 3;
        } else if (src.substr(lt + 2, 7).toUpperCase() === 'DOCTYPE') {
          pos = this.doctype(lt);
        } else {
          const end = src.indexOf('>', lt);
          pos = end === -1 ? n : end + 1;
        }
        continue;
      }
      if (c === 63 /* ? */) {
        const end = src.indexOf('?>', lt + 2);
        pos = end === -1 ? n : end + 2;
        continue;
      }
      if (c === 47 /* / */) {
        const gt = src.indexOf('>', lt + 2);
        // The usual case, the end tag of the open element, is checked in place without slicing its name.
        const open = cur.name;
        if (gt - lt - 2 === open.length && src.startsWith(open, lt + 2)) {
          pos = gt + 1;
          close(cur, lt);
          continue;
        }
        const end = gt === -1 ? n : gt;
        const name = src.slice(lt + 2, end).trim();
        pos = gt === -1 ? n : gt + 1;
        if (cur.name === name) {
          close(cur, lt);
          continue;
        }
        // Mismatched end tag: close up to the nearest open element of that name, or ignore it.
        // The search is bounded so a flood of stray end tags under deep nesting stays linear.
        let target: XmlElement | undefined = cur.parent;
        let steps = 0;
        while (target && target !== top && target.name !== name && ++steps < MAX_CLOSE_SEARCH) target = target.parent;
        if (!target || target === top || target.name !== name) {
          const lower = name.toLowerCase();
          target = cur;
          steps = 0;
          while (target && target !== top && target.name.toLowerCase() !== lower && ++steps < MAX_CLOSE_SEARCH) target = target.parent;
          if (target && target !== top && target.name.toLowerCase() !== lower) target = undefined;
        }
        if (!target || target === top) {
          this.warn(`stray:${name}`, `stray end tag </${name}> ignored`);
          continue;
        }
        while (cur !== target) {
          if (!VOIDISH.has(cur.local.toLowerCase()))
            this.warn(`unclosed:${cur.name}`, `unclosed <${cur.name}> closed by </${name}>`);
          close(cur, lt);
        }
        close(target, lt);
        continue;
      }
      if (!isNameStart(c)) {
        this.warn('lt', "stray '<' not starting a tag was kept as text");
        if (cur !== top) addText('<');
        pos = lt + 1;
        continue;
      }
      // Start tag.
      let i = lt + 1;
      while (i < n && isNameChar(src.charCodeAt(i))) i++;
      const name = src.slice(lt + 1, i);
      let attrs: Record<string, string> = EMPTY;
      let selfClosing = false;
      let nsDecl: Record<string, string> | undefined;
      // Attributes.
      for (;;) {
        while (i < n && isSpace(src.charCodeAt(i))) i++;
        if (i >= n) break;
        const d = src.charCodeAt(i);
        if (d === 62 /* > */) {
          i++;
          break;
        }
        if (d === 47 /* / */ && src.charCodeAt(i + 1) === 62) {
          selfClosing = true;
          i += 2;
          break;
        }
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
        while (i < n && isSpace(src.charCodeAt(i))) i++;
        let value = '';
        if (src.charCodeAt(i) === 61 /* = */) {
          i++;
          while (i < n && isSpace(src.charCodeAt(i))) i++;
          const q = src.charCodeAt(i);
          if (q === 34 || q === 39) {
            const endq = src.indexOf(q === 34 ? '"' : "'", i + 1);
            const stop = endq === -1 ? n : endq;
            value = this.decode(src.slice(i + 1, stop)).replace(/[\t\n\r]/g, ' ');
            i = stop + 1;
          } else {
            const v0 = i;
            while (i < n && !isSpace(src.charCodeAt(i)) && src.charCodeAt(i) !== 62) i++;
            value = this.decode(src.slice(v0, i));
            this.warn(`unquoted`, `unquoted attribute value in <${name}>`);
          }
        }
        if (attrs === EMPTY) attrs = {};
        attrs[aname] = value;
        if (aname.charCodeAt(0) === 120 && aname.startsWith('xmlns')) {
          nsDecl ??= {};
          nsDecl[aname.length === 5 ? '' : aname.slice(6)] = NS_KEYS[value.trim()] ?? value.trim();
        }
      }
      pos = i;
      const colon = name.indexOf(':');
      const prefix = colon === -1 ? '' : name.slice(0, colon);
      const local = colon === -1 ? name : name.slice(colon + 1);
      const elScope = nsDecl ? Object.assign(Object.create(scope) as Record<string, string>, nsDecl) : scope;
      const ns = elScope[prefix] ?? prefix;
      const el = mkElement(name, local, ns, attrs, cur === top ? undefined : cur, i);
      if (cur === top) {
        if (root) {
          this.warn('roots', 'content after the document element was read into it');
          // Tolerate a second top-level element by hanging it under the first.
          el.parent = root;
          adopt(root, el);
        } else root = el;
      } else adopt(cur, el);
      if (selfClosing) {
        el.innerEnd = i;
      } else {
        scopes.push(scope);
        scope = elScope;
        cur = el;
      }
    }
    if (cur !== top) {
      const names: string[] = [];
      while (cur !== top) {
        if (names.length < 5) names.push(cur.name);
        close(cur, n);
      }
      this.warn('eof', `document ended before closing ${names.map((x) => `<${x}>`).join(', ')}`);
    }
    return { source: src, root, warnings: this.warnings };
  }
}

function decodePredefined(raw: string): string {
  const parts: string[] = [];
  let last = 0;
  for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', last)) {
    const c = raw.charCodeAt(amp + 1);
    let rep: string;
    let len: number;
    if (c === 108 /* l */) [rep, len] = ['<', 4];
    else if (c === 103 /* g */) [rep, len] = ['>', 4];
    else if (c === 113 /* q */) [rep, len] = ['"', 6];
    else if (c === 97 && raw.charCodeAt(amp + 2) === 112 /* ap */) [rep, len] = ["'", 6];
    else [rep, len] = ['&', 5];
    parts.push(raw.slice(last, amp), rep);
    last = amp + len;
  }
  parts.push(raw.slice(last));
  return parts.join('');
}

const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>;
const VOIDISH = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'area', 'base', 'col', 'embed', 'source', 'wbr', 'p', 'li']);

function mkElement(
  name: string,
  local: string,
  ns: string,
  attrs: Record<string, string>,
  parent: XmlElement | undefined,
  innerStart: number,
): XmlElement {
  return { name, local, ns, attrs, children: NO_CHILDREN, parent, text: '', innerStart, innerEnd: innerStart };
}

/** Leaves (most elements) share one frozen empty list; a list is allocated on the first child only. */
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

function adopt(parent: XmlElement, el: XmlElement): void {
  if (parent.children === NO_CHILDREN) parent.children = [el];
  else parent.children.push(el);
}

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
  return new Reader(dropIllegalChars(source), opts).parse();
}

// ---- tree helpers -------------------------------------------------------------------------------------------

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
  return raw
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_w, t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;'))
    .replace(/<[^>]*>/g, '')
    .replace(ENTITY_REF, (whole, dec: string, hex: string, name: string) => {
      if (dec !== undefined) return fromCodeRef(parseInt(dec, 10));
      if (hex !== undefined) return fromCodeRef(parseInt(hex, 16));
      return PREDEFINED[name] ?? htmlEntity(name) ?? whole;
    });
}
