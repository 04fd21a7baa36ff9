import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '../errors.js';
import type { SecretResolver } from '../ports.js';

function awsErrorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

/** Reads secrets from AWS Secrets Manager by secret name or ARN (the SecretString, as stored). */
export class SecretsManagerSecretResolver implements SecretResolver {
  constructor(private readonly client: SecretsManagerClient) {}

  async resolve(name: string): Promise<string> {
    let value: string | undefined;
    try {
      const out = await this.client.send(new GetSecretValueCommand({ SecretId: name }));
      value = out.SecretString;
    } catch (error) {
      // The SDK's messages are free of secret values, but the error name is all a person needs.
      throw new ConfigError(`secret "${name}" cannot be read from Secrets Manager: ${awsErrorName(error)}`, {
        cause: error,
      });
    }
    if (!value) throw new ConfigError(`secret "${name}" in Secrets Manager has no string value`);
    return value;
  }
}
