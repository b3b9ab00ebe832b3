import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { bucket as bucketDefinition, resourceName, table as tableDefinition } from '#infra/definitions.ts';
import { defaultTableCapacity, type TableCapacity } from '#infra/table-capacity.ts';

/**
 * The physical names of the stateful resources, pure functions of the stage (and, for the global
 * bucket names, of account and region). The stateless stack addresses every stateful resource by
 * these names, so there is no CloudFormation export between the stacks: the stateful stack can change
 * or replace what it owns without an "export in use" deadlock. `npm run adopt` uses the same names to
 * hand retained resources back to a recreated stack (infra/adopt.ts).
 */
export const statefulNames = (stage: string) => ({
  table: resourceName(stage, tableDefinition.logicalName),
  adminKey: resourceName(stage, 'admin-key'),
  webhookSecretsKey: resourceName(stage, 'webhook-secrets-key'),
  embargoGroup: resourceName(stage, 'embargoes'),
  /** The table's stream ARN changes whenever the stream is re-enabled, so it travels through SSM, read at each deploy. */
  tableStreamArnParameter: `/${stage}/syndicate/table-stream-arn`,
});

/** The content bucket's name (bucket names are global). */
export function contentBucketName(stage: string, stack: Stack): string {
  return resourceName(stage, `content-${stack.account}-${stack.region}`);
}

/** The access-log bucket's name: fixed too, so that a redeploy can adopt it rather than leave it orphaned. */
export function accessLogsBucketName(stage: string, stack: Stack): string {
  return resourceName(stage, `access-logs-${stack.account}-${stack.region}`);
}

/**
 * Kept when the stack is deleted or the resource replaced, but deleted when the create that made it
 * rolls back: a failed first deploy then leaves nothing behind to collide with the next attempt.
 */
const retained = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;

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
  /** How the table is billed (infra/table-capacity.ts); provisioned with auto scaling unless set. */
  readonly tableCapacity?: TableCapacity;
}

/**
 * What must outlive any deployment: the content bucket and its access logs, the table, the admin key,
 * the key that seals webhook secrets in the table, and the schedule group holding pending embargo
 * releases. Everything here is retained when the stack is deleted (see `retained`), and nothing here
 * refers to the stateless stack, so functions, API and CDN can be replaced freely without touching data.
 */
