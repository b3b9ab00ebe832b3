import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LocalSqs } from '../../../infra/local/sqs/broker.ts';
import { SqsEventSource } from '../../../infra/local/sqs/event-source.ts';

function setUp(invoke: (event: SQSEvent) => Promise<SQSBatchResponse | void>) {
  let now = 1_700_000_000_000;
  const sqs = new LocalSqs(() => now);
  sqs.define([{ name: 'd-dlq' }, { name: 'd', visibilityTimeoutSeconds: 30, redrive: { deadLetterQueueName: 'd-dlq', maxReceiveCount: 2 } }]);
  const queue = sqs.byName('d');
  const source = new SqsEventSource(queue, invoke, { batchSize: 10 });
  return { queue, dlq: sqs.byName('d-dlq'), source, advance: (s: number) => (now += s * 1000) };
}

describe('the SQS event source mapping', () => {
  it('invokes the function with an SQS event and deletes a batch that succeeded', async () => {
    const events: SQSEvent[] = [];
    const { queue, source, advance } = setUp(async (e) => void events.push(e));
    queue.send('a');
    queue.send('b', { attributes: { kind: { DataType: 'String', StringValue: 'x' } } });
    expect(await source.pollOnce()).toBe(2);
    const records = events[0]!.Records;
    expect(records.map((r) => r.body)).toEqual(['a', 'b']);
    expect(records[0]).toMatchObject({ eventSource: 'aws:sqs', eventSourceARN: queue.arn, attributes: { ApproximateReceiveCount: '1' } });
    expect(records[1]!.messageAttributes.kind).toMatchObject({ dataType: 'String', stringValue: 'x' });
    advance(30);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('keeps only the reported batch item failures, which return after their visibility timeout', async () => {
    let calls = 0;
    const { queue, source, advance } = setUp(async (e) => {
      calls++;
      return { batchItemFailures: e.Records.filter((r) => r.body === 'bad').map((r) => ({ itemIdentifier: r.messageId })) };
    });
    queue.send('good');
    queue.send('bad');
    await source.pollOnce();
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
    advance(30);
    const retried: string[] = [];
    const again = new SqsEventSource(queue, async (e) => void retried.push(...e.Records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`)));
    await again.pollOnce();
    expect(retried).toEqual(['bad#2']);
    expect(calls).toBe(1);
  });

  it('keeps the whole batch when the function throws or reports an id outside the batch', async () => {
    let mode: 'throw' | 'bogus' = 'throw';
    const { queue, source, advance } = setUp(async () => {
      if (mode === 'throw') throw new Error('boom');
      return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
    });
    queue.send('a');
    queue.send('b');
    await source.pollOnce();
    advance(30);
    expect(queue.counts().visible).toBe(2);
    mode = 'bogus';
    await source.pollOnce();
    advance(30);
    expect(queue.counts().visible).toBe(2);
  });

  it('dead-letters a message that keeps failing, after maxReceiveCount deliveries', async () => {
    const { queue, dlq, source, advance } = setUp(async (e) => ({ batchItemFailures: e.Records.map((r) => ({ itemIdentifier: r.messageId })) }));
    queue.send('poison');
    await source.pollOnce();
    advance(30);
    await source.pollOnce();
    advance(30);
    expect(await source.pollOnce()).toBe(0);
    expect(dlq.counts().visible).toBe(1);
  });

  it('with a batching window, gathers messages beyond ten a receive until the window closes, then invokes once', async () => {
    const events: SQSEvent[] = [];
    const { queue } = setUp(async () => undefined);
    const source = new SqsEventSource(queue, async (e) => void events.push(e), { batchSize: 100, batchingWindowMs: 400 });
    for (let i = 0; i < 15; i++) queue.send(`early-${i}`);
    const polled = source.pollOnce();
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (let i = 0; i < 3; i++) queue.send(`late-${i}`);
    expect(await polled).toBe(18);
    expect(events).toHaveLength(1);
    expect(events[0]!.Records.map((r) => r.body).filter((b) => b.startsWith('late-'))).toHaveLength(3);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    expect(() => new SqsEventSource(queue, async () => undefined, { batchSize: 100 })).toThrow(/only with a batching window/);
  });

  it('gives a gathering batch back to the queue at once when stopped mid-window', async () => {
    const { queue } = setUp(async () => undefined);
    let invoked = 0;
    const source = new SqsEventSource(queue, async () => void invoked++, { batchSize: 100, batchingWindowMs: 60_000, concurrency: 1 });
    queue.send('waiting');
    source.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await source.stop();
    expect(invoked).toBe(0);
    expect(queue.counts()).toEqual({ visible: 1, inFlight: 0, delayed: 0 });
  });

  it('polls continuously once started and stops cleanly', async () => {
    const bodies: string[] = [];
    let delivered!: () => void;
    const done = new Promise<void>((resolve) => (delivered = resolve));
    const sqs = new LocalSqs();
    sqs.define([{ name: 'live' }]);
    const queue = sqs.byName('live');
    const source = new SqsEventSource(queue, async (e) => {
      bodies.push(...e.Records.map((r) => r.body));
      if (bodies.length === 3) delivered();
    }, { concurrency: 2, waitMs: 5000 });
    source.start();
    for (const b of ['1', '2', '3']) queue.send(b);
    await done;
    await source.stop();
    expect(bodies.sort()).toEqual(['1', '2', '3']);
  });
});
