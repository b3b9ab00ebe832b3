import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryOf, type LambdaName } from '#infra/constructs/syndicate-function.ts';
import { env } from '#infra/definitions.ts';
import { environmentReads, type EnvironmentRead } from '../environment-reads.ts';
import { actionsOf, functionAccess, synthSyndicate } from '../synth.ts';

const names: LambdaName[] = ['ingest', 'subscriptions', 'publish', 'deliver'];
const missing = names.filter((name) => !existsSync(entryOf(name)));

/** Read by handler code, deliberately never set on AWS. */
const neverOnAws: Record<string, string> = {
  [env.adminKey]: 'local stand-in for ADMIN_KEY_SECRET_ARN: the key must not sit in plain text in a function configuration',
  [env.webhookSecretsKey]: 'local stand-in for WEBHOOK_SECRETS_KEY_SECRET_ARN, for the same reason',
  [env.allowLoopbackWebhooks]: 'local runtime only: on AWS a loopback webhook target is always refused (SSRF)',
  S3_FORCE_PATH_STYLE: 'for s3rver only',
  AWS_ENDPOINT_URL: "the SDK's own endpoint override (local emulators and stand-ins), read by the signed requests as the SDK clients read it",
};
/** Set by the Lambda runtime itself in every function (reserved: a function configuration cannot set them). */
const setByLambda: Record<string, string> = {
  AWS_REGION: 'the region every signed request is signed for (functions/commons/clients/signed-requests.ts)',
  AWS_DEFAULT_REGION: 'the same, as older tools name it',
};
/** Read by handler code, set only when the operator asks for it; the code has a default or does without. */
const optional: Record<string, string> = {
  [env.feedItemLimit]: 'the renderer has a default',
  [env.feedIconUrl]: 'set from -c feedIconUrl=...; unset: publish stores and links the drawn default icon (functions/core/feeds/brand.ts); tested in feeds-cdn.test.ts',
  [env.feedFaviconUrl]: 'set from -c feedFaviconUrl=...; unset: the drawn default favicon',
  [env.feedLogoUrl]: 'set from -c feedLogoUrl=...; unset: the drawn default logo',
  [env.feedLegacyIdAuthority]: "unset: derived from the feeds' host (functions/core/feeds/ids.ts); pinned before moving the feeds",
  [env.websubHubUrl]: 'set when a hub is configured (-c websubHub=...); tested in feeds-cdn.test.ts',
  [env.operatorWebhookUrl]: 'set when the operator asks (-c operatorWebhookUrl=...); notices always reach the alarm topic',
};
/** Read through a shared composition module, by a function that never uses it. */
const unusedBy: Partial<Record<LambdaName, Record<string, string>>> = {
  subscriptions: { [env.deliveriesDlqUrl]: "deliver/compose.ts reads it for every webhook function, but only deliver dead-letters" },
};

/** What a function must be allowed to do with the resource a variable names (any one action suffices). */
const grantFor: Record<string, string[]> = {
  [env.tableName]: ['dynamodb:GetItem', 'dynamodb:Query'],
  [env.bucketName]: ['s3:GetObject'],
  [env.deliveriesQueueUrl]: ['sqs:SendMessage', 'sqs:ChangeMessageVisibility'],
  [env.deliveriesDlqUrl]: ['sqs:SendMessage'],
  [env.pagesQueueUrl]: ['sqs:SendMessage'],
  [env.adminKeySecretArn]: ['secretsmanager:GetSecretValue'],
  [env.webhookSecretsKeyArn]: ['secretsmanager:GetSecretValue'],
  [env.schedulerRoleArn]: ['iam:PassRole'],
  [env.schedulerGroupName]: ['scheduler:CreateSchedule'],
  [env.embargoTargetArn]: ['scheduler:CreateSchedule'],
  [env.alarmTopicArn]: ['sns:Publish'],
};

const definedNames = new Set<string>(Object.values(env));
const where = (reads: EnvironmentRead[], name: string) => reads.filter((read) => read.name === name).map((read) => read.at).join(', ');

describe.skipIf(missing.length > 0)('every environment variable a handler reads, found in its sources', () => {
  const { statelessTemplate: template } = synthSyndicate({ context: { stage: 'qa' } });
  let reads: Map<LambdaName, EnvironmentRead[]>;
  beforeAll(async () => {
    reads = await environmentReads(names);
  }, 120_000);

  it('finds reads through every indirection the handlers use', () => {
    const ingest = new Set(reads.get('ingest')!.map((read) => read.name));
    const publish = new Set(reads.get('publish')!.map((read) => read.name));
    const deliver = new Set(reads.get('deliver')!.map((read) => read.name));
    expect(ingest).toContain(env.tableName); // requiredEnv(envNames.tableName) in commons/clients.ts
    expect(ingest).toContain('S3_FORCE_PATH_STYLE'); // process.env.S3_FORCE_PATH_STYLE
    expect(ingest).toContain(env.schedulerRoleArn); // process.env[env.schedulerRoleArn]
    expect(publish).toContain(env.feedsBaseUrl); // env[names.feedsBaseUrl] on a plain record
    expect(deliver).toContain(env.webhookSecretsKey); // environment[names.webhookSecretsKey] on a NodeJS.ProcessEnv parameter
  });

  it('does not count reads in code the handler never runs', () => {
    // publish reads the subscriber index alone (subscriber-index.ts), so neither secret-cipher.ts nor the key's ARN is reached.
    expect(reads.get('publish')!.map((read) => read.at)).not.toContainEqual(expect.stringMatching(/^functions\/adapters\/secret-cipher\.ts/));
    expect(new Set(reads.get('publish')!.map((read) => read.name))).not.toContain(env.webhookSecretsKeyArn);
  });

  describe.each(names)('%s', (name) => {
    const { env: vars, statements } = functionAccess(template, `qa-syndicate-${name}`);
    const readNames = () => new Set(reads.get(name)!.map((read) => read.name));

    it('has each variable it reads set, unless that variable is local-only, optional or unused here', () => {
      const excused = { ...neverOnAws, ...setByLambda, ...optional, ...unusedBy[name] };
      const unset = [...readNames()].filter((variable) => vars[variable] === undefined && !(variable in excused));
      expect(unset.map((variable) => `${variable} (read at ${where(reads.get(name)!, variable)})`)).toEqual([]);
    });

    it('has no local-only variable set', () => {
      expect(Object.keys(vars).filter((variable) => variable in neverOnAws)).toEqual([]);
    });

    it('has only the variables of infra/definitions.ts that its code reads, so no grant is left over', () => {
      const stale = Object.keys(vars).filter((variable) => definedNames.has(variable) && !readNames().has(variable));
      expect(stale).toEqual([]);
    });

    it('may use what each of its variables names', () => {
      const actions = new Set(actionsOf(statements));
      const ungranted = Object.keys(vars).filter((variable) => grantFor[variable] && !grantFor[variable]!.some((action) => actions.has(action)));
      expect(ungranted).toEqual([]);
    });
  });
});
