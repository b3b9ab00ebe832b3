import { describe, expect, it } from 'vitest';
import { LocalSqs } from '../../../infra/local/sqs/broker.ts';
import { SqsError } from '../../../infra/local/sqs/errors.ts';

/** A clock the test moves by hand, so visibility deadlines are exact. */
function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (seconds: number) => (now += seconds * 1000) };
}

function setUp(maxReceiveCount = 3) {
  const clock = manualClock();
  const sqs = new LocalSqs(clock.now);
  sqs.define([
    { name: 'work-dlq' },
    { name: 'work', visibilityTimeoutSeconds: 30, redrive: { deadLetterQueueName: 'work-dlq', maxReceiveCount } },
  ]);
  return { clock, sqs, queue: sqs.byName('work'), dlq: sqs.byName('work-dlq') };
}

describe('local queue semantics', () => {
  it('hides a received message for the visibility timeout, then delivers it again with a higher receive count', () => {
    const { clock, queue } = setUp();
    queue.send('hello');
    const [first] = queue.receive();
    expect(first?.Attributes.ApproximateReceiveCount).toBe('1');
    expect(queue.receive()).toEqual([]);
    clock.advance(29);
    expect(queue.receive()).toEqual([]);
    clock.advance(1);
    const [second] = queue.receive();
    expect(second?.MessageId).toBe(first?.MessageId);
    expect(second?.Attributes.ApproximateReceiveCount).toBe('2');
    expect(second?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
  });

  it('moves the visibility deadline with ChangeMessageVisibility, and 0 releases the message at once', () => {
    const { clock, queue } = setUp();
    queue.send('backoff');
    const [m] = queue.receive();
    queue.changeVisibility(m!.ReceiptHandle, 300);
    clock.advance(299);
    expect(queue.receive()).toEqual([]);
    clock.advance(1);
    const [again] = queue.receive();
    queue.changeVisibility(again!.ReceiptHandle, 0);
    expect(queue.receive()).toHaveLength(1);
  });

  it('refuses to change the visibility of a message that is not in flight', () => {
    const { clock, queue } = setUp();
    queue.send('x');
    const [m] = queue.receive();
    clock.advance(30);
    expect(() => queue.changeVisibility(m!.ReceiptHandle, 10)).toThrow(expect.objectContaining({ code: 'MessageNotInflight' }));
  });

  it('holds a message back for its DelaySeconds', () => {
    const { clock, queue } = setUp();
    queue.send('later', { delaySeconds: 5 });
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 1 });
    expect(queue.receive()).toEqual([]);
    clock.advance(5);
    expect(queue.receive()[0]?.Body).toBe('later');
  });

  it('deletes only with the latest receipt handle', () => {
    const { clock, queue } = setUp();
    queue.send('x');
    const [old] = queue.receive();
    clock.advance(30);
    const [latest] = queue.receive();
    expect(() => queue.delete(old!.ReceiptHandle)).toThrow(SqsError);
    queue.delete(latest!.ReceiptHandle);
    clock.advance(30);
    expect(queue.receive()).toEqual([]);
  });

  it('moves a message to the DLQ after maxReceiveCount receives, keeping its id and body', () => {
    const { clock, queue, dlq } = setUp(3);
    const sent = queue.send('poison');
    for (let i = 1; i <= 3; i++) {
      expect(queue.receive()[0]?.Attributes.ApproximateReceiveCount).toBe(String(i));
      clock.advance(30);
    }
    expect(queue.receive()).toEqual([]);
    const [dead] = dlq.receive();
    expect(dead).toMatchObject({ MessageId: sent.id, Body: 'poison' });
    expect(dead?.Attributes.DeadLetterQueueSourceArn).toBe(queue.arn);
  });

  it('redrives the DLQ back to the source queue with a fresh receive count', () => {
    const { clock, sqs, queue, dlq } = setUp(1);
    const sent = queue.send('retry me');
    queue.receive();
    clock.advance(30);
    expect(queue.receive()).toEqual([]);
    expect(dlq.counts().visible).toBe(1);

    const task = sqs.startMessageMoveTask(dlq.arn);
    expect(task.ApproximateNumberOfMessagesMoved).toBe(1);
    expect(dlq.counts().visible).toBe(0);
    const [back] = queue.receive();
    expect(back).toMatchObject({ MessageId: sent.id, Body: 'retry me' });
    expect(back?.Attributes.ApproximateReceiveCount).toBe('1');
  });

  it('refuses to redrive from a queue that is no dead-letter queue', () => {
    const { sqs, queue } = setUp();
    expect(() => sqs.startMessageMoveTask(queue.arn)).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
  });

  it('keeps messages and their deadlines across a snapshot and restore', () => {
    const { clock, sqs, queue } = setUp();
    queue.send('waiting');
    const [m] = queue.receive();
    queue.changeVisibility(m!.ReceiptHandle, 120);
    const snapshot = JSON.parse(JSON.stringify(sqs.snapshot()));

    const restored = new LocalSqs(clock.now);
    restored.define([{ name: 'work-dlq' }, { name: 'work', redrive: { deadLetterQueueName: 'work-dlq', maxReceiveCount: 3 } }]);
    restored.restore(snapshot);
    const queue2 = restored.byName('work');
    expect(queue2.receive()).toEqual([]);
    clock.advance(120);
    expect(queue2.receive()[0]).toMatchObject({ MessageId: m!.MessageId, Attributes: expect.objectContaining({ ApproximateReceiveCount: '2' }) });
  });

  it('rejects out-of-range parameters with InvalidParameterValue', () => {
    const { queue } = setUp();
    expect(() => queue.send('x', { delaySeconds: 901 })).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    expect(() => queue.receive({ max: 11 })).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    expect(() => queue.send('')).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
  });
});
