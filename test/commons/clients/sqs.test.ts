/**
 * The signed SQS calls: the local runtime's emulator (infra/local/sqs, which speaks SQS's AWS JSON 1.0
 * protocol) takes what they send and they read its answers, a refused entry of a batch comes back in
 * `Failed` while the others are queued, a refused call is named by SQS's error code, throttling and
 * server errors are retried as the SDK's standard strategy does, and an answer whose MD5 is not the
 * body's fails as the SDK client fails it. The wire form and the faults a real emulator cannot be made to
 * give come from a loopback server that answers as SQS does.
 */
import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsCallFailed, SignedRequests } from '#commons/clients/signed-requests.ts';
import { SqsQueues, type SqsCall } from '#commons/clients/sqs.ts';
import { startLocalQueues, type LocalQueues } from '../../deliver/local-queues.ts';
import { scriptedAws, type ScriptedAws } from '../../support/scripted-aws.ts';

const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'local-secret' });
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

let queues: LocalQueues;
beforeAll(async () => {
  queues = await startLocalQueues();
});
const servers: ScriptedAws[] = [];
afterAll(async () => {
  await queues?.close();
  await Promise.all(servers.map((s) => s.close()));
});

/** A loopback SQS answering each request with the next of `answers` (JSON bodies); records what it was sent. */
async function fakeSqs(answers: { status: number; body: unknown }[]) {
  const sqs = await scriptedAws(answers.map(({ status, body }) => ({ status, body: JSON.stringify(body) })), 'application/x-amz-json-1.0');
  servers.push(sqs);
  return { seen: sqs.seen, client: (maxAttempts = 3) => new SqsQueues(new SignedRequests({ service: 'sqs', region: 'eu-west-1', endpoint: sqs.endpoint, credentials, maxAttempts })) };
}

