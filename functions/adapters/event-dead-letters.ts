/**
 * The publish DLQ as the place for article events that could not be handed to
 * webhook delivery: one message per event, carrying the prepared event (its
 * key, buckets and body, at most about 20 KB) and the reason, so it can be
 * redriven without the article. The same queue receives the stream mapping's
 * on-failure records; `kind` tells the two apart.
 */
import type { SqsQueues } from '#commons/clients/sqs.ts';
import { preparedEventOf, type PreparedEvent } from '#core/webhooks/prepared-event.ts';
import type { EventDeadLetters, FailedEvent } from '#core/webhooks/ports.ts';

export const UNDELIVERED_EVENT = 'undelivered-event';

export interface DeadLetteredEvent {
  kind: typeof UNDELIVERED_EVENT;
  reason: string;
  event: PreparedEvent;
}

/** The event in a publish DLQ message, or undefined for anything else (an on-failure record). */
export function deadLetteredEventOf(body: string): PreparedEvent | undefined {
  try {
    const parsed = JSON.parse(body) as Partial<DeadLetteredEvent>;
    return parsed.kind === UNDELIVERED_EVENT ? preparedEventOf(parsed.event) : undefined;
  } catch {
    return undefined;
  }
}

export class SqsEventDeadLetters implements EventDeadLetters {
  constructor(
    private readonly sqs: SqsQueues,
    private readonly queueUrl: string,
  ) {}

  async deadLetter(failed: FailedEvent[]): Promise<PreparedEvent[]> {
    const stuck: PreparedEvent[] = [];
    for (let i = 0; i < failed.length; i += 10) {
      const batch = failed.slice(i, i + 10);
      const entries = batch.map((f, n) => ({
        Id: String(n),
        MessageBody: JSON.stringify({ kind: UNDELIVERED_EVENT, reason: f.reason, event: f.event } satisfies DeadLetteredEvent),
      }));
      try {
        const result = await this.sqs.sendMessageBatch({ QueueUrl: this.queueUrl, Entries: entries });
        for (const f of result.Failed) stuck.push(batch[Number(f.Id)]!.event);
      } catch {
        stuck.push(...batch.map((f) => f.event));
      }
    }
    return stuck;
  }
}
