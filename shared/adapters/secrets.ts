import { readFile } from 'node:fs/promises';
import { resolve as resolvePath, sep } from 'node:path';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Config } from '../config.js';
import { ConfigError } from '../errors.js';
import { systemClock, type Clock, type SecretResolver } from '../ports.js';
import { SecretsManagerSecretResolver } from './secrets-manager-secrets.js';
import { SsmSecretResolver } from './ssm-secrets.js';

export { SecretsManagerSecretResolver, SsmSecretResolver };

/**
 * Partner secrets are referenced by name in the partners config and looked up at fetch time. No resolver ever
 * puts a secret's value in an error message or a log line: only its name and where it was looked for.
 */

/** The environment variable a secret name maps to: `kontan/api-key` -> `WIREFEED_SECRET_KONTAN_API_KEY`. */
export function secretEnvName(name: string, prefix = 'WIREFEED_SECRET_'): string {
  return prefix + name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/** Reads secrets from an environment record passed in at the edge (the local stack, tests). */
export class EnvSecretResolver implements SecretResolver {
  constructor(
    private readonly env: Record<string, string | undefined>,
    private readonly prefix = 'WIREFEED_SECRET_',
  ) {}

  async resolve(name: string): Promise<string> {
    const variable = secretEnvName(name, this.prefix);
    const value = this.env[variable];
    if (value === undefined || value === '') {
      throw new ConfigError(`secret "${name}" is not set: define the environment variable ${variable}`);
    }
    return value;
  }
}

/** Reads each secret from a file named after it in one folder (the local stack's secrets directory). */
export class FileSecretResolver implements SecretResolver {
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolvePath(dir);
  }

  async resolve(name: string): Promise<string> {
    const path = resolvePath(this.root, name);
    // Names may contain "/" and "." (the config allows them), so "../x" must not climb out of the folder.
    if (!path.startsWith(this.root + sep)) {
      throw new ConfigError(`secret "${name}" is outside the secrets folder ${this.root}`);
    }
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigError(`secret "${name}" cannot be read from ${path}: ${code}`);
    }
    // Editors add a final newline that is never part of the secret.
    const value = text.replace(/\r?\n$/, '');
    if (value === '') throw new ConfigError(`secret "${name}" is empty in ${path}`);
    return value;
  }
}

/**
 * Remembers resolved secrets for a few minutes, so that polling many partners every few minutes does not call
 * Secrets Manager or SSM for each fetch (cost, throttling), while a rotated secret is still picked up soon.
 * Concurrent lookups of the same name share one call; failures are not cached.
 */
export class CachingSecretResolver implements SecretResolver {
  private readonly cache = new Map<string, { expiresAt: number; value: Promise<string> }>();

  constructor(
    private readonly inner: SecretResolver,
    private readonly ttlMs = 5 * 60_000,
    private readonly clock: Clock = systemClock,
  ) {}

  resolve(name: string): Promise<string> {
    const now = this.clock.now().getTime();
    const hit = this.cache.get(name);
    if (hit && hit.expiresAt > now) return hit.value;
    const value = this.inner.resolve(name);
    this.cache.set(name, { expiresAt: now + this.ttlMs, value });
    value.catch(() => {
      if (this.cache.get(name)?.value === value) this.cache.delete(name);
    });
    return value;
  }
}

/**
 * Builds its resolver on the first lookup and reuses it after (a failed build is tried again next time). The AWS
 * resolvers come through this: their SDK client is built only when a partner's secret is first looked up, so a
 * container whose partners need none never builds one. (Their modules are imported statically: a dynamic
 * import() is inlined by esbuild without code splitting anyway, and a lazily evaluated package is bundled whole,
 * every command of its barrel: client-ssm grew from 78 to 170 KB that way.)
 */
export class LazySecretResolver implements SecretResolver {
  private built: Promise<SecretResolver> | undefined;

  constructor(private readonly build: () => Promise<SecretResolver>) {}

  async resolve(name: string): Promise<string> {
    const built = (this.built ??= this.build());
    built.catch(() => {
      if (this.built === built) this.built = undefined;
    });
    return (await built).resolve(name);
  }
}

