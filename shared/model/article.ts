import * as z from 'zod/mini';
import './zod.js';

/** ISO 8601 UTC timestamp with milliseconds, e.g. 2024-06-13T02:30:00.000Z. */
export const isoUtcTimestamp = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'expected ISO 8601 UTC with milliseconds'));

/** A non-empty string: optional fields are absent when unknown, never empty. */
const text = z.string().check(z.minLength(1));
const positiveInt = z.number().check(z.int(), z.positive());

export const mediaSchema = z.object({
  url: z.url(),
  type: z.optional(text),
  medium: z.optional(text),
  width: z.optional(positiveInt),
  height: z.optional(positiveInt),
  /** Size in bytes when the source states it (RSS enclosure length, media:content fileSize): RSS enclosures need it. */
  fileSize: z.optional(positiveInt),
  caption: z.optional(text),
  credit: z.optional(text),
});

export const relatedLinkSchema = z.object({
  title: text,
  url: z.optional(z.url()),
});

/** Lifecycle of an article: withdrawn ones leave public feeds, embargoed ones wait for their time. */
export const articleStatusSchema = z.enum(['usable', 'withdrawn', 'embargoed']);

/** The canonical article: one model for the whole project. */
export const articleSchema = z.object({
  id: text,
  partnerId: text,
  guid: text,
  version: z.number().check(z.int(), z.minimum(1)),
  /** The partner's web page for the story; absent for wire copy that has none (NITF, NewsML-G2 often carry no link). */
  url: z.optional(z.url()),
  title: text,
  summary: z.optional(text),
  bodyHtml: z.string(),
  bodyText: z.string(),
  /**
   * The fingerprint of the HTML policy (model/html-policy.ts HTML_POLICY_FINGERPRINT) that bodyHtml was sanitized
   * under, recorded by the normalizer only, and only on a body that is exactly what may be published (no
   * XML-illegal character, no space at either end). Absent on articles stored before it existed. Not content:
   * contentHash leaves it out, so recording it never makes an unchanged article a new version.
   */
  bodyPolicy: z.optional(text),
  authors: z.array(text),
  editor: z.optional(text),
  source: z.optional(text),
  publisher: z.optional(text),
  dateline: z.optional(text),
  language: z.optional(text),
  publishedAt: z.optional(isoUtcTimestamp),
  updatedAt: z.optional(isoUtcTimestamp),
  /** Stable category values (an Atom term), each once by categoryKey: category feeds are keyed by them. */
  categories: z.array(text),
  /** Display labels for categories whose wire label differs from the value (Atom `label`), keyed by the value. */
  categoryLabels: z.optional(z.record(text, text)),
  media: z.array(mediaSchema),
  relatedLinks: z.array(relatedLinkSchema),
  rights: z.optional(text),
  contentHash: text,
  status: articleStatusSchema,
  embargoedUntil: z.optional(isoUtcTimestamp),
  clusterId: z.optional(text),
  fetchedAt: z.optional(isoUtcTimestamp),
  rawKey: z.optional(text),
});

export type Media = z.infer<typeof mediaSchema>;
export type RelatedLink = z.infer<typeof relatedLinkSchema>;
export type ArticleStatus = z.infer<typeof articleStatusSchema>;
export type Article = z.infer<typeof articleSchema>;
