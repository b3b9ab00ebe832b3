import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { env } from '#infra/definitions.ts';
import { acknowledgeWildcards } from './nag.ts';
import type { SyndicateFunction } from './syndicate-function.ts';

/**
 * Grants and environment variables bound together: a function can never receive a resource's name
 * without the permission to use it, nor a permission for a resource it was not told about. The
 * variable names come from `infra/definitions.ts`, shared with the handlers and the local runtime.
 */
export type Access = 'read' | 'readWrite';

export function bindTable(target: SyndicateFunction, table: dynamodb.ITable, access: Access): void {
  target.addEnvironment(env.tableName, table.tableName);
  if (access === 'read') table.grantReadData(target.role);
  else table.grantReadWriteData(target.role);
}

/** Object access per key prefix (`feeds/`, `articles/`, ...): each function reaches only its own part of the bucket. */
export type BucketGrants = Partial<Record<string, Access>>;

export function bindBucket(target: SyndicateFunction, bucket: s3.IBucket, grants: BucketGrants): void {
  target.addEnvironment(env.bucketName, bucket.bucketName);
  const scope = (access: Access) =>
    Object.entries(grants)
      .filter(([, granted]) => granted === access || (access === 'read' && granted === 'readWrite'))
      .map(([prefix]) => bucket.arnForObjects(`${prefix}*`));
  const readable = scope('read');
  const writable = scope('readWrite');
  if (readable.length > 0) {
    target.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: readable }));
    target.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': Object.keys(grants).map((prefix) => `${prefix}*`) } },
      }),
    );
  }
  if (writable.length > 0) {
    target.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: writable }));
  }
  acknowledgeWildcards(
    target.role,
    { resources: readable },
    `Object keys are derived from content (ids, versions, feed names) and unknown in advance; access is limited to the prefixes ${Object.keys(grants).join(', ')}.`,
  );
}

/**
 * Sending to a KMS-encrypted queue needs the data key too, and nothing more. `variable` names the
 * queue's URL: the deliveries queue for its producers, its DLQ for deliver (which dead-letters an
 * exhausted delivery itself).
 */
export function bindQueueSender(target: SyndicateFunction, queue: sqs.IQueue, variable: string = env.deliveriesQueueUrl): void {
  target.addEnvironment(variable, queue.queueUrl);
  target.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
  if (queue.encryptionMasterKey) {
    target.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [queue.encryptionMasterKey.keyArn] }),
    );
  }
}

/**
 * The URL of a queue the function consumes through its event source: the mapping already grants
 * receive, delete and `ChangeMessageVisibility` (how deliver schedules its retries), so nothing is added.
 */
export function bindQueueConsumer(target: SyndicateFunction, queue: sqs.IQueue, variable: string = env.deliveriesQueueUrl): void {
  target.addEnvironment(variable, queue.queueUrl);
}

/** A Secrets Manager secret by ARN, with read access to that secret only. */
export function bindSecret(target: SyndicateFunction, secret: secretsmanager.ISecret, variable: string): void {
  target.addEnvironment(variable, secret.secretArn);
  secret.grantRead(target.role);
}

export function bindAdminKey(target: SyndicateFunction, secret: secretsmanager.ISecret): void {
  bindSecret(target, secret, env.adminKeySecretArn);
}
