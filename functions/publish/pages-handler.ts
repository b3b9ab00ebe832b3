/**
 * The page pass's entry point: an SQS event from the pages queue (publish's handler dispatches it here by
 * its shape). The event source gathers up to a minute of messages (infra/definitions.ts `pagesQueueSource`);
 * their feeds are merged, each feed's page rendered once (page-pass.ts), and only the messages naming a
 * feed that failed are reported (ReportBatchItemFailures), so they and only they come back. A message that
 * is not a pages message is reported too: after the queue's receives it rests in the DLQ, whose alarm
 * tells the operator, rather than being dropped.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { decodePagesDue, type PagesDue } from '#core/site/pages-due.ts';
import { mergePagesDue, renderListingPages, type PagePassDependencies, type PagePassOutcome } from './page-pass.ts';

export interface PagesEventOutcome extends PagePassOutcome {
  response: SQSBatchResponse;
  /** Messages that were not pages messages. */
  unreadable: number;
}

/** True for an event the SQS event source sends (the stream's records carry `eventSource: 'aws:dynamodb'`). */
export const isSqsEvent = (event: unknown): event is SQSEvent => {
  const records = (event as { Records?: unknown } | null)?.Records;
  return Array.isArray(records) && records.length > 0 && (records[0] as { eventSource?: unknown })?.eventSource === 'aws:sqs';
};

export async function handlePagesEvent(event: SQSEvent, deps: PagePassDependencies): Promise<PagesEventOutcome> {
  const read: Array<{ messageId: string; due: PagesDue }> = [];
  const failures = new Set<string>();
  for (const record of event.Records) {
    try {
      read.push({ messageId: record.messageId, due: decodePagesDue(record.body) });
    } catch (error) {
      deps.warn('pages message not readable; left for the DLQ', { messageId: record.messageId, error: String(error) });
      failures.add(record.messageId);
    }
  }
  const outcome = await renderListingPages(mergePagesDue(read.map((r) => r.due)), deps);
  const failed = new Set(outcome.failed);
  for (const { messageId, due } of read) if (due.feeds.some((feed) => failed.has(feed))) failures.add(messageId);
  return { ...outcome, unreadable: event.Records.length - read.length, response: { batchItemFailures: [...failures].map((itemIdentifier) => ({ itemIdentifier })) } };
}
