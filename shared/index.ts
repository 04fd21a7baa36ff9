import type { Article } from './model/article.js';
import type { FeedFormat, ParsedFeed } from './model/wire-item.js';
import { openFeed, readFeed } from './formats/index.js';
import { normalizeFeedReport } from './normalize/index.js';

export type { Article, Media, RelatedLink } from './model/article.js';
export type { FeedFormat, ParsedFeed, WireItem } from './model/wire-item.js';
export type { Partner } from './model/partner.js';
export { articleSchema } from './model/article.js';
export * from './errors.js';
export { readFeed } from './formats/index.js';
export { normalizeFeed } from './normalize/index.js';

export interface ParseFeedOptions {
  partnerId: string;
  /** Where the document came from: the last base for relative URLs. */
  url?: string;
  /** The HTTP Content-Type, whose charset is used when the document declares none (BOM wins). */
  contentType?: string;
  /** Skip detection; 'auto' (the default) detects the format from the document itself. */
  format?: FeedFormat | 'auto';
  /** The partner's default language, used when neither item nor feed says. */
  defaultLanguage?: string;
  /** Refuse documents larger than this before parsing (default 20 MB). */
  maxBytes?: number;
}

/** Reads a feed document (bytes or text) into canonical articles: decode, detect, parse, normalize, sanitize. */
export function parseFeed(input: Uint8Array | string, options: ParseFeedOptions): Article[] {
  // Item by item: each item's tree and WireItem go once its article is made (the articles are the same).
  const reading = openFeed(input, { url: options.url, contentType: options.contentType, format: options.format, maxBytes: options.maxBytes });
  const { language, link } = reading.feed();
  const report = normalizeFeedReport({ language, link, reading }, { partnerId: options.partnerId, defaultLanguage: options.defaultLanguage, fetchUrl: options.url });
  return report.articles;
}

/** What parseFeedDocument read: the document, its articles, the items left out, and every warning. */
export interface ParsedFeedDocument {
  feed: ParsedFeed;
  articles: Article[];
  /** One line per item that made no article, naming it and why. */
  skipped: string[];
  /** Every warning: the reader's (repairs, truncation, unreadable dates) then normalization's (skipped items). */
  warnings: string[];
}

/** Like parseFeed, also returning the parsed document (format, feed metadata), the skipped items and the warnings. */
export function parseFeedDocument(input: Uint8Array | string, options: ParseFeedOptions): ParsedFeedDocument {
  const feed = readFeed(input, {
    url: options.url,
    contentType: options.contentType,
    format: options.format,
    maxBytes: options.maxBytes,
  });
  const report = normalizeFeedReport(feed, {
    partnerId: options.partnerId,
    defaultLanguage: options.defaultLanguage,
    fetchUrl: options.url,
  });
  return { feed, articles: report.articles, skipped: report.skipped, warnings: [...feed.warnings, ...report.warnings] };
}