export class StatefulStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly table: dynamodb.Table;
  readonly adminKey: secretsmanager.Secret;
  readonly webhookSecretsKey: secretsmanager.Secret;
  readonly embargoGroup: scheduler.ScheduleGroup;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const capacity = props.tableCapacity ?? defaultTableCapacity;
    const names = statefulNames(stage);

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      bucketName: accessLogsBucketName(stage, this),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // S3 server access logging can only deliver to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: retained,
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
      lifecycleRules: [
        { noncurrentVersionExpiration: Duration.days(90) },
        // Feeds and the site's pages are rewritten on every change and can be re-rendered from the table: an
        // old version is worth a day at most (it would otherwise pile up by the hundred thousand on feeds/all.*
        // and on the home, tag and publisher pages rendered with them).
        { id: 'FeedVersionsExpire', prefix: bucketDefinition.prefixes.feeds, noncurrentVersionExpiration: Duration.days(1) },
        { id: 'PageVersionsExpire', prefix: bucketDefinition.prefixes.pages, noncurrentVersionExpiration: Duration.days(1) },
      ],
      removalPolicy: retained,
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

    // Gzip twins (`feeds/….atom.gz`, `.json.gz`) were stored beside Atom and JSON Feed files until those were
    // stored under types CloudFront compresses itself (functions/publish/edge-media-types.ts). Nothing writes or
    // links them any more, but a deployed bucket keeps the old ones, with whatever articles they held then
    // (withdrawn ones too): CloudFront may not read them. (A lifecycle rule cannot pick keys by suffix, and
    // publish deletes nothing; README, Deploy, says how to remove them.)
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NoRetiredGzipTwins',
        effect: iam.Effect.DENY,
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${bucketDefinition.prefixes.feeds}*.gz`)],
      }),
    );

    this.table = new dynamodb.Table(this, tableDefinition.logicalName, {
      tableName: names.table,
      partitionKey: { name: tableDefinition.partitionKey.name, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey.name, type: dynamodb.AttributeType.STRING },
      ...(capacity.billing === 'on-demand'
        ? { billingMode: dynamodb.BillingMode.PAY_PER_REQUEST }
        : // The starting capacity is the minimum: auto scaling raises it within minutes of the first load.
          { billingMode: dynamodb.BillingMode.PROVISIONED, readCapacity: capacity.read.min, writeCapacity: capacity.write.min }),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      stream: dynamodb.StreamViewType[tableDefinition.streamView],
      timeToLiveAttribute: tableDefinition.ttlAttribute,
      // Not on every stage: a protected table cannot be deleted when its first create rolls back.
      // Development stages rely on the retain policy alone; prod keeps both (README, Deploy).
      deletionProtection: stage === 'prod',
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: retained,
    });

    if (capacity.billing === 'provisioned') autoScale(this.table, capacity);

    this.adminKey = new secretsmanager.Secret(this, 'AdminKey', {
      secretName: names.adminKey,
      description: 'Bearer key of the syndicate admin (publishers, subscriptions, replay).',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy: retained,
    });
    Validations.of(this.adminKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The admin key is a bearer token held by operators; a rotation Lambda cannot hand the new key to them, so it is rotated by hand (put-secret-value) as the README describes.',
    });

    this.webhookSecretsKey = new secretsmanager.Secret(this, 'WebhookSecretsKey', {
      secretName: names.webhookSecretsKey,
      description: 'Key material (HKDF-stretched to AES-256-GCM) sealing the webhook signing secrets stored in the table.',
      generateSecretString: webhookSecretsKeyGeneration,
      // Losing it makes every stored signing secret unreadable: it lives as long as the table.
      removalPolicy: retained,
    });
    Validations.of(this.webhookSecretsKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating this key means re-sealing every stored webhook secret (ciphertexts carry a key id); a rotation Lambda that only replaced the value would make them unreadable.',
    });

    new ssm.StringParameter(this, 'TableStreamArn', {
      parameterName: names.tableStreamArnParameter,
      description: 'Stream of the syndicate table, read by the stateless stack at deploy time (publish mapping).',
      stringValue: this.table.tableStreamArn!,
    });

    // Pending embargo releases are state: a schedule group deleted with the stateless stack would take
    // every pending schedule with it. (The sweep in the stateless stack is the backstop either way.)
    this.embargoGroup = new scheduler.ScheduleGroup(this, 'EmbargoSchedules', {
      scheduleGroupName: names.embargoGroup,
      removalPolicy: retained,
    });
  }
}

/**
 * Target tracking on the table and on each of its global secondary indexes (an index has capacity of its own,
 * and a write to the table that touches an index is throttled when the index runs short). Application Auto
 * Scaling uses its service-linked role for DynamoDB, so nothing here grants IAM. `indexes`: the table's
 * (infra/definitions.ts), a parameter so that a test can give a table with an index.
 */
export function autoScale(table: dynamodb.Table, capacity: TableCapacity, indexes: readonly string[] = tableDefinition.globalSecondaryIndexes): void {
  const utilization = { targetUtilizationPercent: capacity.targetUtilisationPercent };
  const read = { minCapacity: capacity.read.min, maxCapacity: capacity.read.max };
  const write = { minCapacity: capacity.write.min, maxCapacity: capacity.write.max };
  table.autoScaleReadCapacity(read).scaleOnUtilization(utilization);
  table.autoScaleWriteCapacity(write).scaleOnUtilization(utilization);
  // An index added to the table later must be given the minimums as its starting read and write capacity.
  for (const index of indexes) {
    table.autoScaleGlobalSecondaryIndexReadCapacity(index, read).scaleOnUtilization(utilization);
    table.autoScaleGlobalSecondaryIndexWriteCapacity(index, write).scaleOnUtilization(utilization);
  }
}
