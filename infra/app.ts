import { buildApp } from './build-app.js';

// `npx cdk synth` / `npm run deploy` run this file (cdk.json "app"). Settings come from CDK context: see docs/deploy.md.
buildApp().app.synth();
