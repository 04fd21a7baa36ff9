import * as z from 'zod/mini';
import './model/zod.js';
import { ConfigError } from './errors.js';

/**
 * Runtime configuration, read once from the environment at the edge (a handler's module scope, the CLI) and
 * passed down. Nothing below the edge reads the environment. Each Lambda only receives the names it needs, so every
 * field that only one function uses is optional here and checked by `requireSetting`.
 */
const optionalText = z.optional(z.string().check(z.minLength(1)));
const optionalUrl = z.optional(z.url());
const positiveInt = (fallback: number) => z._default(z.coerce.number().check(z.int(), z.positive()), fallback);
const nonNegativeInt = (fallback: number) => z._default(z.coerce.number().check(z.int(), z.minimum(0)), fallback);

const envSchema = z.object({
  TABLE_NAME: optionalText,
  RAW_BUCKET_NAME: optionalText,
  /** The local stack's seed: a partners JSON file imported into the table on start and whenever it is saved. */
  PARTNERS_FILE: optionalText,
  /** Where partner secrets referenced by name are looked up. */
  SECRETS_SOURCE: z._default(z.enum(['secretsmanager', 'ssm', 'env', 'file']), 'env'),
  /** Folder of secret files when SECRETS_SOURCE=file (local stack). */
  SECRETS_DIR: optionalText,
  /** Public URL the API is reached at, for self links; derived from the request when absent. */
  PUBLIC_BASE_URL: optionalUrl,
  WEBSUB_HUB_URL: optionalUrl,
  FEED_MAX_BYTES: positiveInt(20 * 1024 * 1024),
  FETCH_TIMEOUT_MS: positiveInt(15_000),
  FETCH_CONNECT_TIMEOUT_MS: positiveInt(5_000),
  /**
   * The most time one document may take to normalize before it is refused (UnsafeHtmlError): a hostile document
   * fails fast, and the other partners of an ingest batch (20 s of Lambda time per message) still get theirs.
   */
  NORMALIZE_TIME_BUDGET_MS: positiveInt(10_000),
  /** Contact URL in the User-Agent, so partners know who polls them. */
  CONTACT_URL: z._default(z.url(), 'https://github.com/wirefeed/wirefeed'),
  CACHE_MAX_AGE_SECONDS: nonNegativeInt(60),
  /** Articles expire from the table this many days after their last update (0 keeps them forever). */
  ARTICLE_RETENTION_DAYS: nonNegativeInt(365),
  CIRCUIT_FAILURE_THRESHOLD: positiveInt(5),
  INGEST_QUEUE_URL: optionalUrl,
  /**
   * Set only by the local stack (infra/local/stack.ts), its composition root: partners marked `local` may then
   * reach loopback and private addresses. Never set in AWS, where such a partner is refused.
   */
  LOCAL_STACK: z._default(z.stringbool(), false),
});

export type Config = z.infer<typeof envSchema>;

/** Every environment variable wirefeed reads (the README's table lists each one). */
export const CONFIG_KEYS = Object.keys(envSchema.shape) as (keyof Config)[];

/** Reads and validates the environment; throws ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`invalid environment variable ${issue.path.join('.')}: ${issue.message}`);
  }
  return result.data;
}

/** A setting a particular function cannot run without. */
export function requireSetting<K extends keyof Config>(config: Config, name: K): NonNullable<Config[K]> {
  const value = config[name];
  if (value === undefined || value === null) throw new ConfigError(`missing environment variable ${String(name)}`);
  return value as NonNullable<Config[K]>;
}
