import { join } from 'node:path';

/**
 * What the Lambda bundles are built with beyond esbuild's usual options, kept free of aws-cdk-lib so the
 * benchmark and the tests can build the same bundles with esbuild's API (wirefeed-function.ts passes them to CDK).
 */

/**
 * Packages the Lambda bundles replace with a module of ours that throws if it is ever called (esbuild's alias;
 * paths relative to the repository root, where CDK runs esbuild). First, the SDK's default credential chain:
 * every client's runtime config imports it at module level, with the SSO, STS, ini, process and web-identity
 * providers and their nested clients, ~90 KB that Lambda never uses (its credentials are in the environment,
 * which the handlers give every client). Its stand-in throws if a client is ever built without credentials; the
 * SDK offers no other way to leave the chain out (aws/aws-sdk-js-v3#5516, #6087).
 */
export const LAMBDA_ALIASES: Record<string, string> = {
  '@aws-sdk/credential-provider-node': './functions/commons/no-credential-chain.ts',
  // Used in the bundles only by the X-Ray SDK's patcher for the v2 AWS SDK, which nothing calls (see the module).
  semver: './functions/commons/no-semver.ts',
};

/** The esbuild `define` naming the one secret store the ingest bundle carries (shared/adapters/runtime/ingest.ts). */
export function secretsStoreDefine(secretsSource: 'secretsmanager' | 'ssm'): Record<string, string> {
  return { 'globalThis.WIREFEED_BUNDLED_SECRETS_STORE': JSON.stringify(secretsSource) };
}

/** LAMBDA_ALIASES for esbuild's API, which resolves paths from its own working directory: made absolute. */
export function lambdaAliasesFrom(root: string): Record<string, string> {
  return Object.fromEntries(Object.entries(LAMBDA_ALIASES).map(([name, path]) => [name, join(root, path)]));
}
