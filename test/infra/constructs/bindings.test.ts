import { describe, expect, it } from 'vitest';
import { env } from '#infra/definitions.ts';
import { actionsOf, functionAccess, resourcesOf, synthSyndicate } from '../synth.ts';

const { statelessTemplate: template } = synthSyndicate({ context: { stage: 'qa' } });
const access = (name: string) => functionAccess(template, `qa-syndicate-${name}`);
const objectResource = (prefix: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::qa-syndicate-content-', { Ref: 'AWS::AccountId' }, '-', { Ref: 'AWS::Region' }, `/${prefix}*`]],
});

describe('grants come with their environment variable, and only with it', () => {
  it.each(['ingest', 'subscriptions', 'publish', 'deliver'])('%s: TABLE_NAME with its own table actions (least-privilege.test.ts derives which)', (name) => {
    const { env: vars, statements } = access(name);
    expect(vars[env.tableName]).toBeDefined();
    expect(actionsOf(statements)).toContain('dynamodb:Query');
  });

  it('ingest writes raw/, articles/ and the inbox prefixes, deletes only what it cleans up or moves, and nothing else in the bucket', () => {
    const { env: vars, statements } = access('ingest');
    expect(vars[env.bucketName]).toBeDefined();
    const prefixesFor = (action: string) =>
      statements
        .filter((s) => actionsOf([s]).includes(action))
        .flatMap(resourcesOf)
        .map((resource) => JSON.stringify(resource).match(/\/([a-z-]+\/)\*"/)![1])
        .sort();
    expect(prefixesFor('s3:PutObject')).toEqual(['articles/', 'inbox-done/', 'inbox-failed/', 'raw/']);
    expect(prefixesFor('s3:DeleteObject')).toEqual(['articles/', 'inbox/', 'raw/']);
    expect(prefixesFor('s3:GetObject')).toEqual(['articles/', 'inbox/']);
    expect(JSON.stringify(statements)).not.toContain('feeds/');
    expect(JSON.stringify(statements)).not.toContain('pages/');
  });

  it('publish writes feeds/ and pages/, reads articles/ and sends deliveries (with the queue key)', () => {
    const { env: vars, statements } = access('publish');
    expect(vars[env.deliveriesQueueUrl]).toBeDefined();
    const put = statements.find((s) => actionsOf([s]).includes('s3:PutObject'))!;
    const get = statements.find((s) => actionsOf([s]).includes('s3:GetObject'))!;
    expect(resourcesOf(put)).toEqual([objectResource('feeds/'), objectResource('pages/')]);
    expect(resourcesOf(get)).toHaveLength(3);
    expect(resourcesOf(get)).toEqual(expect.arrayContaining([objectResource('feeds/'), objectResource('pages/'), objectResource('articles/')]));
    expect(actionsOf(statements)).toEqual(expect.arrayContaining(['sqs:SendMessage', 'kms:GenerateDataKey']));
  });

  it('deliver has neither bucket access nor BUCKET_NAME, and no admin key', () => {
    const { env: vars, statements } = access('deliver');
    expect(vars[env.bucketName]).toBeUndefined();
    expect(vars[env.adminKeySecretArn]).toBeUndefined();
    expect(actionsOf(statements).filter((a) => a.startsWith('s3:'))).toEqual([]);
  });

  it('subscriptions has no bucket access: replay re-enqueues from the delivery log, never from articles/', () => {
    const { env: vars, statements } = access('subscriptions');
    expect(vars[env.bucketName]).toBeUndefined();
    expect(actionsOf(statements).filter((a) => a.startsWith('s3:'))).toEqual([]);
  });

  const secretReads = (name: string) =>
    access(name).statements.filter((s) => actionsOf([s]).includes('secretsmanager:GetSecretValue')).flatMap(resourcesOf);

  it.each(['ingest', 'subscriptions'])('%s reads the admin key secret named by ADMIN_KEY_SECRET_ARN', (name) => {
    expect(JSON.stringify(access(name).env[env.adminKeySecretArn])).toContain(':secret:qa-syndicate-admin-key"');
    expect(JSON.stringify(secretReads(name))).toContain(':secret:qa-syndicate-admin-key-??????"'); // that secret, whatever its suffix
  });

  it.each(['subscriptions', 'deliver'])('%s reads the webhook secrets key named by WEBHOOK_SECRETS_KEY_SECRET_ARN', (name) => {
    const arn = access(name).env[env.webhookSecretsKeyArn];
    expect(JSON.stringify(arn)).toContain(':secret:qa-syndicate-webhook-secrets-key');
    expect(JSON.stringify(secretReads(name))).toContain(':secret:qa-syndicate-webhook-secrets-key-??????"');
  });

  it.each(['ingest', 'publish'])('%s holds no key that opens webhook secrets', (name) => {
    expect(access(name).env[env.webhookSecretsKeyArn]).toBeUndefined();
    expect(JSON.stringify(secretReads(name))).not.toContain('webhook-secrets-key');
  });
});
