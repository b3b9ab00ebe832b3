import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { env } from '#infra/definitions.ts';
import { leadingKeyPatterns, tableGrants, type TableAccess } from '#infra/table-access.ts';
import { acknowledgeWildcards } from './nag.ts';
import type { SyndicateFunction } from './syndicate-function.ts';

/**
 * Grants and environment variables bound together: a function can never receive a resource's name
 * without the permission to use it, nor a permission for a resource it was not told about. The
 * variable names come from `infra/definitions.ts`, shared with the handlers and the local runtime.
 */
export function bindTable(target: SyndicateFunction, table: dynamodb.ITable, access: TableAccess): void {
  target.addEnvironment(env.tableName, table.tableName);
  for (const grant of tableGrants(access)) {
    target.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: grant.actions.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn],
        // Every item a request touches must sit in one of these partitions (checked per item in a transaction).
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeyPatterns(grant) } },
      }),
    );
  }
}

/**
 * What a function does with objects under one key prefix: `get` (GetObject, HeadObject, the source of
 * a copy), `put` (PutObject, the target of a copy), `delete` (DeleteObject, DeleteObjects).
 */
export type ObjectVerb = 'get' | 'put' | 'delete';
/** Object access per key prefix (`feeds/`, `articles/`, ...): each function reaches only its own part of the bucket. */
export type BucketGrants = Partial<Record<string, readonly ObjectVerb[]>>;

const objectActions: Record<ObjectVerb, string> = { get: 's3:GetObject', put: 's3:PutObject', delete: 's3:DeleteObject' };

export function bindBucket(target: SyndicateFunction, bucket: s3.IBucket, grants: BucketGrants): void {
  target.addEnvironment(env.bucketName, bucket.bucketName);
  const prefixes = Object.keys(grants);
  const scope = (verb: ObjectVerb) => prefixes.filter((prefix) => grants[prefix]!.includes(verb)).map((prefix) => bucket.arnForObjects(`${prefix}*`));
  for (const verb of ['get', 'put', 'delete'] as const) {
    const resources = scope(verb);
    if (resources.length > 0) target.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [objectActions[verb]], resources }));
  }
  const readable = scope('get');
  if (readable.length > 0) {
    // Without ListBucket a missing key answers 403 instead of 404, and "not there yet" reads as a failure.
    target.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': prefixes.filter((prefix) => grants[prefix]!.includes('get')).map((prefix) => `${prefix}*`) } },
      }),
    );
  }
  acknowledgeWildcards(
    target.role,
    { resources: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)) },
    `Object keys are derived from content (ids, versions, feed names) and unknown in advance; access is limited to the prefixes ${prefixes.join(', ')}.`,
  );
}

/**
 * Sending to a KMS-encrypted queue needs the data key too, and nothing more. `variable` names the
 * queue's URL: the deliveries queue for its producers, its DLQ for deliver (which dead-letters an
 * exhausted delivery itself).
 */
export function bindQueueSender(target: SyndicateFunction, queue: sqs.IQueue, variable: string = env.deliveriesQueueUrl): void {
  target.addEnvironment(variable, queue.queueUrl);
  grantSend(target.role, queue);
}

/** The statements a producer of an encrypted queue needs: send, and the data key (SQS asks KMS for it on the sender's behalf). */
export function grantSend(role: iam.IRole, queue: sqs.IQueue): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
  if (queue.encryptionMasterKey) {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [queue.encryptionMasterKey.keyArn] }));
  }
}

/**
 * Publishing to a KMS-encrypted topic: Publish on that topic, and the data key (SNS asks KMS for it on
 * the publisher's behalf); `variable` names the topic's ARN for the code.
 */
export function bindTopicPublisher(target: SyndicateFunction, topic: sns.ITopic, variable: string): void {
  target.addEnvironment(variable, topic.topicArn);
  target.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
  if (topic.masterKey) {
    target.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [topic.masterKey.keyArn] }));
  }
}

/**
 * An event source mapping's on-failure destination that may only send to the queue. CDK's `SqsDlq`
 * grants `grantSendMessages` (GetQueueAttributes, GetQueueUrl, kms:Encrypt, kms:ReEncrypt*,
 * kms:GenerateDataKey*), more than Lambda needs to hand a failed batch's description over.
 */
export class SendOnlyDlq implements lambda.IEventSourceDlq {
  constructor(private readonly queue: sqs.IQueue) {}

  bind(_target: lambda.IEventSourceMapping, targetHandler: lambda.IFunction): lambda.DlqDestinationConfig {
    if (targetHandler.role) grantSend(targetHandler.role, this.queue);
    return { destination: this.queue.queueArn };
  }
}

/**
 * A secret of the stateful stack by its name: its ARN is then the partial ARN (without the six random
 * characters Secrets Manager appends), which GetSecretValue accepts, so no export is needed.
 */
export function secretByName(scope: Construct, name: string): secretsmanager.ISecret {
  return secretsmanager.Secret.fromSecretNameV2(scope, `${name}Ref`, name);
}

/** A Secrets Manager secret by (partial) ARN, with GetSecretValue on that secret only (the code never describes it). */
export function bindSecret(target: SyndicateFunction, secret: secretsmanager.ISecret, variable: string): void {
  target.addEnvironment(variable, secret.secretArn);
  // IAM matches the full ARN: `-??????` stands for the suffix, one secret and no other.
  target.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [`${secret.secretArn}-??????`] }));
}

export function bindAdminKey(target: SyndicateFunction, secret: secretsmanager.ISecret): void {
  bindSecret(target, secret, env.adminKeySecretArn);
}
