import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Schedules } from '#commons/clients/schedules.ts';
import { SignedRequests } from '#commons/clients/signed-requests.ts';
import { EventBridgeEmbargoScheduler, embargoSchedulerFromEnvironment, noEmbargoScheduler } from '#adapters/embargo-scheduler.ts';
import { env } from '#infra/definitions.ts';
import { startAwsApiStandIn, standInClientConfig } from './aws-api-stand-in.ts';


const api = await startAwsApiStandIn();
afterAll(() => api.close());
afterEach(() => {
  api.requests.length = 0;
  api.answer({ status: 200, body: {} });
});

const target = {
  targetArn: 'arn:aws:lambda:eu-west-1:111122223333:function:ingest',
  roleArn: 'arn:aws:iam::111122223333:role/scheduler',
  groupName: 'embargoes',
  deadLetterArn: 'arn:aws:sqs:eu-west-1:111122223333:embargo-dlq',
};
const schedules = new Schedules(new SignedRequests({ service: 'scheduler', ...standInClientConfig(api.endpoint), credentials: async () => standInClientConfig(api.endpoint).credentials }));
const client = () => schedules;
const scheduler = new EventBridgeEmbargoScheduler(client, target);

describe('embargo releases scheduled on EventBridge Scheduler', () => {
  it('creates a one-time UTC schedule that invokes ingest with the release event and deletes itself', async () => {
    api.answer({ status: 200, body: { ScheduleArn: 'arn:aws:scheduler:eu-west-1:111122223333:schedule/embargoes/x' } });
    await scheduler.schedule('art_123', '2030-05-01T09:30:00+02:00');
    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toMatch(/^\/schedules\/embargo-[0-9a-f]{40}$/);
    expect(request!.body).toMatchObject({
      GroupName: 'embargoes',
      ScheduleExpression: 'at(2030-05-01T07:30:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: target.targetArn,
        RoleArn: target.roleArn,
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
        DeadLetterConfig: { Arn: target.deadLetterArn },
      },
    });
    expect(JSON.parse((request!.body.Target as { Input: string }).Input)).toEqual({ action: 'release-embargo', articleId: 'art_123' });
    // Signed for Scheduler, with the idempotency token the SDK client would have generated.
    expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/eu-west-1\/scheduler\/aws4_request, /);
    expect(request!.body.ClientToken).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('names the schedule after the article and time, so scheduling again is a conflict it tolerates', async () => {
    api.answer(
      { status: 200, body: {} },
      { status: 409, headers: { 'x-amzn-errortype': 'ConflictException' }, body: { Message: 'Schedule already exists.' } },
    );
    await scheduler.schedule('art_123', '2030-05-01T07:30:00Z');
    await expect(scheduler.schedule('art_123', '2030-05-01T07:30:00Z')).resolves.toBeUndefined();
    expect(api.requests.map((r) => r.path)).toEqual([api.requests[0]!.path, api.requests[0]!.path]);
  });

  it('lets any other failure reach the caller', async () => {
    api.answer({ status: 403, headers: { 'x-amzn-errortype': 'AccessDeniedException' }, body: { Message: 'not allowed' } });
    await expect(scheduler.schedule('art_9', '2030-05-01T07:30:00Z')).rejects.toMatchObject({ code: 'AccessDeniedException', status: 403 });
  });

  it('is configured from the environment, and absent (nothing scheduled) without a target and role', async () => {
    let built = 0;
    const counting = () => {
      built += 1;
      return client();
    };
    expect(embargoSchedulerFromEnvironment(counting)).toBe(noEmbargoScheduler);
    process.env[env.embargoTargetArn] = target.targetArn;
    process.env[env.schedulerRoleArn] = target.roleArn;
    try {
      const configured = embargoSchedulerFromEnvironment(counting);
      expect(configured).toBeInstanceOf(EventBridgeEmbargoScheduler);
      expect(built).toBe(0); // the calls are built at the first schedule, not at start-up
      await configured.schedule('art_1', '2030-01-01T00:00:00Z');
      expect(built).toBe(1);
      expect(api.requests[0]!.body).not.toHaveProperty('GroupName');
      expect(api.requests[0]!.body.Target).not.toHaveProperty('DeadLetterConfig');
    } finally {
      delete process.env[env.embargoTargetArn];
      delete process.env[env.schedulerRoleArn];
    }
  });
});
