/**
 * Operator notices: an endpoint disabled (410, or failing for days) or a
 * circuit opened, each with the subscription, the reason and the last error;
 * and, from the local runtime, stream records publish gave up on. Always
 * logged at WARN as `operator.notice` (the console locally; on AWS the deliver
 * log group, which the alarms can read); published to the alarm topic on AWS
 * (ALARM_TOPIC_ARN, adapters/notice-topic.ts); also POSTed as JSON to
 * OPERATOR_WEBHOOK_URL when the operator configured one. Sending a notice
 * never fails a delivery.
 *
 * On AWS a stream batch publish gave up on reaches the operator through the
 * publish DLQ's alarm on the same topic: Lambda hands it to the on-failure
 * destination itself, and a consumer of that queue to send a notice would take
 * the messages `syndicate redrive` needs.
 */
export interface EndpointNotice {
  kind: 'endpoint.disabled' | 'circuit.opened';
  subscriptionId: string;
  reason: string;
  lastError?: string | undefined;
  at: string;
}

/** Stream records publish gave up on after every retry: their feeds and events wait in the publish DLQ for a redrive. */
export interface PublishGaveUpNotice {
  kind: 'publish.gave_up';
  records: number;
  firstSequenceNumber?: string | undefined;
  lastSequenceNumber?: string | undefined;
  reason: string;
  /** Where the records' description went (the publish DLQ), to redrive from. */
  deadLetterQueue: string;
  /** The command that publishes them again. */
  redrive?: string;
  at: string;
}

export type OperatorNotice = EndpointNotice | PublishGaveUpNotice;

export type NoticeSink = (notice: OperatorNotice) => Promise<void>;

/** A notice POST gives up after this long: the operator's endpoint cannot slow deliveries. */
const NOTICE_TIMEOUT_MS = 5000;

export function operatorNotices(options: {
  warn: (message: string, fields: Record<string, unknown>) => void;
  webhookUrl?: string | undefined;
  /** The alarm topic's publisher, on AWS. */
  topic?: NoticeSink | undefined;
}): NoticeSink {
  return async (notice) => {
    options.warn('operator.notice', { ...notice });
    await options.topic?.(notice).catch((error: unknown) => options.warn('operator notice not published to the alarm topic', { error: String(error) }));
    if (!options.webhookUrl) return;
    try {
      const res = await fetch(options.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: `operator.${notice.kind}`, ...notice }),
        signal: AbortSignal.timeout(NOTICE_TIMEOUT_MS),
        redirect: 'manual',
      });
      await res.body?.cancel();
      if (!res.ok) options.warn('operator notice not accepted', { status: res.status });
    } catch (error) {
      options.warn('operator notice not sent', { error: String(error) });
    }
  };
}
