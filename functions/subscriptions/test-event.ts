/**
 * `POST /subscriptions/{id}/test`: a signed example event, sent now, answered at once.
 *
 * 1. read the optional body `{"event": "article.updated"}`: a type the subscription takes (its first by default);
 * 2. build the example body (core/webhooks/test-event.ts, `data.test: true`) under a fresh `msg_test_…` webhook-id;
 * 3. send it exactly as a delivery is sent (deliver-one.ts `signedRequest`): every secret that signs now,
 *    the custom headers, the HTTP sender's address checks after DNS (SSRF), its deadlines and 1 KB answer prefix;
 * 4. log one attempt marked `test: true`, and answer with the receiver's status, duration, answer and error.
 *
 * A test is never retried, writes no delivery record (so it cannot be replayed) and touches neither
 * the endpoint's failure streak nor its circuit; stats leave it out. A disabled endpoint can be
 * tested too: that is how to check it works again before enabling it.
 */
import type { HttpSender } from '#adapters/http-sender.ts';
import type { TestEventResult } from '#core/webhooks/health-answers.ts';
import { describeResult } from '#core/webhooks/attempt-outcome.ts';
import type { Clock, DeliveryLog, StoredSubscription } from '#core/webhooks/ports.ts';
import { serialisePayload } from '#core/webhooks/payload.ts';
import { TestEventRequest, testEventType, testPayload } from '#core/webhooks/test-event.ts';
import { articleEventTypes } from '#core/article/events.ts';
import { signedRequest } from '../deliver/deliver-one.ts';

export interface TestEventDependencies {
  sender: HttpSender;
  deliveries: Pick<DeliveryLog, 'logAttempt'>;
  clock: Clock;
  /** A fresh random suffix for the test's webhook-id. */
  randomId: () => string;
}

export class TestEventRefused extends Error {
  override readonly name = 'TestEventRefused';
  readonly status = 400;
  readonly code = 'invalid_test_event';
}

export type { TestEventResult };

export async function sendTestEvent(
  subscription: StoredSubscription,
  input: unknown,
  publicBaseUrl: string,
  deps: TestEventDependencies,
): Promise<TestEventResult> {
  const parsed = TestEventRequest.safeParse(input ?? {});
  if (!parsed.success) {
    throw new TestEventRefused(`the body is optional; when sent it is {"event": one of ${articleEventTypes.join(', ')}} and nothing else`);
  }
  const event = testEventType(parsed.data.event, subscription.events);
  if (typeof event !== 'string') throw new TestEventRefused(event.refused);

  const now = deps.clock();
  const webhookId = `msg_test_${deps.randomId()}`;
  const payload = testPayload(event, now, publicBaseUrl);
  const body = serialisePayload(payload);
  const result = await deps.sender.send(signedRequest(subscription, webhookId, body, now));
  const delivered = result.kind === 'response' && result.status >= 200 && result.status < 300;
  const answer: TestEventResult = {
    webhookId,
    event,
    delivered,
    ...(result.kind === 'response' ? { status: result.status, response: result.responsePrefix } : {}),
    durationMs: result.durationMs,
    ...(delivered ? {} : { error: describeResult(result) }),
  };
  await deps.deliveries.logAttempt({
    subscriptionId: subscription.id,
    deliveryId: webhookId,
    eventType: event,
    articleId: payload.data.id,
    round: 0,
    attempt: 1,
    at: now.toISOString(),
    status: answer.status,
    durationMs: answer.durationMs,
    response: answer.response,
    error: answer.error,
    outcome: delivered ? 'delivered' : 'give_up',
    test: true,
  });
  return answer;
}
