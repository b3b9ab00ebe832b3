/** The CDK app (`npx cdk synth|deploy --all`, run through tsx by cdk.json). */
import { App } from 'aws-cdk-lib';
import { buildSyndicate } from './stacks/syndicate-app.ts';

const app = new App();
buildSyndicate(app);
app.synth();