describe('SQS calls signed with the SDK signer, on the local emulator', () => {
  it('sends, receives, hides and deletes messages, attributes included', async () => {
    const sqs = queues.client;
    await sqs.sendMessage({ QueueUrl: queues.queueUrl, MessageBody: 'Ünïcode body', DelaySeconds: 0, MessageAttributes: { reason: { DataType: 'String', StringValue: 'why' } } });
    const [message] = await sqs.receiveMessage({ QueueUrl: queues.queueUrl, MaxNumberOfMessages: 10 });
    expect(message).toMatchObject({ Body: 'Ünïcode body', MD5OfBody: md5('Ünïcode body') });
    expect(queues.queue.counts()).toMatchObject({ visible: 0, inFlight: 1 });
    await sqs.changeMessageVisibility({ QueueUrl: queues.queueUrl, ReceiptHandle: message!.ReceiptHandle, VisibilityTimeout: 0 });
    const [again] = await sqs.receiveMessage({ QueueUrl: queues.queueUrl, MaxNumberOfMessages: 10 });
    expect(again!.MessageId).toBe(message!.MessageId);
    await sqs.deleteMessage({ QueueUrl: queues.queueUrl, ReceiptHandle: again!.ReceiptHandle });
    expect(queues.queue.counts()).toMatchObject({ visible: 0, inFlight: 0 });
    expect(await sqs.receiveMessage({ QueueUrl: queues.queueUrl })).toEqual([]);
  });

  it('queues the entries of a batch it accepts and reports each refused one in Failed', async () => {
    const tooLong = 'x'.repeat(1024 * 1024 + 1);
    const result = await queues.client.sendMessageBatch({
      QueueUrl: queues.queueUrl,
      Entries: [{ Id: 'a', MessageBody: 'first' }, { Id: 'b', MessageBody: tooLong }, { Id: 'c', MessageBody: 'third' }],
    });
    expect(result.Successful.map((s) => s.Id)).toEqual(['a', 'c']);
    expect(result.Failed).toEqual([expect.objectContaining({ Id: 'b', SenderFault: true, Code: 'InvalidParameterValue' })]);
    const bodies = (await queues.client.receiveMessage({ QueueUrl: queues.queueUrl, MaxNumberOfMessages: 10 })).map((m) => m.Body);
    expect(bodies.sort()).toEqual(['first', 'third']);
    queues.queue.drain();
  });

  it('names a refusal by SQS’s error code, without retrying it', async () => {
    const refused = await queues.client.sendMessage({ QueueUrl: `${queues.queueUrl}-missing`, MessageBody: 'x' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AwsCallFailed);
    expect(refused).toMatchObject({ operation: 'SendMessage', code: 'QueueDoesNotExist', status: 400 });
    await expect(queues.client.changeMessageVisibility({ QueueUrl: queues.queueUrl, ReceiptHandle: 'not-a-handle', VisibilityTimeout: 5 })).rejects.toMatchObject({
      code: 'ReceiptHandleIsInvalid',
    });
  });

  it('lets an interceptor see every call once and fail it before it leaves the process', async () => {
    const seen: SqsCall[] = [];
    const remove = queues.client.intercept(async (call, next) => {
      seen.push(call);
      if (call.operation === 'SendMessageBatch') throw new Error('injected');
      return next(call);
    });
    try {
      await queues.client.sendMessage({ QueueUrl: queues.queueUrl, MessageBody: 'seen' });
      await expect(queues.client.sendMessageBatch({ QueueUrl: queues.queueUrl, Entries: [{ Id: '0', MessageBody: 'never sent' }] })).rejects.toThrow('injected');
    } finally {
      remove();
    }
    expect(seen.map((c) => c.operation)).toEqual(['SendMessage', 'SendMessageBatch']);
    expect(queues.queue.counts().visible).toBe(1);
    queues.queue.drain();
  });
});

describe('SQS calls on the wire (a loopback SQS)', () => {
  it('posts the AWS JSON 1.0 form to the endpoint’s root, signed for sqs, the queue named in the body', async () => {
    const sqs = await fakeSqs([{ status: 200, body: { MessageId: 'm-1', MD5OfMessageBody: md5('hello') } }]);
    const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/deliveries';
    expect(await sqs.client().sendMessage({ QueueUrl: queueUrl, MessageBody: 'hello', DelaySeconds: 30 })).toEqual({ MessageId: 'm-1' });
    const [{ request, body }] = sqs.seen as [{ request: IncomingMessage; body: string }];
    expect([request.method, request.url]).toEqual(['POST', '/']);
    expect(request.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sqs\/aws4_request, SignedHeaders=\S*x-amz-target\S*, Signature=[0-9a-f]{64}$/);
    expect(JSON.parse(body)).toEqual({ QueueUrl: queueUrl, MessageBody: 'hello', DelaySeconds: 30 });
  });

  it('retries throttling and server errors, then succeeds; gives up after the attempts allowed', async () => {
    const sqs = await fakeSqs([
      { status: 400, body: { __type: 'com.amazonaws.sqs#ThrottlingException', message: 'Rate exceeded' } },
      { status: 500, body: { __type: 'com.amazonaws.sqs#InternalError', message: 'try again' } },
      { status: 200, body: {} },
    ]);
    await sqs.client().changeMessageVisibility({ QueueUrl: 'q', ReceiptHandle: 'r', VisibilityTimeout: 1 });
    expect(sqs.seen).toHaveLength(3);
    const down = await fakeSqs([{ status: 503, body: { __type: 'com.amazonaws.sqs#ServiceUnavailable', message: 'down' } }]);
    await expect(down.client(2).deleteMessage({ QueueUrl: 'q', ReceiptHandle: 'r' })).rejects.toMatchObject({ code: 'ServiceUnavailable', status: 503 });
    expect(down.seen).toHaveLength(2);
  });

  it('fails a send or a receive whose MD5 is not the body’s, as the SDK client does', async () => {
    const sqs = await fakeSqs([
      { status: 200, body: { MessageId: 'm-1', MD5OfMessageBody: md5('other') } },
      { status: 200, body: { Successful: [{ Id: '0', MessageId: 'm-2', MD5OfMessageBody: md5('a') }, { Id: '1', MessageId: 'm-3', MD5OfMessageBody: md5('x') }], Failed: [] } },
      { status: 200, body: { Messages: [{ MessageId: 'm-4', ReceiptHandle: 'r', Body: 'b', MD5OfBody: md5('c') }] } },
    ]);
    const client = sqs.client();
    await expect(client.sendMessage({ QueueUrl: 'q', MessageBody: 'hello' })).rejects.toMatchObject({ code: 'InvalidChecksum' });
    await expect(client.sendMessageBatch({ QueueUrl: 'q', Entries: [{ Id: '0', MessageBody: 'a' }, { Id: '1', MessageBody: 'b' }] })).rejects.toThrow(/m-3$/);
    await expect(client.receiveMessage({ QueueUrl: 'q' })).rejects.toMatchObject({ code: 'InvalidChecksum' });
  });
});
