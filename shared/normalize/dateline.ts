import { BlockTexts, type Document, rawText } from './dom.js';
import { AGENCIES, LEAD_PUBLISHERS, agencyName } from './rules.js';

/** What the opening words of a story said before its first real sentence. */
export interface Lead {
  /** Characters of the paragraph's text the lead takes, separators and spaces included. */
  length: number;
  dateline?: string;
  publisher?: string;
  source?: string;
}

const PARTICLE = '(?:de|da|del|do|dos|la|el|am|an|der|di|upon|sur|en|es|al)';
const WORD = "\\p{Lu}[\\p{L}'’-]*";
/** A place: `SEOUL`, `NEW YORK`, `Rio de Janeiro`, `Frankfurt/Main`, `SAN FRANCISCO/NEW YORK`. */
const CITY_ONE = `${WORD}(?: (?:${PARTICLE} )?${WORD}){0,3}`;
const CITY = `${CITY_ONE}(?:/${CITY_ONE})*`;
const CAPS_WORD = "\\p{Lu}[\\p{Lu}'’-]+";
const CAPS_CITY = `${CAPS_WORD}(?:[ /]${CAPS_WORD}){0,3}`;
/** A publisher that writes its own web address in the lead: `KONTAN.CO.ID`, `Kompas.com`, `TEMPO.CO`. */
const anyCase = (s: string): string => [...s].map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : c)).join('');
const TLD = `(?:${['com', 'co\\.id', 'co', 'id', 'net', 'org', 'news', 'tv'].map(anyCase).join('|')})`;
const DOMAIN = `[\\p{L}\\d][\\p{L}\\d-]*(?:\\.[\\p{L}\\d-]+)*?\\.${TLD}`;
const DASH = '(?:-{1,2}|[–—])';

/** A date as wires write it before the agency: `May 2`, `June 13`, `13 juin`, `13. Juni`, `24 Mar.`. */
const DATE = '(?:\\p{L}{3,10}\\.?\\s+\\d{1,2}|\\d{1,2}\\.?\\s+\\p{L}{3,10}\\.?)';
/** Without a place, only a known agency makes a parenthesis at the start a lead. */
const AGENCY_NAMES = Object.keys(AGENCIES)
  .sort((a, b) => b.length - a.length)
  .map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
  .join('|');
const PUBLISHER_NAMES = LEAD_PUBLISHERS.map((p) => p.name)
  .sort((a, b) => b.length - a.length)
  .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
  .join('|');
/** Words that open a story without being a place. */
const NOT_A_PLACE = /^(UPDATE|BREAKING|LIVE|EXCLUSIVE|ANALYSIS|OPINION|FACTBOX|WRAPUP|INSIGHT|VIDEO|FOTO|PHOTO|EDITORIAL|REVIEW|INTERVIEW|EKSKLUSIF|TERKINI|URGENT|EILMELDUNG|DIRECT|ÚLTIMA HORA)\b/iu;

