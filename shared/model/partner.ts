import { z } from 'zod';
import { FEED_FORMATS } from './wire-item.js';

const secretRef = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9_./-]+$/, 'a secret is referenced by name (letters, digits, _ . / -), never inlined');

/** How wirefeed authenticates to a partner; the secret itself is looked up by name at fetch time. */
export const partnerAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('header'), header: z.string().min(1), secret: secretRef }),
  z.object({ type: z.literal('basic'), username: z.string().min(1), secret: secretRef }),
  z.object({ type: z.literal('query'), param: z.string().min(1), secret: secretRef }),
]);

export const partnerSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes, starting with a letter or digit'),
    name: z.string().min(1),
    feedUrl: z.string().url().refine((u) => /^https?:/i.test(u), 'only http and https feeds are fetched'),
    format: z.enum(['auto', ...FEED_FORMATS]).default('auto'),
    defaultLanguage: z
      .string()
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a BCP 47 language tag such as "id" or "en"')
      .optional(),
    pollIntervalSeconds: z.number().int().min(60).max(86_400).default(300),
    auth: partnerAuthSchema.optional(),
    enabled: z.boolean().default(true),
    /** Only the local stack's sample partners set this: it allows loopback and private addresses. */
    local: z.boolean().default(false),
  })
  .strict();

export const partnersFileSchema = z
  .object({ partners: z.array(partnerSchema).min(1, 'at least one partner is needed') })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.partners.forEach((p, i) => {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['partners', i, 'id'], message: `duplicate partner id "${p.id}"` });
      seen.add(p.id);
    });
  });

export type PartnerAuth = z.infer<typeof partnerAuthSchema>;
export type Partner = z.infer<typeof partnerSchema>;
export type PartnersFile = z.infer<typeof partnersFileSchema>;
