import { z } from 'zod';

/** ISO 8601 UTC timestamp with milliseconds, e.g. 2024-06-13T02:30:00.000Z. */
export const isoUtcTimestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'expected ISO 8601 UTC with milliseconds');

/** A non-empty string: optional fields are absent when unknown, never empty. */
const text = z.string().min(1);

export const mediaSchema = z.object({
  url: z.string().url(),
  type: text.optional(),
  medium: text.optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  /** Size in bytes when the source states it (RSS enclosure length, media:content fileSize): RSS enclosures need it. */
  fileSize: z.number().int().positive().optional(),
  caption: text.optional(),
  credit: text.optional(),
});

export const relatedLinkSchema = z.object({
  title: text,
  url: z.string().url().optional(),
});

/** Lifecycle of an article: withdrawn ones leave public feeds, embargoed ones wait for their time. */
export const articleStatusSchema = z.enum(['usable', 'withdrawn', 'embargoed']);

/** The canonical article: one model for the whole project. */
export const articleSchema = z.object({
  id: text,
  partnerId: text,
  guid: text,
  version: z.number().int().min(1),
  url: z.string().url(),
  title: text,
  summary: text.optional(),
  bodyHtml: z.string(),
  bodyText: z.string(),
  authors: z.array(text),
  editor: text.optional(),
  source: text.optional(),
  publisher: text.optional(),
  dateline: text.optional(),
  language: text.optional(),
  publishedAt: isoUtcTimestamp.optional(),
  updatedAt: isoUtcTimestamp.optional(),
  categories: z.array(text),
  media: z.array(mediaSchema),
  relatedLinks: z.array(relatedLinkSchema),
  rights: text.optional(),
  contentHash: text,
  status: articleStatusSchema,
  embargoedUntil: isoUtcTimestamp.optional(),
  clusterId: text.optional(),
  fetchedAt: isoUtcTimestamp.optional(),
  rawKey: text.optional(),
});

export type Media = z.infer<typeof mediaSchema>;
export type RelatedLink = z.infer<typeof relatedLinkSchema>;
export type ArticleStatus = z.infer<typeof articleStatusSchema>;
export type Article = z.infer<typeof articleSchema>;
