/**
 * The deliveries queue and its DLQ on the local runtime's SQS emulator
 * (infra/local/sqs), built from the same definitions as the local runtime
 * (infra/local/queues.ts), served on loopback and reached through the
 * functions' signed SQS calls (functions/commons/clients/sqs.ts). The emulator's clock is injectable, so a test can play
 * a five-minute backoff without waiting for it.
 */
import { SqsQueues } from '#commons/clients/sqs.ts';
import { SignedRequests } from '#commons/clients/signed-requests.ts';
import { LocalSqs } from '../../infra/local/sqs/broker.ts';
import { SqsEventSource } from '../../infra/local/sqs/event-source.ts';
import { serveSqs } from '../../infra/local/sqs/http.ts';
import type { LocalQueue } from '../../infra/local/sqs/queue.ts';
import { localQueueDefinitions, localQueueNames } from '../../infra/local/queues.ts';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

export interface LocalQueues {
  endpoint: string;
  client: SqsQueues;
  queueUrl: string;
  dlqUrl: string;
  queue: LocalQueue;
  dlq: LocalQueue;
  /** The emulator itself, for the other queues of the stack. */
  sqs(): LocalSqs;
  /** An event source mapping (batches of 10, as the stack sets) invoking `handler`. */
  eventSource(handler: (event: SQSEvent) => Promise<SQSBatchResponse>, concurrency?: number): SqsEventSource;
  close(): Promise<void>;
}

export async function startLocalQueues(options: { clock?: () => number; schedule?: number[] } = {}): Promise<LocalQueues> {
  const sqs = new LocalSqs(options.clock);
  sqs.define(localQueueDefinitions('test', options.schedule ?? [5, 300, 1800]));
  const names = localQueueNames('test');
  const served = await serveSqs(sqs);
  const client = new SqsQueues(new SignedRequests({ service: 'sqs', endpoint: served.url, region: 'us-east-1', credentials: async () => ({ accessKeyId: 'local', secretAccessKey: 'local' }) }));
  const queue = sqs.byName(names.deliveries);
  return {
    endpoint: served.url,
    client,
    queueUrl: sqs.urlOf(names.deliveries),
    dlqUrl: sqs.urlOf(names.deliveriesDlq),
    queue,
    dlq: sqs.byName(names.deliveriesDlq),
    sqs: () => sqs,
    eventSource: (handler, concurrency = 5) => new SqsEventSource(queue, handler, { batchSize: 10, concurrency, waitMs: 50 }),
    close: async () => {
      await served.close();
    },
  };
}
