import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { bucket as bucketDefinition, resourceName, table as tableDefinition } from '#infra/definitions.ts';

/**
 * The content bucket's name, a pure function of stage, account and region (bucket names are global).
 * The stateless stack addresses the bucket by this name: its IAM statements, S3 notification and CDN
 * origin then need no cross-stack export and write nothing into this stack.
 */
export function contentBucketName(stage: string, stack: Stack): string {
  return resourceName(stage, `content-${stack.account}-${stack.region}`);
}

/**
 * Secrets Manager generates text, not bytes: 64 characters of [A-Za-z0-9] (about 381 bits). The
 * webhook functions stretch any such text of 32 characters or more to the 32-byte AES key with
 * HKDF-SHA256 (`keyFromText` in functions/adapters/secret-cipher.ts); base64 of 32 bytes is taken as is.
 */
export const webhookSecretsKeyGeneration = {
  passwordLength: 64,
  excludePunctuation: true,
  includeSpace: false,
  // Every character drawn from the same alphabet: requiring each type would bias the draw slightly.
  requireEachIncludedType: false,
} as const;

export interface StatefulStackProps extends StackProps {
  readonly stage: string;
}

/**
 * What must outlive any deployment: the content bucket, the table, the admin key and the key that
 * seals webhook secrets in the table. Everything here
 * is retained when the stack is deleted, and nothing here refers to the stateless stack, so functions,
 * API and CDN can be replaced freely without touching data.
 */
export class StatefulStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly table: dynamodb.Table;
  readonly adminKey: secretsmanager.Secret;
  readonly webhookSecretsKey: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { stage } = props;

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // S3 server access logging can only deliver to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the server-access-log destination of the content bucket; logging it too would need yet another bucket, and so on.',
    });

    this.bucket = new s3.Bucket(this, bucketDefinition.logicalName, {
      bucketName: contentBucketName(stage, this),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // SSE-S3 rather than a customer key: CloudFront's origin access control and S3 event
      // notifications then need no key-policy edits, which would tie this stack to the stateless one.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'content/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Feeds and the site's pages reach the public only through CloudFront. The grant names the account's distributions
    // rather than one distribution id: naming the id would make this stack depend on the stateless one.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontReadsFeeds',
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${bucketDefinition.prefixes.feeds}*`), this.bucket.arnForObjects(`${bucketDefinition.prefixes.pages}*`)],
        conditions: {
          StringEquals: { 'AWS:SourceAccount': this.account },
          ArnLike: { 'AWS:SourceArn': `arn:${this.partition}:cloudfront::${this.account}:distribution/*` },
        },
      }),
    );

    this.table = new dynamodb.Table(this, tableDefinition.logicalName, {
      tableName: resourceName(stage, tableDefinition.logicalName),
      partitionKey: { name: tableDefinition.partitionKey.name, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey.name, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      stream: dynamodb.StreamViewType[tableDefinition.streamView],
      timeToLiveAttribute: tableDefinition.ttlAttribute,
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.adminKey = new secretsmanager.Secret(this, 'AdminKey', {
      secretName: resourceName(stage, 'admin-key'),
      description: 'Bearer key of the syndicate admin (publishers, subscriptions, replay).',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.adminKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The admin key is a bearer token held by operators; a rotation Lambda cannot hand the new key to them, so it is rotated by hand (put-secret-value) as the README describes.',
    });

    this.webhookSecretsKey = new secretsmanager.Secret(this, 'WebhookSecretsKey', {
      secretName: resourceName(stage, 'webhook-secrets-key'),
      description: 'Key material (HKDF-stretched to AES-256-GCM) sealing the webhook signing secrets stored in the table.',
      generateSecretString: webhookSecretsKeyGeneration,
      // Losing it makes every stored signing secret unreadable: it lives as long as the table.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.webhookSecretsKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating this key means re-sealing every stored webhook secret (ciphertexts carry a key id); a rotation Lambda that only replaced the value would make them unreadable.',
    });
  }
}
