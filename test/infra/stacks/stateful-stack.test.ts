import { Match } from 'aws-cdk-lib/assertions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyFromText, SecretCipher } from '#adapters/secret-cipher.ts';
import { webhookSecretsKeyGeneration } from '#infra/stacks/stateful-stack.ts';
import { bucket as bucketDefinition, table as tableDefinition } from '#infra/definitions.ts';
import { logicalIdOf, synthSyndicate } from '../synth.ts';

const { statefulTemplate: template } = synthSyndicate({ context: { stage: 'qa' } });
const contentBucket = logicalIdOf(template, 'AWS::S3::Bucket', {
  BucketName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['qa-syndicate-content-'])] }),
});

describe('the content bucket', () => {
  it('is private, encrypted, versioned and logs its access', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['qa-syndicate-content-'])] }),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^AccessLogs') }, LogFilePrefix: 'content/' },
    });
  });

  it('is retained when the stack is deleted', () => {
    expect(template.toJSON().Resources[contentBucket]).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
  });

  it('expires old versions of feeds/ and pages/ after a day (both re-render from the table), other old versions after 90 days', () => {
    expect(template.toJSON().Resources[contentBucket].Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Prefix: 'feeds/', NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: 'Enabled' }),
        expect.objectContaining({ Prefix: 'pages/', NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: 'Enabled' }),
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' }),
      ]),
    );
  });

  it('refuses plain HTTP and lets only CloudFront of this account read feeds/ and pages/', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: contentBucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Sid: 'CloudFrontReadsFeeds',
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Resource: [bucketDefinition.prefixes.feeds, bucketDefinition.prefixes.pages].map((prefix) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [contentBucket, 'Arn'] }, `/${prefix}*`]] })),
            Condition: Match.objectLike({ StringEquals: { 'AWS:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
          // The gzip twins kept from before Atom and JSON Feed were stored under compressible types: never served again.
          Match.objectLike({
            Sid: 'NoRetiredGzipTwins',
            Effect: 'Deny',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [contentBucket, 'Arn'] }, `/${bucketDefinition.prefixes.feeds}*.gz`]] },
          }),
        ]),
      },
    });
  });

  it('writes its access logs to a bucket that is itself private, encrypted, TLS-only and retained', () => {
    const logs = logicalIdOf(template, 'AWS::S3::Bucket', { LifecycleConfiguration: Match.anyValue() , LoggingConfiguration: Match.absent() });
    expect(template.toJSON().Resources[logs]).toMatchObject({
      DeletionPolicy: 'RetainExceptOnCreate',
      Properties: { PublicAccessBlockConfiguration: { BlockPublicPolicy: true, RestrictPublicBuckets: true } },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logs },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });
});

describe('the table', () => {
  it('has the shape infra/definitions.ts gives it, with PITR, stream and TTL (deletion protection on prod only)', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: `qa-syndicate-${tableDefinition.logicalName}`,
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      DeletionProtectionEnabled: false, // a protected table could not be deleted when its first create rolls back
      GlobalSecondaryIndexes: Match.absent(),
    });
    synthSyndicate({ context: { stage: 'prod' } }).statefulTemplate.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
  });

  it('is retained when the stack is deleted', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
  });
});

describe('the admin key', () => {
  it('is generated by Secrets Manager under the stage name and retained', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'RetainExceptOnCreate',
      Properties: {
        Name: 'qa-syndicate-admin-key',
        GenerateSecretString: Match.objectLike({ PasswordLength: 48, ExcludePunctuation: true }),
      },
    });
  });
});

describe('the webhook secrets key', () => {
  it('is generated by Secrets Manager as 64 alphanumeric characters and retained with the table', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Name: 'qa-syndicate-webhook-secrets-key',
        GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false, RequireEachIncludedType: false },
      },
    });
  });

  it('generates text that the webhook functions turn into their 32-byte key', () => {
    // Any draw from the alphabet Secrets Manager uses with these options: A-Z, a-z, 0-9.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { minLength: 64, maxLength: 64 }), (characters) => {
        const key = keyFromText(characters.join(''), 'WEBHOOK_SECRETS_KEY_SECRET_ARN');
        expect(key).toHaveLength(32);
        const cipher = SecretCipher.fromKey(key, 'dedicated-v1');
        expect(cipher.decrypt(cipher.encrypt('whsec_test', 'sub_1'), 'sub_1')).toBe('whsec_test');
      }),
      { numRuns: 50 },
    );
    expect(webhookSecretsKeyGeneration.passwordLength).toBe(64);
  });
});
