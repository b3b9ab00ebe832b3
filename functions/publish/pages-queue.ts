/**
 * The pages queue on SQS: publish's one message per batch naming the feeds whose listing pages are due
 * (core/site/pages-due.ts), read by the page pass (page-pass.ts, pages-handler.ts).
 *
 * A batch touching very many feeds is split into messages of `FEEDS_PER_MESSAGE` (about 60 KB, far below
 * SQS's 256 KB, and one 64 KB billing chunk each); the send resolves only when every part is queued, and
 * rejects otherwise, so publish fails the batch's records and the stream retries them.
 */
import type { SqsQueues } from '#commons/clients/sqs.ts';
import { encodePagesDue, type PagesDue } from '#core/site/pages-due.ts';

const FEEDS_PER_MESSAGE = 1000;

export class SqsPagesQueue {
  constructor(
    private readonly sqs: SqsQueues,
    private readonly queueUrl: string,
  ) {}

  async send(due: PagesDue): Promise<void> {
    for (let i = 0; i < due.feeds.length; i += FEEDS_PER_MESSAGE) {
      const feeds = due.feeds.slice(i, i + FEEDS_PER_MESSAGE);
      const labels = Object.fromEntries(feeds.flatMap((feed) => (due.labels?.[feed] !== undefined ? [[feed, due.labels[feed]]] : [])));
      await this.sqs.sendMessage({ QueueUrl: this.queueUrl, MessageBody: encodePagesDue({ feeds, labels }) });
    }
  }
}
