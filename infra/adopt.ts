/**
 * `npm run adopt -- --account 123456789012 --region eu-west-1 [-c stage=prod]`: after
 * `npx cdk destroy --all` (or a stateful stack deleted any other way), the bucket, table, secrets and
 * schedule group are retained under their fixed names, and deploying again would fail on "already
 * exists". This writes the `cdk import` resource mapping for them and prints the two commands that
 * bring the stack back around the same data: `cdk import` (adopts them), then `cdk deploy --all`.
 *
 * Synthesises offline; only the secrets' full ARNs are looked up (Secrets Manager DescribeSecret,
 * with the operator's credentials).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { App } from 'aws-cdk-lib';
import { adoptionMapping, type CfnTemplate } from './adopt/mapping.ts';
import { buildSyndicate } from './stacks/syndicate-app.ts';

const { values } = parseArgs({
  options: {
    account: { type: 'string' },
    region: { type: 'string', default: process.env.AWS_REGION },
    context: { type: 'string', short: 'c', multiple: true, default: [] },
    out: { type: 'string' },
  },
});
if (!values.account || !/^\d{12}$/.test(values.account) || !values.region) {
  console.error('usage: npm run adopt -- --account <12 digits> --region <region> [-c stage=<stage>] [--out mapping.json]');
  process.exit(2);
}
const context = Object.fromEntries(values.context.map((pair) => pair.split('=', 2) as [string, string]));
const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
const { stateful } = buildSyndicate(app, { account: values.account, region: values.region });
const template = app.synth().getStackByName(stateful.stackName).template as CfnTemplate;

const secrets = new SecretsManagerClient({ region: values.region });
const mapping = await adoptionMapping(template, async (name) => {
  const { ARN } = await secrets.send(new DescribeSecretCommand({ SecretId: name }));
  if (!ARN) throw new Error(`secret ${name} not found in ${values.region}`);
  return ARN;
});
const out = values.out ?? `adopt-${stateful.stackName}.json`;
writeFileSync(out, `${JSON.stringify(mapping, null, 2)}\n`);
const contextFlags = values.context.map((pair) => ` -c ${pair}`).join('');
console.log(`wrote ${out}: ${Object.keys(mapping).length} retained resources to adopt
next:
  npx cdk import ${stateful.stackName}${contextFlags} --resource-mapping ${out}
  npx cdk deploy --all${contextFlags}`);
