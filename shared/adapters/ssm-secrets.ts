import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { ConfigError } from '../errors.js';
import type { SecretResolver } from '../ports.js';

function awsErrorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

/**
 * Reads secrets from SSM Parameter Store (SecureString parameters are decrypted). A partner names its secret as
 * for Secrets Manager (`wirefeed/kontan-api-key`), but SSM requires a hierarchical name to start with `/`, so one is
 * added: the parameter is `/wirefeed/kontan-api-key`, which the ingest role's `parameter/wirefeed/*` grant covers.
 */
export class SsmSecretResolver implements SecretResolver {
  constructor(private readonly client: SSMClient) {}

  async resolve(name: string): Promise<string> {
    let value: string | undefined;
    try {
      const parameter = name.includes('/') && !name.startsWith('/') ? `/${name}` : name;
      const out = await this.client.send(new GetParameterCommand({ Name: parameter, WithDecryption: true }));
      value = out.Parameter?.Value;
    } catch (error) {
      throw new ConfigError(`secret "${name}" cannot be read from SSM Parameter Store: ${awsErrorName(error)}`, {
        cause: error,
      });
    }
    if (!value) throw new ConfigError(`secret "${name}" in SSM Parameter Store has no value`);
    return value;
  }
}
