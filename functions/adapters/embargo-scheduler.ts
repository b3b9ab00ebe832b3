/**
 * Releasing an embargo on time. On AWS each embargoed article gets an
 * EventBridge Scheduler one-time schedule that invokes the ingest function with
 * `{"action":"release-embargo","articleId":…}` and deletes itself afterwards.
 * Locally (and whenever the scheduler is not configured) nothing is scheduled:
 * the local runtime's timer polls the EMBARGO partition instead, and the
 * EMBARGO item is there in both cases as the record of what is pending.
 */
import { createHash } from 'node:crypto';
import type { Schedules } from '#commons/clients/schedules.ts';
import { AwsCallFailed } from '#commons/clients/signed-requests.ts';
import { env } from '#infra/definitions.ts';

export interface EmbargoReleaseEvent {
  action: 'release-embargo';
  articleId: string;
}

export interface EmbargoScheduler {
  /** Idempotent: scheduling the same release twice leaves one schedule. */
  schedule(articleId: string, embargoUntil: string): Promise<void>;
}

export const noEmbargoScheduler: EmbargoScheduler = { schedule: async () => {} };

export class EventBridgeEmbargoScheduler implements EmbargoScheduler {
  constructor(
    /** Built on first use: most containers never schedule anything. */
    private readonly schedules: () => Schedules,
    private readonly target: { targetArn: string; roleArn: string; groupName?: string; deadLetterArn?: string },
  ) {}

  async schedule(articleId: string, embargoUntil: string): Promise<void> {
    const input: EmbargoReleaseEvent = { action: 'release-embargo', articleId };
    try {
      await this.schedules().createSchedule({
          Name: scheduleName(articleId, embargoUntil),
          GroupName: this.target.groupName,
          // at() takes local time without offset; UTC is given separately.
          ScheduleExpression: `at(${new Date(embargoUntil).toISOString().slice(0, 19)})`,
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: this.target.targetArn,
            RoleArn: this.target.roleArn,
            Input: JSON.stringify(input),
            // Scheduler's most patient retries (a day), then the dead-letter queue: a release that
            // cannot reach ingest is kept and alarmed on, never dropped. The sweep releases it anyway.
            RetryPolicy: releaseRetryPolicy,
            ...(this.target.deadLetterArn ? { DeadLetterConfig: { Arn: this.target.deadLetterArn } } : {}),
          },
        });
    } catch (error) {
      // The name is taken: this very release is scheduled already.
      if (!(error instanceof AwsCallFailed && error.code === 'ConflictException')) throw error;
    }
  }
}

/** The longest Scheduler allows: 24 hours and 185 attempts. */
export const releaseRetryPolicy = { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 } as const;

/** Schedule names allow 64 characters of [0-9A-Za-z-_.]: a digest keeps any article id inside that. */
function scheduleName(articleId: string, embargoUntil: string): string {
  return `embargo-${createHash('sha256').update(`${articleId}@${embargoUntil}`).digest('hex').slice(0, 40)}`;
}

/** The scheduler when SCHEDULER_ROLE_ARN and EMBARGO_TARGET_ARN are set, else none. */
export function embargoSchedulerFromEnvironment(schedules: () => Schedules): EmbargoScheduler {
  const targetArn = process.env[env.embargoTargetArn];
  const roleArn = process.env[env.schedulerRoleArn];
  if (!targetArn || !roleArn) return noEmbargoScheduler;
  const groupName = process.env[env.schedulerGroupName];
  const deadLetterArn = process.env[env.embargoDlqArn];
  return new EventBridgeEmbargoScheduler(schedules, { targetArn, roleArn, ...(groupName ? { groupName } : {}), ...(deadLetterArn ? { deadLetterArn } : {}) });
}
