/**
 * Operator notices straight to the alarm topic (ALARM_TOPIC_ARN, set by the
 * stack on deliver), so whoever subscribed to the topic reads the subscription,
 * the reason and the last error in the message itself, at once, rather than
 * an alarm that says where to look.
 */
import type { SnsTopics } from '#commons/clients/sns.ts';
import type { OperatorNotice } from '../deliver/notices.ts';

/** SNS caps a subject at 100 characters. */
const SUBJECT_LIMIT = 100;

export function noticeSubject(notice: OperatorNotice): string {
  if (notice.kind === 'publish.gave_up') return `Publish gave up on ${notice.records} stream record(s)`.slice(0, SUBJECT_LIMIT);
  const what = notice.kind === 'endpoint.disabled' ? 'Webhook endpoint disabled' : 'Webhook circuit opened';
  return `${what}: ${notice.subscriptionId}`.slice(0, SUBJECT_LIMIT);
}

export function publishToTopic(topics: Pick<SnsTopics, 'publish'>, topicArn: string): (notice: OperatorNotice) => Promise<void> {
  return async (notice) => {
    await topics.publish({
      TopicArn: topicArn,
      Subject: noticeSubject(notice),
      Message: JSON.stringify({ type: `operator.${notice.kind}`, ...notice }, null, 2),
    });
  };
}
