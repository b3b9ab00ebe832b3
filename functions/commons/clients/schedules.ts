/**
 * EventBridge Scheduler's CreateSchedule as one signed request (signed-requests.ts says why not the
 * SDK client: 38 KB of ingest's bundle, with the REST-JSON protocol, for this one call). Endpoint from
 * the SDK's own `AWS_ENDPOINT_URL_SCHEDULER`; unset on AWS.
 */
import { randomUUID } from 'node:crypto';
import { lazy } from './lazy.ts';
import { endpointFromEnvironment, jsonErrorOf, regionFromEnvironment, SignedRequests } from './signed-requests.ts';

/** CreateSchedule's request, in the API's own field names (the parts we set). */
export interface ScheduleRequest {
  Name: string;
  GroupName?: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  FlexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  ActionAfterCompletion?: 'NONE' | 'DELETE';
  Target: {
    Arn: string;
    RoleArn: string;
    Input?: string;
    RetryPolicy?: { MaximumEventAgeInSeconds?: number; MaximumRetryAttempts?: number };
    DeadLetterConfig?: { Arn: string };
  };
}

export class Schedules {
  constructor(private readonly requests: SignedRequests) {}

  /** Creates the schedule; a name already taken is an `AwsCallFailed` with code `ConflictException`. */
  async createSchedule({ Name, ...fields }: ScheduleRequest): Promise<void> {
    // ClientToken: the idempotency token the SDK would generate, so a retried request creates one schedule.
    const body = Buffer.from(JSON.stringify({ ...fields, ClientToken: randomUUID() }));
    await this.requests.send('CreateSchedule', { method: 'POST', path: `/schedules/${encodeURIComponent(Name)}`, headers: { 'content-type': 'application/json' }, body }, jsonErrorOf);
  }
}

/** One per container, from the environment the SDK clients read. */
export const schedules = lazy(() => new Schedules(new SignedRequests({ service: 'scheduler', region: regionFromEnvironment(), ...endpointFromEnvironment('SCHEDULER') })));
