import type { Media, RelatedLink } from './article.js';

export const FEED_FORMATS = ['rss', 'atom', 'rdf', 'jsonfeed', 'newsml-g2', 'nitf'] as const;
/** A wire format wirefeed reads. */
export type FeedFormat = (typeof FEED_FORMATS)[number];

/**
 * One item as a format module read it, before normalization. Every format module produces this shape;
 * raw format-specific shapes stay private to their module. Strings are trimmed and absent when empty.
 */
export interface WireItem {
  /** The partner's own id for the item (RSS guid, Atom id, NewsML-G2 guid, NITF doc-id). */
  guid?: string;
  /** Absolute permalink, resolved against xml:base / feed link / fetch URL. */
  url?: string;
  /** Plain text (entities decoded, markup removed). */
  title?: string;
  /** HTML (a plain-text summary is escaped into HTML by the parser). */
  summaryHtml?: string;
  /** HTML body, the fullest the item carries (content:encoded over description). */
  contentHtml?: string;
  authors: string[];
  editor?: string;
  /** Originating agency when the format says so (RSS <source>, NewsML-G2 provider/creditline). */
  source?: string;
  publisher?: string;
  /** Feed-level dateline (NewsML-G2 dateline/located, NITF dateline/city); wins over the body's. */
  dateline?: string;
  /** As the document states it (xml:lang, dc:language…); normalization reduces it to BCP 47 primary tag. */
  language?: string;
  /** ISO 8601 UTC with milliseconds; absent when the date could not be read. */
  publishedAt?: string;
  updatedAt?: string;
  /** Stable category values (an Atom category's term): what category feeds are keyed by. */
  categories: string[];
  /** How to show a category whose display differs from its value (an Atom category's label), keyed by the value. */
  categoryLabels?: Record<string, string>;
  media: Media[];
  /** Related links the format carries explicitly (Atom rel=related); body "read also" lines are found later. */
  relatedLinks: RelatedLink[];
  rights?: string;
  /** NewsML-G2 version, NITF revision. */
  version?: number;
  /** NewsML-G2 pubStatus / NITF kill notices. */
  status?: 'usable' | 'withheld' | 'canceled';
  /** ISO 8601 UTC: the item must not be published before this time. */
  embargoedUntil?: string;
  /**
   * The wire states an embargo without a time that can be read (an empty NewsML-G2 embargoed, an unreadable one,
   * an unreadable NITF date.release): the item is held with no end until a copy states a readable time or none.
   */
  embargoEndUnknown?: true;
}

/** A whole parsed document. */
export interface ParsedFeed {
  format: FeedFormat;
  title?: string;
  /** The feed's own site link (absolute). */
  link?: string;
  language?: string;
  /** RSS <ttl>, in minutes. */
  ttlMinutes?: number;
  items: WireItem[];
  /**
   * The document ended before its root element closed (a cut-off download): the items complete before the cut
   * are kept, the one still open is dropped, and a warning says so. Absent for a whole document.
   */
  truncated?: true;
  /** Recoverable problems met while reading (broken XML that was repaired, items skipped). */
  warnings: string[];
}

/** What a format module is given besides the document. */
export interface ParseContext {
  /** The URL the document was fetched from: the last base for relative URLs. */
  url?: string;
}
