import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { ConfigError } from '../../shared/errors.js';
import {
  CachingSecretResolver,
  EnvSecretResolver,
  FileSecretResolver,
  SecretsManagerSecretResolver,
  SsmSecretResolver,
  secretEnvName,
  secretResolverFor,
} from '../../shared/adapters/secrets.js';
import type { SecretResolver } from '../../shared/ports.js';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as Error;
}

describe('EnvSecretResolver', () => {
  it('maps a secret name to an upper-case WIREFEED_SECRET_ variable', () => {
    expect(secretEnvName('kontan/api-key')).toBe('WIREFEED_SECRET_KONTAN_API_KEY');
    expect(secretEnvName('antara.token')).toBe('WIREFEED_SECRET_ANTARA_TOKEN');
  });

  it('reads the secret from the environment record it was given', async () => {
    const resolver = new EnvSecretResolver({ WIREFEED_SECRET_KONTAN_API_KEY: 'k-123' });
    expect(await resolver.resolve('kontan/api-key')).toBe('k-123');
  });

  it('names the variable to set when the secret is missing', async () => {
    const error = await rejection(new EnvSecretResolver({}).resolve('kontan/api-key'));
    expect(error.message).toBe('secret "kontan/api-key" is not set: define the environment variable WIREFEED_SECRET_KONTAN_API_KEY');
  });
});

describe('FileSecretResolver', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wirefeed-secrets-'));
    await mkdir(join(dir, 'kontan'));
    await writeFile(join(dir, 'kontan', 'api-key'), 'file-secret\n');
    await writeFile(join(dir, 'empty'), '\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the file named after the secret, without the trailing newline editors add', async () => {
    expect(await new FileSecretResolver(dir).resolve('kontan/api-key')).toBe('file-secret');
  });

  it('refuses a name that climbs out of the secrets folder', async () => {
    const error = await rejection(new FileSecretResolver(join(dir, 'kontan')).resolve('../empty'));
    expect(error.message).toMatch(/outside the secrets folder/);
  });

  it('reports a missing file by name and error code', async () => {
    const error = await rejection(new FileSecretResolver(dir).resolve('nope'));
    expect(error.message).toBe(`secret "nope" cannot be read from ${join(dir, 'nope')}: ENOENT`);
  });

  it('refuses an empty secret file', async () => {
    await rejection(new FileSecretResolver(dir).resolve('empty'));
  });
});

describe('SecretsManagerSecretResolver', () => {
  const sm = mockClient(SecretsManagerClient);
  afterEach(() => sm.reset());

  it('reads the SecretString of the named secret', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'wirefeed/kontan' }).resolves({ SecretString: 'sm-secret' });
    expect(await new SecretsManagerSecretResolver(new SecretsManagerClient({})).resolve('wirefeed/kontan')).toBe('sm-secret');
  });

  it('reports a missing secret by name and AWS error, never with a value', async () => {
    sm.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    const error = await rejection(new SecretsManagerSecretResolver(new SecretsManagerClient({})).resolve('wirefeed/gone'));
    expect(error.message).toBe('secret "wirefeed/gone" cannot be read from Secrets Manager: ResourceNotFoundException');
  });

  it('refuses a binary-only secret', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });
    await rejection(new SecretsManagerSecretResolver(new SecretsManagerClient({})).resolve('bin'));
  });
});

describe('SsmSecretResolver', () => {
  const ssm = mockClient(SSMClient);
  afterEach(() => ssm.reset());

  it('reads the named parameter with decryption, for SecureString parameters', async () => {
    ssm.on(GetParameterCommand, { Name: '/wirefeed/kontan', WithDecryption: true }).resolves({ Parameter: { Value: 'ssm-secret' } });
    expect(await new SsmSecretResolver(new SSMClient({})).resolve('/wirefeed/kontan')).toBe('ssm-secret');
  });

  it('reads a secret named as for Secrets Manager (wirefeed/kontan) as the parameter /wirefeed/kontan', async () => {
    // SSM refuses a hierarchical name without its leading slash, so the same partner works with either store.
    ssm.on(GetParameterCommand).rejects(new Error('ValidationException'));
    ssm.on(GetParameterCommand, { Name: '/wirefeed/kontan', WithDecryption: true }).resolves({ Parameter: { Value: 'ssm-secret' } });
    expect(await new SsmSecretResolver(new SSMClient({})).resolve('wirefeed/kontan')).toBe('ssm-secret');
    ssm.on(GetParameterCommand, { Name: 'kontan-key', WithDecryption: true }).resolves({ Parameter: { Value: 'flat' } });
    expect(await new SsmSecretResolver(new SSMClient({})).resolve('kontan-key')).toBe('flat');
  });

  it('reports a missing parameter by name and AWS error', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'nope', $metadata: {} }));
    const error = await rejection(new SsmSecretResolver(new SSMClient({})).resolve('/wirefeed/gone'));
    expect(error.message).toBe('secret "/wirefeed/gone" cannot be read from SSM Parameter Store: ParameterNotFound');
  });
});

