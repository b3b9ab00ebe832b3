import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { env, resourceName } from '#infra/definitions.ts';
import { acknowledgeWildcards } from './nag.ts';
import type { SyndicateFunction } from './syndicate-function.ts';

export interface EmbargoSchedulerProps {
  readonly stage: string;
  /** The function that creates the schedules and is invoked when an embargo lifts (ingest). */
  readonly releaser: SyndicateFunction;
}

/**
 * Embargo releases as EventBridge Scheduler one-time schedules. Ingest creates a schedule in this
 * group when it stores an embargoed article (and updates or deletes it on correction or withdrawal);
 * at the embargo time Scheduler invokes ingest again with the release event.
 *
 * The target ARN is built from the function's fixed name rather than from the function resource:
 * ingest carries its own ARN in its environment, and a reference to itself would be a cycle.
 */
export class EmbargoScheduler extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;
  readonly targetArn: string;

  constructor(scope: Construct, id: string, props: EmbargoSchedulerProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.targetArn = stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: resourceName(props.stage, 'ingest'),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.group = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: resourceName(props.stage, 'embargoes'),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      description: 'Assumed by EventBridge Scheduler to release embargoed articles',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.targetArn] }));

    const releaser = props.releaser;
    releaser.addEnvironment(env.schedulerRoleArn, this.role.roleArn);
    releaser.addEnvironment(env.embargoTargetArn, this.targetArn);
    releaser.addEnvironment(env.schedulerGroupName, this.group.scheduleGroupName);
    // Ingest hands this role to Scheduler when it creates a schedule, and to nothing else.
    releaser.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    const schedulesInGroup = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.group.scheduleGroupName}/*`,
    });
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
  }
}
