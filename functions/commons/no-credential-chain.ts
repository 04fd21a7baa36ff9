/**
 * What `@aws-sdk/credential-provider-node` (the SDK's default credential chain) resolves to in the Lambda bundles:
 * an esbuild alias in infra/wirefeed-function.ts. Each SDK client's runtime config imports the chain at module
 * level whether or not credentials are given, and the chain brings the SSO, STS, ini-file, process, login and
 * web-identity providers with their nested clients (~90 KB minified) that Lambda never uses: its credentials are
 * in the environment, and every Lambda root gives its clients `credentials: lambdaCredentials`
 * (aws-credentials.ts). The SDK calls this only for a client built without credentials, when it is constructed:
 * that is a wiring mistake, and it fails there, loudly, rather than at the first request.
 */
export function defaultProvider(): never {
  throw new Error(
    'this Lambda bundle carries no default AWS credential chain (@aws-sdk/credential-provider-node is aliased to ' +
      'functions/commons/no-credential-chain.ts by infra/wirefeed-function.ts): build the SDK client with ' +
      '`credentials: lambdaCredentials` from functions/commons/aws-credentials.ts',
  );
}