/** Lead patterns, most specific first. Each returns the fields it found from its match groups. */
const LEADS: ReadonlyArray<{ name: string; re: RegExp; read: (m: RegExpExecArray) => Omit<Lead, 'length'> | undefined }> = [
  {
    // SEOUL, June 13 (Reuters) -   PARIS (AFP) -   BERLIN, 13. Juni (dpa) -   JAKARTA (ANTARA) -   WASHINGTON (AP) —
    name: 'agency',
    re: new RegExp(`^\\s*(${CITY})(?:\\s*,\\s*[^()\\n]{1,30}?)?\\s*\\(\\s*([^()\\n]{2,40}?)\\s*\\)\\s*(?:${DASH}|:)\\s*`, 'u'),
    read: (m) => ({ dateline: m[1], source: agencyName(m[2]) }),
  },
  {
    // May 2 (Reuters) -   13 juin (AFP) -   (Reuters) -   (the wire gives a date or nothing, no place)
    name: 'date (agency) -',
    re: new RegExp(`^\\s*(?:${DATE}\\s*)?\\(\\s*(${AGENCY_NAMES})\\s*\\)\\s*(?:${DASH}|:)\\s*`, 'iu'),
    read: (m) => ({ source: agencyName(m[1]) }),
  },
  {
    // KONTAN.CO.ID - SEOUL.
    name: 'publisher - city',
    re: new RegExp(`^\\s*(${DOMAIN})\\s*${DASH}\\s*(${CITY})\\s*[.,:]\\s*`, 'u'),
    read: (m) => ({ publisher: m[1], dateline: m[2] }),
  },
  {
    // JAKARTA, KOMPAS.com -
    name: 'city, publisher -',
    re: new RegExp(`^\\s*(${CITY})\\s*,\\s*(${DOMAIN})\\s*${DASH}\\s*`, 'u'),
    read: (m) => ({ dateline: m[1], publisher: m[2] }),
  },
  {
    // Jakarta, CNN Indonesia --   (a publisher known by name, see LEAD_PUBLISHERS)
    name: 'city, known publisher -',
    re: new RegExp(`^\\s*(${CITY})\\s*,\\s*(${PUBLISHER_NAMES})\\s*${DASH}\\s*`, 'u'),
    read: (m) => ({ dateline: m[1], publisher: m[2] }),
  },
  {
    // Bisnis.com, JAKARTA -   TEMPO.CO, Jakarta -
    name: 'publisher, city -',
    re: new RegExp(`^\\s*(${DOMAIN})\\s*,\\s*(${CITY})\\s*${DASH}\\s*`, 'u'),
    read: (m) => ({ publisher: m[1], dateline: m[2] }),
  },
  {
    // Suara.com - Presiden…   (a publisher's address alone, no place)
    name: 'publisher -',
    re: new RegExp(`^\\s*(${DOMAIN})\\s*${DASH}\\s*(?=\\p{Lu})`, 'u'),
    read: (m) => ({ publisher: m[1] }),
  },
  {
    // WASHINGTON —   MADRID, 13 jun -   (a place in capitals, then a dash: no agency named)
    name: 'city -',
    re: new RegExp(`^\\s*(${CAPS_CITY})(?:\\s*,\\s*[^\\n]{1,25}?)?\\s+${DASH}\\s+`, 'u'),
    read: (m) => (NOT_A_PLACE.test(m[1]) ? undefined : { dateline: m[1] }),
  },
  {
    // Jakarta - Presiden…   (Detik: a place in title case, a spaced hyphen, then a capitalized word; an em dash
    // here is more often prose: "Tesla — Elon Musk's company — said")
    name: 'Place - ',
    re: new RegExp(`^\\s*(${WORD}(?: ${WORD}){0,2})\\s+-\\s+(?=\\p{Lu})`, 'u'),
    read: (m) => (NOT_A_PLACE.test(m[1]) ? undefined : { dateline: m[1] }),
  },
];

/** Reads a lead at the start of a paragraph's text; undefined when the paragraph starts with the story itself. */
export function matchLead(text: string): Lead | undefined {
  for (const { re, read } of LEADS) {
    const m = re.exec(text);
    const found = m ? read(m) : undefined;
    if (m && found) return { length: m[0].length, ...found };
  }
  return undefined;
}

/**
 * Step: reads the dateline, publisher and agency from the opening words of the first paragraphs and removes them,
 * so the body starts with the story's first real sentence.
 */
export function extractLead(doc: Document, texts = new BlockTexts(doc)): Omit<Lead, 'length'> {
  for (const block of texts.blocks().slice(0, 2)) {
    const lead = matchLead(rawText(block));
    if (!lead) continue;
    texts.removeLeadingText(block, lead.length);
    if (!texts.line(block)) texts.remove(block);
    const { length: _length, ...found } = lead;
    return found;
  }
  return {};
}
