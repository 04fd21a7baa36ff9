import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { ConfigError } from '../errors.js';
import type { SecretResolver } from '../ports.js';

function awsErrorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

/** Reads secrets from SSM Parameter Store (SecureString parameters are decrypted). */
export class SsmSecretResolver implements SecretResolver {
  constructor(private readonly client: SSMClient) {}

  async resolve(name: string): Promise<string> {
    let value: string | undefined;
    try {
      const out = await this.client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
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