/** The secret stores with an SDK client: ~13 KB (Secrets Manager) or ~77 KB (SSM) of the ingest bundle. */
export type BundledSecretsStore = 'secretsmanager' | 'ssm';

declare global {
  /**
   * The one secret store an ingest bundle carries: replaced at bundle time by esbuild's `define` with the deploy
   * setting secretsSource (infra/lambda-build.ts), so the other store's client and resolver are dead code and left
   * out. Unset when the code is not bundled (tests, tsx, the CLI): both stores are there. Each condition on it
   * spells the global out: esbuild folds `"ssm" === "ssm"` in a conditional but would not follow a local constant.
   */
  var WIREFEED_BUNDLED_SECRETS_STORE: BundledSecretsStore | undefined;
}

/** Where a store's resolver would be, in a bundle that left it out (createIngestRuntime refuses that SECRETS_SOURCE first). */
function storeLeftOutOfBundle(source: BundledSecretsStore): never {
  throw new ConfigError(`SECRETS_SOURCE=${source}: this bundle was built without the ${source} client (deploy setting secretsSource)`);
}

/** An AWS client as the composition root hands it over: built already, or built (and loaded) on first use. */
export type ClientSource<T> = T | (() => T | Promise<T>);

async function clientFrom<T>(source: ClientSource<T>): Promise<T> {
  return typeof source === 'function' ? (source as () => T | Promise<T>)() : source;
}

/** What `secretResolverFor` needs: the environment record, and the AWS client of the source, or how to get it. */
export interface SecretSources {
  source: 'secretsmanager' | 'ssm' | 'env' | 'file';
  env?: Record<string, string | undefined>;
  dir?: string;
  secretsManager?: ClientSource<SecretsManagerClient>;
  ssm?: ClientSource<SSMClient>;
  cacheTtlMs?: number;
  clock?: Clock;
}

/** Builds the cached resolver for Config.SECRETS_SOURCE; throws ConfigError when its client or folder is missing. */
export function secretResolverFor(sources: SecretSources): SecretResolver {
  const inner = ((): SecretResolver => {
    switch (sources.source) {
      case 'env':
        return new EnvSecretResolver(sources.env ?? {});
      case 'file':
        if (!sources.dir) throw new ConfigError('missing environment variable SECRETS_DIR (SECRETS_SOURCE=file)');
        return new FileSecretResolver(sources.dir);
      case 'secretsmanager': {
        const client = sources.secretsManager;
        if (!client) throw new ConfigError('SECRETS_SOURCE=secretsmanager needs a Secrets Manager client');
        return globalThis.WIREFEED_BUNDLED_SECRETS_STORE === 'ssm'
          ? storeLeftOutOfBundle('secretsmanager')
          : new LazySecretResolver(async () => new SecretsManagerSecretResolver(await clientFrom(client)));
      }
      case 'ssm': {
        const client = sources.ssm;
        if (!client) throw new ConfigError('SECRETS_SOURCE=ssm needs an SSM client');
        return globalThis.WIREFEED_BUNDLED_SECRETS_STORE === 'secretsmanager'
          ? storeLeftOutOfBundle('ssm')
          : new LazySecretResolver(async () => new SsmSecretResolver(await clientFrom(client)));
      }
    }
  })();
  return new CachingSecretResolver(inner, sources.cacheTtlMs, sources.clock);
}

/**
 * Builds the secret resolver Config.SECRETS_SOURCE names, once, by the composition root. Only the client the
 * source needs is ever asked for, and only at the first lookup of a secret.
 */
export function createSecretResolver(
  config: Pick<Config, 'SECRETS_SOURCE' | 'SECRETS_DIR'>,
  sources: { env: Record<string, string | undefined>; ssm: () => SSMClient | Promise<SSMClient>; secretsManager: () => SecretsManagerClient | Promise<SecretsManagerClient> },
): SecretResolver {
  return secretResolverFor({
    source: config.SECRETS_SOURCE,
    env: sources.env,
    dir: config.SECRETS_DIR,
    secretsManager: sources.secretsManager,
    ssm: sources.ssm,
  });
}
