import { z } from 'zod';
import { ConfigError } from '../shared/errors.js';
import { didYouMean } from '../shared/suggest.js';

/**
 * Deploy-time settings, read once from CDK context (`cdk.json` "context", or `-c key=value` on the command line,
 * where every value arrives as a string) and validated here, so a typo fails the synth with one line naming the key.
 */

// Zod's own message for a failed union is "Invalid input", which does not say what would do.
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], { error: 'true or false' });
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** CloudWatch Logs only accepts these retention periods. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const contextSchema = z
  .object({
    /** Stack names are `${prefix}-Stateful` and `${prefix}-Stateless`. */
    stackPrefix: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,40}$/).default('Wirefeed'),
    /** Email address that receives alarm notifications (a subscription to confirm once); none when absent. */
    alarmEmail: z.string().email().optional(),
    /**
     * The address partners see in wirefeed's User-Agent (`wirefeed/VERSION (+URL)`), so a partner whose server we load
     * knows whom to call: a deployment should name its own desk, not the project's page.
     */
    contactUrl: z.string().url().refine((u) => /^https?:/i.test(u), 'an http or https URL').optional(),
    /** Where partner secrets named in the config live. */
    secretsSource: z.enum(['secretsmanager', 'ssm']).default('secretsmanager'),
    /**
     * Partners live in the table and change without a deploy, so their secret names are unknown at deploy time:
     * the ingest function may read secrets under this prefix only (name partner secrets e.g. wirefeed/kontan-key).
     */
    secretsPrefix: z.string().regex(/^[A-Za-z0-9_.\/-]+$/).default('wirefeed/'),
    /** CloudFront in front of the API for caching. */
    cloudFront: flag.default(false),
    /** Optional custom domain; needs an ACM certificate (in us-east-1 when CloudFront is on). */
    domainName: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i).optional(),
    certificateArn: z.string().startsWith('arn:aws').optional(),
    /** Raw payloads move to S3 Standard-IA after 30 days and expire after this many days (0 keeps them). */
    rawExpiryDays: int(0, 36_500).default(365),
    /** Articles expire from the table this many days after their last update (0 keeps them). */
    articleRetentionDays: int(0, 36_500).default(365),
    logRetentionDays: z.coerce
      .number()
      .refine((d) => LOG_RETENTION_DAYS.includes(d), `one of ${LOG_RETENTION_DAYS.join(', ')}`)
      .default(30),
    /** Termination protection on the stateful stack (table and bucket are retained on delete in any case). */
    terminationProtection: flag.default(true),
    /** Messages per ingest invocation (SQS FIFO allows at most 10). */
    ingestBatchSize: int(1, 10).default(5),
    /** Most ingest workers at once: bounds the parallel fetches wirefeed makes (reserved concurrency). */
    ingestConcurrency: int(2, 1000).default(10),
    /** Alarm when a partner has gone this many of its polling intervals without a successful fetch. */
    silentAfterIntervals: int(1, 10_000).default(6),
    /** Steady-state requests per second and burst the public API accepts before answering 429. */
    apiRateLimit: int(1, 10_000).default(50),
    apiBurstLimit: int(1, 5_000).default(100),
  })
  .superRefine((s, ctx) => {
    if (Boolean(s.domainName) !== Boolean(s.certificateArn)) {
      ctx.addIssue({ code: 'custom', path: ['domainName'], message: 'domainName and certificateArn go together' });
    }
  });

export type DeploySettings = z.infer<typeof contextSchema>;

/** The context keys this app reads. */
export const CONTEXT_KEYS = Object.keys(contextSchema.shape) as (keyof DeploySettings)[];

/**
 * Context keys that belong to the CDK, not to this app, so a typo check must let them through: feature flags
 * (`@aws-cdk/core:…`), what the CLI adds itself (`aws:cdk:enable-path-metadata`, `aws:cdk:bundling-stacks`…), lookups
 * cached in cdk.context.json (`availability-zones:account=…:region=…`), and the CLI's settings kept in context
 * (`cli-telemetry` in our cdk.json, `acknowledged-issue-numbers` written by `cdk acknowledge`).
 */
function belongsToCdk(key: string): boolean {
  return key.includes(':') || key.startsWith('@') || key.startsWith('cdk') || key === 'cli-telemetry' || key === 'acknowledged-issue-numbers';
}

/**
 * Validates deploy settings from a context lookup; throws ConfigError naming the key. `keys`, when given, are all the
 * keys the context holds (cdk.json and `-c`): one that is neither a setting nor the CDK's is refused as a typo.
 */
export function readSettings(lookup: (key: string) => unknown, keys: Iterable<string> = []): DeploySettings {
  const known = new Set<string>(CONTEXT_KEYS);
  for (const key of keys) {
    if (known.has(key) || belongsToCdk(key)) continue;
    const suggestion = didYouMean(key, CONTEXT_KEYS);
    throw new ConfigError(`unknown context "${key}"${suggestion || `: the settings are ${CONTEXT_KEYS.join(', ')}`}`);
  }
  const raw: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) {
    const value = lookup(key);
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const result = contextSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`invalid context "${issue.path.join('.')}": ${issue.message}`);
  }
  return result.data;
}
