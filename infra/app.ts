import { Errors } from 'aws-cdk-lib';
import { describeError, WirefeedError } from '../shared/errors.js';
import { buildApp } from './build-app.js';

// `npx cdk synth` / `npm run deploy` run this file (cdk.json "app"). Settings come from CDK context: see the README,
// "Deploying to AWS" > "Deploy".
try {
  buildApp().app.synth();
} catch (error) {
  // A wrong setting (ours, or one a construct refuses) is the user's to fix: one line, not a stack trace. Anything
  // else is a bug in the app, and its stack is what finds it.
  if (!(error instanceof WirefeedError) && !Errors.isValidationError(error)) throw error;
  process.stderr.write(`wirefeed: ${describeError(error)}\n`);
  process.exitCode = 1;
}
