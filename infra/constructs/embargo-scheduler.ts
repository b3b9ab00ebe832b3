import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { env, queueRetentionDays, resourceName } from '#infra/definitions.ts';
import { grantSend } from './bindings.ts';
import { acknowledgeWildcards } from './nag.ts';
import type { SyndicateFunction } from './syndicate-function.ts';

export interface EmbargoSchedulerProps {
  readonly stage: string;
  /** The function that creates the schedules and is invoked when an embargo lifts (ingest). */
  readonly releaser: SyndicateFunction;
  /** The schedule group, owned by the stateful stack (pending schedules are state), by name. */
  readonly groupName: string;
  /** Encrypts the dead-letter queues. */
  readonly key: kms.IKey;
}

/** How often the sweep releases every embargo that is due, whatever happened to its schedule. */
export const embargoSweepMinutes = 5;

/** The event the sweep sends ingest (the action the local runtime's timer uses too). */
export const sweepEvent = { action: 'release-due-embargoes' } as const;

/**
 * Embargo releases, built so that none is lost:
 * 1. Ingest creates a one-time EventBridge Scheduler schedule in the stateful stack's group when it
 *    stores an embargoed article; at the embargo time Scheduler invokes ingest with the release event,
 *    retrying for a day, then puts the event into `deadLetters` (alarmed on).
 * 2. Every `embargoSweepMinutes` an EventBridge rule invokes ingest with `release-due-embargoes`,
 *    which releases whatever the EMBARGO partition says is due: a lost, failed or dead-lettered
 *    schedule delays a release by minutes, not forever.
 * 3. Ingest's asynchronous invocations (these two and S3 inbox events) that fail after Lambda's own
 *    retries go to `asyncFailures` (alarmed on), not nowhere.
 *
 * The target ARN is built from the function's fixed name rather than from the function resource:
 * ingest carries its own ARN in its environment, and a reference to itself would be a cycle. The role
 * has a fixed name for the same reason the target has: schedules created before a redeploy keep
 * naming it, and a recreated stack recreates the same ARN (IAM names are global: the region is in it).
 */
export class EmbargoScheduler extends Construct {
  readonly role: iam.Role;
  readonly targetArn: string;
  readonly deadLetters: sqs.Queue;
  readonly asyncFailures: sqs.Queue;
  readonly sweep: events.Rule;

  constructor(scope: Construct, id: string, props: EmbargoSchedulerProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const releaser = props.releaser;
    this.targetArn = stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: resourceName(props.stage, 'ingest'),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const queue = (queueId: string, logicalName: string) => {
      const created = new sqs.Queue(this, queueId, {
        queueName: resourceName(props.stage, logicalName),
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: props.key,
        enforceSSL: true,
        retentionPeriod: Duration.days(queueRetentionDays),
      });
      Validations.of(created).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself a dead-letter destination (embargo releases, failed asynchronous ingest invocations); an alarm watches it and nothing consumes it automatically.',
      });
      return created;
    };
    this.deadLetters = queue('ReleaseDlq', 'embargo-release-dlq');
    this.asyncFailures = queue('IngestAsyncFailures', 'ingest-async-failures');

    this.role = new iam.Role(this, 'Role', {
      roleName: resourceName(props.stage, `embargo-scheduler-${stack.region}`),
      description: 'Assumed by EventBridge Scheduler to release embargoed articles',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.targetArn] }));
    grantSend(this.role, this.deadLetters);

    releaser.addEnvironment(env.schedulerRoleArn, this.role.roleArn);
    releaser.addEnvironment(env.embargoTargetArn, this.targetArn);
    releaser.addEnvironment(env.schedulerGroupName, props.groupName);
    releaser.addEnvironment(env.embargoDlqArn, this.deadLetters.queueArn);
    // Ingest hands this role to Scheduler when it creates a schedule, and to nothing else.
    releaser.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    const schedulesInGroup = stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${props.groupName}/*` });
    releaser.role.addToPolicy(
      new iam.PolicyStatement({
        // Schedules delete themselves after running (ActionAfterCompletion: DELETE); a correction or
        // withdrawal leaves the schedule to fire, and the release finds nothing to release.
        actions: ['scheduler:CreateSchedule'],
        resources: [schedulesInGroup],
      }),
    );
    acknowledgeWildcards(
      releaser.role,
      { resources: [schedulesInGroup] },
      'One schedule per embargoed article, named at run time; limited to the embargo schedule group.',
    );

    releaser.fn.configureAsyncInvoke({ onFailure: new SendOnlyDestination(this.asyncFailures), retryAttempts: 2 });
    this.sweep = new events.Rule(this, 'Sweep', {
      ruleName: resourceName(props.stage, 'embargo-sweep'),
      description: `Releases every embargo that is due, every ${embargoSweepMinutes} minutes (the backstop of the one-time schedules)`,
      schedule: events.Schedule.rate(Duration.minutes(embargoSweepMinutes)),
      targets: [
        new targets.LambdaFunction(releaser.fn, {
          event: events.RuleTargetInput.fromObject(sweepEvent),
          retryAttempts: 2,
          maxEventAge: Duration.minutes(embargoSweepMinutes),
          deadLetterQueue: this.asyncFailures,
        }),
      ],
    });
  }
}

/** An asynchronous-invocation destination that may only send to the queue (CDK's SqsDestination grants more). */
class SendOnlyDestination implements lambda.IDestination {
  constructor(private readonly queue: sqs.IQueue) {}

  bind(_scope: Construct, fn: lambda.IFunction): lambda.DestinationConfig {
    if (fn.role) grantSend(fn.role, this.queue);
    return { destination: this.queue.queueArn };
  }
}
