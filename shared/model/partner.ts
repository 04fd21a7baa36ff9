import * as z from 'zod/mini';
import './zod.js';
import { FEED_FORMATS } from './wire-item.js';

const nonEmpty = z.string().check(z.minLength(1));
const secretRef = z
  .string()
  .check(
    z.minLength(1),
    z.regex(/^[A-Za-z0-9_./-]+$/, 'a secret is referenced by name (letters, digits, _ . / -), never inlined'),
  );

/** How wirefeed authenticates to a partner; the secret itself is looked up by name at fetch time. */
export const partnerAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('header'), header: nonEmpty, secret: secretRef }),
  z.strictObject({ type: z.literal('basic'), username: nonEmpty, secret: secretRef }),
  z.strictObject({ type: z.literal('query'), param: nonEmpty, secret: secretRef }),
]);

/**
 * The zone's name as Intl spells it ("asia/jakarta" → "Asia/Jakarta"), or undefined when Intl does not know it: the
 * runtime's tz database is the list of what can be displayed. Intl matches names without case, but the pages'
 * table of abbreviations (WIB for Asia/Jakarta) is keyed on the canonical spelling, so that is what is stored.
 */
export function canonicalTimeZone(value: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** A partner id: part of every article id and of S3 keys, so nothing that could change a path (no `/`, no `..`). */
export const partnerIdSchema = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes, starting with a letter or digit'));

export const partnerSchema = z.strictObject({
  id: partnerIdSchema,
  name: nonEmpty,
  feedUrl: z.url().check(z.refine((u) => /^https?:/i.test(u), 'only http and https feeds are fetched')),
  format: z._default(z.enum(['auto', ...FEED_FORMATS]), 'auto'),
  defaultLanguage: z.optional(
    z.string().check(z.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a BCP 47 language tag such as "id" or "en"')),
  ),
  /** IANA time zone the partner's desk works in (e.g. "Asia/Jakarta"): pages show its times there as well as UTC. */
  timeZone: z.optional(
    z.string().check(
      z.refine((v) => canonicalTimeZone(v) !== undefined, 'an IANA time zone such as "Asia/Jakarta"'),
      // Runs after a failed refine too (zod does not stop at it), hence the fallback to the value as given.
      z.overwrite((v) => canonicalTimeZone(v) ?? v),
    ),
  ),
  pollIntervalSeconds: z._default(z.number().check(z.int(), z.minimum(60), z.maximum(86_400)), 300),
  auth: z.optional(partnerAuthSchema),
  enabled: z._default(z.boolean(), true),
  /** Only the local stack's sample partners set this: it allows loopback and private addresses. */
  local: z._default(z.boolean(), false),
});

export const partnersFileSchema = z
  .strictObject({ partners: z.array(partnerSchema).check(z.minLength(1, 'at least one partner is needed')) })
  .check(
    z.superRefine((file, ctx) => {
      const seen = new Set<string>();
      file.partners.forEach((p, i) => {
        if (seen.has(p.id)) ctx.addIssue({ code: 'custom', input: p.id, path: ['partners', i, 'id'], message: `duplicate partner id "${p.id}"` });
        seen.add(p.id);
      });
    }),
  );

export type PartnerAuth = z.infer<typeof partnerAuthSchema>;
export type Partner = z.infer<typeof partnerSchema>;
/** A partner as written in the file, before defaults are filled in. */
export type PartnerInput = z.input<typeof partnerSchema>;
export type PartnersFile = z.infer<typeof partnersFileSchema>;
