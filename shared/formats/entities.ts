import { decodeHTMLStrict } from 'entities/decode';

/**
 * Character and entity references, decoded in one place. The XML reader resolves references with its DOCTYPE's
 * internal entities through {@link decodeReferences}; the helpers below cover the simpler cases (numeric
 * references only, XML's five predefined names, every HTML name).
 */

/** XML's five predefined entities. */
export const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** HTML5's reading of numeric references 0x80-0x9F (feeds write `&#146;` meaning windows-1252's ’). */
const C1_AS_1252: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02c6,
  0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c,
  0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a,
  0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

const HEX_DIGITS = /^[0-9a-fA-F]{1,8}$/;
const DEC_DIGITS = /^\d{1,8}$/;
const ENTITY_NAME = /^[A-Za-z_][\w.-]*$/;
const NUMERIC_REF = /&#(\d{1,8});|&#[xX]([0-9a-fA-F]{1,8});/g;
const ANY_REF = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]*));/g;
/** The longest reference worth resolving (`&CounterClockwiseContourIntegral;` is 33). */
const MAX_REF_LENGTH = 40;

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

/** Decode every HTML character reference (named, decimal, hex) in a string. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') === -1) return s;
  return s.replace(ANY_REF, (whole, dec: string, hex: string, name: string) => {
    if (dec !== undefined) return fromCodeRef(parseInt(dec, 10));
    if (hex !== undefined) return fromCodeRef(parseInt(hex, 16));
    return htmlEntity(name) ?? whole;
  });
}

/** Decode numeric character references only (entity values in a DOCTYPE, whose names are expanded apart). */
export function decodeNumericRefs(s: string): string {
  return s.replace(NUMERIC_REF, (_w, d: string, h: string) => fromCodeRef(d !== undefined ? parseInt(d, 10) : parseInt(h, 16)));
}

/** What {@link decodeReferences} asks its caller: the text of a named entity, and what to do with a stray `&`. */
export interface ReferenceResolver {
  /** The text `&name;` stands for (never called for the five predefined names). */
  named(name: string, whole: string): string;
  /** Called for an `&` that starts no reference; the `&` is kept as text. */
  stray(): void;
}

/** Decode character and entity references in XML text; a hand scan (this runs over every text node). */
export function decodeReferences(raw: string, resolver: ReferenceResolver): string {
  let amp = raw.indexOf('&');
  if (amp === -1) return raw;
  // Escaped HTML bodies hold hundreds of &lt;/&gt;: one join builds one flat string, where concatenation would
  // build a rope of hundreds of pieces for the GC to chase.
  if (raw.length > 256) {
    const decoded = decodePredefined(raw);
    if (decoded !== undefined) return decoded;
  }
  let out = '';
  let last = 0;
  while (amp !== -1) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi !== -1 && semi - amp <= MAX_REF_LENGTH) {
      const rep = reference(raw.slice(amp + 1, semi), resolver);
      if (rep !== undefined) {
        out += raw.slice(last, amp) + rep;
        last = semi + 1;
        amp = raw.indexOf('&', last);
        continue;
      }
    }
    resolver.stray();
    amp = raw.indexOf('&', amp + 1);
  }
  return last === 0 ? raw : out + raw.slice(last);
}

/** The text a reference `&name;` stands for; undefined when `name` is not a reference at all. */
function reference(name: string, resolver: ReferenceResolver): string | undefined {
  const pre = PREDEFINED[name];
  if (pre !== undefined) return pre;
  if (name.charCodeAt(0) === 35 /* # */) {
    const hex = name.charCodeAt(1) === 120 || name.charCodeAt(1) === 88;
    const digits = name.slice(hex ? 2 : 1);
    if (!(hex ? HEX_DIGITS : DEC_DIGITS).test(digits)) return undefined;
    return fromCodeRef(parseInt(digits, hex ? 16 : 10));
  }
  if (!ENTITY_NAME.test(name)) return undefined;
  return resolver.named(name, `&${name};`);
}

/**
 * A text whose every `&` starts one of the five predefined references, decoded; undefined as soon as one does
 * not (the caller then takes the general path). One pass: a separate test for other references was a second
 * scan of every escaped body.
 */
function decodePredefined(raw: string): string | undefined {
  const parts: string[] = [];
  let last = 0;
  for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', last)) {
    const text = predefinedAt(raw, amp);
    if (text === undefined) return undefined;
    parts.push(raw.slice(last, amp), text);
    last = amp + REFERENCE_LENGTH[text]!;
  }
  parts.push(raw.slice(last));
  return parts.join('');
}

/** The length of each predefined reference, by the character it stands for. */
const REFERENCE_LENGTH: Readonly<Record<string, number>> = { '<': 4, '>': 4, '&': 5, '"': 6, "'": 6 };

/** The character of the predefined reference (`&lt;` `&gt;` `&amp;` `&quot;` `&apos;`) at `amp`, if one is there. */
function predefinedAt(s: string, amp: number): string | undefined {
  const a = s.charCodeAt(amp + 1);
  const b = s.charCodeAt(amp + 2);
  if (b === 0x74 /* t */ && s.charCodeAt(amp + 3) === 0x3b /* ; */) return a === 0x6c /* l */ ? '<' : a === 0x67 /* g */ ? '>' : undefined;
  if (a === 0x61 /* a */) {
    if (b === 0x6d /* m */) return s.charCodeAt(amp + 3) === 0x70 && s.charCodeAt(amp + 4) === 0x3b ? '&' : undefined;
    return b === 0x70 /* p */ && s.startsWith('os;', amp + 3) ? "'" : undefined;
  }
  return a === 0x71 /* q */ && b === 0x75 /* u */ && s.startsWith('ot;', amp + 3) ? '"' : undefined;
}
