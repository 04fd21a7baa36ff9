import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * The credentials every SDK client of a Lambda function signs with: Lambda puts the execution role's credentials
 * in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), which is the first place the
 * SDK's default chain looks and the only one it finds anything in there. Given explicitly, so the bundles need
 * not carry the rest of the chain (see no-credential-chain.ts). The CLI and the local stack do not come here:
 * they keep the default chain, for developer profiles and SSO.
 */
export const lambdaCredentials = fromEnv();
