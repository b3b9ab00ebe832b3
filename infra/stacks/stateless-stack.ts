import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { bucket as bucketDefinition, table as tableDefinition, deliverQueueSource, env, lambdas, pagesQueueSource, publishStream, queueRetentionDays, queues, resourceName, type LambdaName } from '#infra/definitions.ts';
import { tableAccess } from '#infra/table-access.ts';
import { bindAdminKey, bindBucket, bindQueueSender, bindSecret, bindTable, bindTopicPublisher, secretByName, SendOnlyDlq } from '../constructs/bindings.ts';
import { Deliveries } from '../constructs/deliveries.ts';
import { EmbargoScheduler } from '../constructs/embargo-scheduler.ts';
import { FeedsCdn } from '../constructs/feeds-cdn.ts';
import { SyndicateHttpApi } from '../constructs/http-api.ts';
import { Monitoring } from '../constructs/monitoring.ts';
import { PagesQueue } from '../constructs/pages-queue.ts';
import { acknowledgeWildcards } from '../constructs/nag.ts';
import { giveExplicitLogGroup } from '../constructs/singleton-log-group.ts';
import { SyndicateFunction } from '../constructs/syndicate-function.ts';
import { compiledTaxonomyFileName } from '#core/tagging/compiled-form.ts';
import { contentBucketName, statefulNames } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  readonly stage: string;
  /** WebSub hub URL (context `websubHub`); feeds advertise it and publish pings it. */
  readonly websubHub?: string;
  /** Where operator notices are also POSTed as JSON (context `operatorWebhookUrl`); they always reach the alarm topic. */
  readonly operatorWebhookUrl?: string;
  /** Subscribed to the alarm topic by e-mail (context `alarmEmail`). */
  readonly alarmEmail?: string;
  /** Seconds the publish stream mapping gathers records before invoking (context `publishBatchingWindowSeconds`). */
  readonly publishBatchingWindowSeconds?: number;
  /** Seconds the pages queue mapping gathers messages before the page pass runs (context `pagesBatchingWindowSeconds`). */
  readonly pagesBatchingWindowSeconds?: number;
  /** The feeds' own pictures (context `feedIconUrl`, `feedFaviconUrl`, `feedLogoUrl`); each unset one is publish's drawn default. */
  readonly feedPictures?: FeedPictures;
}

/** https URLs of a deployment's feed pictures: square icon (512 px), favicon (64 px), 2:1 logo. */
export interface FeedPictures {
  icon?: string;
  favicon?: string;
  logo?: string;
}

/**
 * Everything that can be replaced without losing data: the four Lambdas, the HTTP API, the queues,
 * the embargo scheduler role and sweep, the CDN, alarms and dashboard. It addresses the stateful
 * resources by their derived names (`statefulNames`), never through CloudFormation exports.
 */
export class StatelessStack extends Stack {
  readonly functions: Record<LambdaName, SyndicateFunction>;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const names = statefulNames(stage);
    // Grants, the inbox notification and the CDN origin address the bucket by its derived name: through
    // the owned bucket they would write into the stateful stack and make it depend on this one.
    const bucketRef = s3.Bucket.fromBucketName(this, 'ContentBucketRef', contentBucketName(stage, this));
    const table = dynamodb.Table.fromTableAttributes(this, 'TableRef', {
      tableName: names.table,
      // Resolved by CloudFormation at each deploy of this stack: the stateful stack may re-create the stream freely.
      tableStreamArn: ssm.StringParameter.valueForStringParameter(this, names.tableStreamArnParameter),
    });
    const adminKey = secretByName(this, names.adminKey);
    const webhookSecretsKey = secretByName(this, names.webhookSecretsKey);

