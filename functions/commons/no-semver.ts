/**
 * What `semver` resolves to in the Lambda bundles (an esbuild alias, infra/lambda-build.ts). Its one importer
 * there is the X-Ray SDK's patcher for the v2 AWS SDK (aws-xray-sdk-core's patchers/aws_p.js, whose captureAWS
 * checks the v2 SDK's version), which wirefeed never calls: its clients are v3, traced through the Powertools
 * tracer's captureAWSv3Client. That is 28 KB of the dispatch and ingest bundles. A test fails if anything else in
 * a bundle starts importing semver.
 */
export function gte(): never {
  throw new Error(
    'this Lambda bundle carries no semver (aliased to functions/commons/no-semver.ts by infra/lambda-build.ts): ' +
      "the X-Ray SDK's captureAWS for the v2 AWS SDK is not supported; trace v3 clients with captureAWSv3Client",
  );
}