describe('CachingSecretResolver', () => {
  function counting(values: string[]): SecretResolver & { calls: number } {
    const inner = {
      calls: 0,
      resolve: async (_name: string) => {
        const value = values[inner.calls++];
        if (value === undefined) throw new ConfigError('unavailable');
        return value;
      },
    };
    return inner;
  }

  it('asks the source once within the cache time, and again after it, to pick up a rotated secret', async () => {
    let now = new Date('2026-11-24T12:00:00Z');
    const inner = counting(['old', 'rotated']);
    const cached = new CachingSecretResolver(inner, 5 * 60_000, { now: () => now });
    expect(await cached.resolve('k')).toBe('old');
    now = new Date('2026-11-24T12:04:59Z');
    expect(await cached.resolve('k')).toBe('old');
    expect(inner.calls).toBe(1);
    now = new Date('2026-11-24T12:05:00Z');
    expect(await cached.resolve('k')).toBe('rotated');
    expect(inner.calls).toBe(2);
  });

  it('shares one lookup between concurrent fetches of the same secret', async () => {
    const inner = counting(['v']);
    const cached = new CachingSecretResolver(inner);
    expect(await Promise.all([cached.resolve('k'), cached.resolve('k')])).toEqual(['v', 'v']);
    expect(inner.calls).toBe(1);
  });

  it('does not cache a failure', async () => {
    const inner = { calls: 0, resolve: async () => (inner.calls++ === 0 ? Promise.reject(new ConfigError('throttled')) : 'v') };
    const cached = new CachingSecretResolver(inner);
    await rejection(cached.resolve('k'));
    expect(await cached.resolve('k')).toBe('v');
  });
});

describe('secretResolverFor', () => {
  it('builds the environment resolver for SECRETS_SOURCE=env', async () => {
    const resolver = secretResolverFor({ source: 'env', env: { WIREFEED_SECRET_A: 'x' } });
    expect(await resolver.resolve('a')).toBe('x');
  });

  it('needs SECRETS_DIR for SECRETS_SOURCE=file', () => {
    expect(() => secretResolverFor({ source: 'file' })).toThrow('missing environment variable SECRETS_DIR (SECRETS_SOURCE=file)');
  });
});

describe('secretResolverFor with a client built on first use', () => {
  it('builds the client of the source at the first lookup only, once, and reads through it', async () => {
    const ssm = mockClient(SSMClient);
    try {
      ssm.on(GetParameterCommand, { Name: '/wirefeed/kontan', WithDecryption: true }).resolves({ Parameter: { Value: 'ssm-secret' } });
      let built = 0;
      const resolver = secretResolverFor({ source: 'ssm', ssm: () => (built++, new SSMClient({})), cacheTtlMs: 0 });
      expect(built).toBe(0);
      expect(await resolver.resolve('/wirefeed/kontan')).toBe('ssm-secret');
      expect(await resolver.resolve('/wirefeed/kontan')).toBe('ssm-secret');
      expect(built).toBe(1);
    } finally {
      ssm.restore();
    }
  });

  it('tries to build the client again after a failed build', async () => {
    let attempts = 0;
    const resolver = secretResolverFor({
      source: 'secretsmanager',
      secretsManager: async () => {
        if (attempts++ === 0) throw new ConfigError('no region');
        return new SecretsManagerClient({});
      },
    });
    const sm = mockClient(SecretsManagerClient);
    try {
      sm.on(GetSecretValueCommand).resolves({ SecretString: 'v' });
      await rejection(resolver.resolve('k'));
      expect(await resolver.resolve('k')).toBe('v');
      expect(attempts).toBe(2);
    } finally {
      sm.restore();
    }
  });
});