    const queueKey = new kms.Key(this, 'QueueKey', {
      alias: `alias/${resourceName(stage, 'queues')}`,
      description: 'Encrypts the syndicate queues and the alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // Services that write into the encrypted topic and queues on this account's behalf, and only for it
    // (aws:SourceAccount guards against a confused deputy): alarms publishing, the sweep dead-lettering.
    for (const [sid, service] of [['CloudWatchAlarmsPublishToTopic', 'cloudwatch'], ['EventBridgeDeadLettersTheSweep', 'events']] as const) {
      queueKey.addToResourcePolicy(
        new iam.PolicyStatement({
          sid,
          principals: [new iam.ServicePrincipal(`${service}.amazonaws.com`)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
      );
    }

    const ingest = new SyndicateFunction(this, 'Ingest', {
      stage,
      name: 'ingest',
      description: 'Articles API, S3 inbox and embargo releases',
      memorySize: lambdas.ingest.memorySize,
      timeout: Duration.seconds(lambdas.ingest.timeoutSeconds),
      // The tagger's taxonomy, compiled at build time, read beside index.mjs (functions/ingest/shipped-tagger.ts).
      afterBundling: (inputDir, outputDir) => [`cp "${inputDir}/functions/ingest/${compiledTaxonomyFileName}" "${outputDir}/${compiledTaxonomyFileName}"`],
    });
    const subscriptions = new SyndicateFunction(this, 'Subscriptions', {
      stage,
      name: 'subscriptions',
      description: 'Webhook subscription admin API',
      memorySize: lambdas.subscriptions.memorySize,
      timeout: Duration.seconds(lambdas.subscriptions.timeoutSeconds),
    });
    const publish = new SyndicateFunction(this, 'Publish', {
      stage,
      name: 'publish',
      description: 'Renders feeds and fans out deliveries from the table stream',
      memorySize: lambdas.publish.memorySize,
      timeout: Duration.seconds(lambdas.publish.timeoutSeconds),
    });
    const deliver = new SyndicateFunction(this, 'Deliver', {
      stage,
      name: 'deliver',
      description: 'Sends signed webhooks from the deliveries queue',
      memorySize: lambdas.deliver.memorySize,
      timeout: Duration.seconds(lambdas.deliver.timeoutSeconds),
    });
    const consoleFunction = new SyndicateFunction(this, 'Console', {
      stage,
      name: 'console',
      description: 'Serves the console web app (static files built from console/ beside its code) and the OpenAPI document',
      memorySize: lambdas.console.memorySize,
      timeout: Duration.seconds(lambdas.console.timeoutSeconds),
      // The web app is built from source by the project's esbuild, into the function's own asset.
      afterBundling: (inputDir, outputDir) => [`cd "${inputDir}" && node_modules/.bin/tsx infra/console-bundle.ts "${outputDir}/console"`],
    });
    this.functions = { ingest, subscriptions, publish, deliver, console: consoleFunction };

    const deliveries = new Deliveries(this, 'Deliveries', { stage, key: queueKey, consumerTimeout: Duration.seconds(lambdas.deliver.timeoutSeconds) });
    const publishDlq = new sqs.Queue(this, 'PublishDlq', {
      queueName: resourceName(stage, queues.publishDlq.logicalName),
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(queueRetentionDays),
    });
    Validations.of(publishDlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the on-failure destination (DLQ) of the publish stream mapping; nothing consumes it automatically, so a DLQ of its own would have nothing to catch.',
    });

    const api = new SyndicateHttpApi(this, 'Http', { stage, handlers: { ingest, subscriptions, console: consoleFunction } });
    const cdn = new FeedsCdn(this, 'Feeds', { stage, bucket: bucketRef, websubHub: props.websubHub });
    const embargo = new EmbargoScheduler(this, 'Embargo', { stage, releaser: ingest, groupName: names.embargoGroup, key: queueKey });

    // Each function gets exactly the variables its code reads (test/infra/stacks/handler-environment.test.ts
    // proves it from the handlers' sources), each with the grant it implies.
    for (const [name, target] of Object.entries(this.functions) as [LambdaName, SyndicateFunction][]) {
      if (tableAccess[name].actions.length > 0) bindTable(target, table, tableAccess[name]);
    }
    for (const target of [ingest, subscriptions]) bindAdminKey(target, adminKey);
    for (const target of [subscriptions, deliver]) bindSecret(target, webhookSecretsKey, env.webhookSecretsKeyArn);
    const { raw, articles, feeds, pages, inbox, inboxDone, inboxFailed } = bucketDefinition.prefixes;
    // Ingest deletes what a failed write left behind (raw/, articles/) and moves inbox/ files (copy, then delete).
    bindBucket(ingest, bucketRef, {
      [raw]: ['put', 'delete'],
      [articles]: ['get', 'put', 'delete'],
      [inbox]: ['get', 'delete'],
      [inboxDone]: ['put'],
      [inboxFailed]: ['put'],
    });
    // Publish compares a feed's or page's stored hash before writing it (HeadObject) and reads large bodies back from articles/; it deletes nothing.
    bindBucket(publish, bucketRef, { [feeds]: ['get', 'put'], [pages]: ['get', 'put'], [articles]: ['get'] });
    bindQueueSender(publish, deliveries.queue); // one message per (subscription × event)
    bindQueueSender(subscriptions, deliveries.queue); // replay re-enqueues
    bindQueueSender(deliver, deliveries.queue); // consumes it (the mapping's grants), and sends a held-back message's fresh copy
    bindQueueSender(deliver, deliveries.dlq, env.deliveriesDlqUrl); // an exhausted delivery is dead-lettered by the handler
    bindQueueSender(publish, publishDlq, env.publishDlqUrl); // an event that cannot be queued is parked, never dropped
    const pagesQueue = new PagesQueue(this, 'Pages', { stage, key: queueKey, consumerTimeout: Duration.seconds(lambdas.publish.timeoutSeconds) });
    bindQueueSender(publish, pagesQueue.queue, env.pagesQueueUrl); // one message per batch: the feeds whose listing pages are due
    for (const target of [ingest, publish, consoleFunction]) target.addEnvironment(env.publicBaseUrl, api.url);
    publish.addEnvironment(env.feedsBaseUrl, cdn.url);
    if (props.websubHub) publish.addEnvironment(env.websubHubUrl, props.websubHub);
    const pictureEnv = { icon: env.feedIconUrl, favicon: env.feedFaviconUrl, logo: env.feedLogoUrl } as const;
    for (const [picture, url] of Object.entries(props.feedPictures ?? {}) as [keyof FeedPictures, string][]) publish.addEnvironment(pictureEnv[picture], url);
    if (props.operatorWebhookUrl) deliver.addEnvironment(env.operatorWebhookUrl, props.operatorWebhookUrl);
    for (const target of [subscriptions, deliver]) target.addEnvironment(env.retrySchedule, deliveries.retrySchedule.join(','));

    bucketRef.addEventNotification(s3.EventType.OBJECT_CREATED, new LambdaDestination(ingest.fn), {
      prefix: bucketDefinition.prefixes.inbox,
    });
    publish.fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: publishStream.batchSize,
        maxBatchingWindow: Duration.seconds(props.publishBatchingWindowSeconds ?? publishStream.maxBatchingWindowSeconds),
        bisectBatchOnError: publishStream.bisectBatchOnError,
        retryAttempts: publishStream.retryAttempts,
        reportBatchItemFailures: true,
        onFailure: new SendOnlyDlq(publishDlq),
        filters: [lambda.FilterCriteria.filter(publishStream.filter)],
      }),
    );
    // The page pass, in publish too (functions/publish/handler.ts tells the events apart): a minute of batches, each page once.
    publish.fn.addEventSource(
      new SqsEventSource(pagesQueue.queue, {
        batchSize: pagesQueueSource.batchSize,
        maxBatchingWindow: Duration.seconds(props.pagesBatchingWindowSeconds ?? pagesQueueSource.maxBatchingWindowSeconds),
        maxConcurrency: pagesQueueSource.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    deliver.fn.addEventSource(
      new SqsEventSource(deliveries.queue, { ...deliverQueueSource, reportBatchItemFailures: true }),
    );

    const monitoring = new Monitoring(this, 'Monitoring', {
      stage,
      key: queueKey,
      functions: Object.values(this.functions),
      deadLetterQueues: { deliveries: deliveries.dlq, publish: publishDlq, pages: pagesQueue.dlq, embargoRelease: embargo.deadLetters, ingestAsync: embargo.asyncFailures },
      deliver,
      publish,
      deliveriesQueue: deliveries.queue,
      pagesQueue: pagesQueue.queue,
      table: { name: names.table, globalSecondaryIndexes: tableDefinition.globalSecondaryIndexes },
      api: api.api,
      distribution: cdn.distribution,
      alarmEmail: props.alarmEmail,
    });
    // Operator notices also go straight to the topic, with their details in the message.
    bindTopicPublisher(deliver, monitoring.topic, env.alarmTopicArn);
    acknowledgeWildcards(
      publish.role,
      { resources: ['*'] },
      'dynamodb:ListStreams has no resource-level permissions; the stream mapping needs it to find the table stream.',
    );
    const notificationsHandler = this.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
    if (notificationsHandler) {
      giveExplicitLogGroup(notificationsHandler);
      Validations.of(notificationsHandler).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "CDK's singleton that applies the inbox notification at deploy time (a CloudFormation custom resource); its role and policy are not configurable.",
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'HTTP API base URL' });
    new CfnOutput(this, 'SiteUrl', { value: `${cdn.url}/`, description: 'The public site: home page, with tag, publisher and article pages under /pages/' });
    new CfnOutput(this, 'FeedsUrl', { value: `${cdn.url}/feeds/all.rss`, description: 'The everything feed (RSS); .atom and .json beside it' });
    new CfnOutput(this, 'DistributionId', { value: cdn.distribution.distributionId, description: 'The CloudFront distribution (its metrics and alarms live in us-east-1)' });
    new CfnOutput(this, 'BucketName', { value: bucketRef.bucketName });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'AdminKeySecretArn', { value: adminKey.secretArn, description: 'aws secretsmanager get-secret-value --secret-id <this>' });
  }
}
