import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readSettings, type DeploySettings } from './settings.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

/** CDK feature flags this app is written against (kept here so tests and the CLI synthesize the same thing). */
export const FEATURE_FLAGS: Record<string, unknown> = {
  // The stateless stack imports the table and bucket through CloudFormation exports, which stop the stateful
  // stack from being changed underneath it.
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/core:enablePartitionLiterals': true,
};

export interface WirefeedApp {
  app: App;
  settings: DeploySettings;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/**
 * Builds the whole CDK app: settings from context, the two stacks, and cdk-nag's
 * AwsSolutions pack as a policy validation plugin (so `cdk synth` reports, and a test asserts, zero findings).
 * Stacks are environment-agnostic (account and region come from the CLI's credentials at deploy time), which is
 * what lets `cdk synth` run offline.
 */
export function buildApp(props: AppProps = {}): WirefeedApp {
  const app = new App({ ...props, context: { ...FEATURE_FLAGS, ...props.context } });
  const settings = readSettings((key) => app.node.tryGetContext(key), Object.keys(app.node.getAllContext()));

  const stateful = new StatefulStack(app, `${settings.stackPrefix}-Stateful`, {
    description: 'wirefeed: articles table and raw payload bucket (retained on delete)',
    terminationProtection: settings.terminationProtection,
    rawExpiryDays: settings.rawExpiryDays,
  });
  const stateless = new StatelessStack(app, `${settings.stackPrefix}-Stateless`, {
    description: 'wirefeed: dispatcher, ingest queue and workers, publishing API, alarms',
    settings,
    table: stateful.table,
    rawBucket: stateful.rawBucket,
    rawBucketArnImport: stateful.rawBucketArnImport,
    logBucket: stateful.logBucket,
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, settings, stateful, stateless };
}
