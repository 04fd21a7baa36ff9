import type { Article } from './model/article.js';
import type { FeedFormat, ParsedFeed } from './model/wire-item.js';
import { readFeed } from './formats/index.js';
import { normalizeFeed } from './normalize/index.js';

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
  return parseFeedDocument(input, options).articles;
}

/** Like parseFeed, also returning the parsed document (format, feed metadata, warnings). */
export function parseFeedDocument(
  input: Uint8Array | string,
  options: ParseFeedOptions,
): { feed: ParsedFeed; articles: Article[] } {
  const feed = readFeed(input, {
    url: options.url,
    contentType: options.contentType,
    format: options.format,
    maxBytes: options.maxBytes,
  });
  const articles = normalizeFeed(feed, {
    partnerId: options.partnerId,
    defaultLanguage: options.defaultLanguage,
    fetchUrl: options.url,
  });
  return { feed, articles };
}
