import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  QueueDoesNotExist,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSqs } from '../../../infra/local/sqs/broker.ts';
import { serveSqs, type SqsEndpoint } from '../../../infra/local/sqs/http.ts';

let sqs: LocalSqs;
let endpoint: SqsEndpoint;
let client: SQSClient;

beforeAll(async () => {
  sqs = new LocalSqs();
  sqs.define([
    { name: 'jobs-dlq' },
    { name: 'jobs', visibilityTimeoutSeconds: 30, redrive: { deadLetterQueueName: 'jobs-dlq', maxReceiveCount: 1 } },
  ]);
  endpoint = await serveSqs(sqs);
  // Exactly how the handlers build theirs: the endpoint comes from configuration, the rest is stock.
  client = new SQSClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  client.destroy();
  await endpoint.close();
});

const urlOf = async (QueueName: string) => (await client.send(new GetQueueUrlCommand({ QueueName }))).QueueUrl!;

describe('the SQS JSON endpoint, driven by @aws-sdk/client-sqs', () => {
  it('resolves queue URLs and answers QueueDoesNotExist for unknown queues', async () => {
    expect(await urlOf('jobs')).toBe(`${endpoint.url}/000000000000/jobs`);
    await expect(client.send(new GetQueueUrlCommand({ QueueName: 'nope' }))).rejects.toBeInstanceOf(QueueDoesNotExist);
  });

  it('is reached through AWS_ENDPOINT_URL_SQS alone, as the handlers configure it', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_SQS;
    process.env.AWS_ENDPOINT_URL_SQS = endpoint.url;
    const fromEnv = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      const { QueueUrl } = await fromEnv.send(new GetQueueUrlCommand({ QueueName: 'jobs-dlq' }));
      expect(QueueUrl).toBe(`${endpoint.url}/000000000000/jobs-dlq`);
    } finally {
      fromEnv.destroy();
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SQS;
      else process.env.AWS_ENDPOINT_URL_SQS = saved;
    }
  });

  it('sends with attributes and receives with matching checksums (the SDK verifies MD5OfBody)', async () => {
    const QueueUrl = await urlOf('jobs');
    const sent = await client.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: '{"café":"☕"}',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'delivery' },
          blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 254]) },
        },
      }),
    );
    const received = await client.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }),
    );
    const [m] = received.Messages ?? [];
    expect(m?.MessageId).toBe(sent.MessageId);
    expect(m?.Body).toBe('{"café":"☕"}');
    expect(m?.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(m?.MessageAttributes?.kind?.StringValue).toBe('delivery');
    expect([...(m?.MessageAttributes?.blob?.BinaryValue ?? [])]).toEqual([0, 1, 254]);
    expect(m?.Attributes?.ApproximateReceiveCount).toBe('1');
    await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m!.ReceiptHandle! }));
    await expect(client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m!.ReceiptHandle! }))).rejects.toBeInstanceOf(
      ReceiptHandleIsInvalid,
    );
  });

  it('reports per-entry results for SendMessageBatch', async () => {
    const QueueUrl = await urlOf('jobs');
    const result = await client.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          { Id: 'b', MessageBody: 'two', DelaySeconds: 901 },
        ],
      }),
    );
    expect(result.Successful?.map((s) => s.Id)).toEqual(['a']);
    expect(result.Failed).toEqual([expect.objectContaining({ Id: 'b', Code: 'InvalidParameterValue', SenderFault: true })]);
    const received = await client.send(new ReceiveMessageCommand({ QueueUrl }));
    await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: received.Messages![0]!.ReceiptHandle! }));
  });

  it('long-polls until a message arrives', async () => {
    const QueueUrl = await urlOf('jobs');
    const waiting = client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }));
    setTimeout(() => void client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'late' })), 50);
    const received = await waiting;
    expect(received.Messages?.[0]?.Body).toBe('late');
    await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: received.Messages![0]!.ReceiptHandle! }));
  });

  it('dead-letters after maxReceiveCount, counts it in GetQueueAttributes, and redrives with StartMessageMoveTask', async () => {
    const QueueUrl = await urlOf('jobs');
    const dlqUrl = await urlOf('jobs-dlq');
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'poison' }));
    const first = await client.send(new ReceiveMessageCommand({ QueueUrl }));
    // Releasing it at once stands in for the visibility timeout running out.
    await client.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: first.Messages![0]!.ReceiptHandle!, VisibilityTimeout: 0 }));
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages ?? []).toEqual([]);

    const dlqAttributes = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['All'] }));
    expect(dlqAttributes.Attributes?.ApproximateNumberOfMessages).toBe('1');
    const sourceAttributes = await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['RedrivePolicy'] }));
    expect(JSON.parse(sourceAttributes.Attributes!.RedrivePolicy!)).toEqual({ deadLetterTargetArn: sqs.arnOf('jobs-dlq'), maxReceiveCount: 1 });

    const task = await client.send(new StartMessageMoveTaskCommand({ SourceArn: sqs.arnOf('jobs-dlq') }));
    expect(task.TaskHandle).toBeTruthy();
    const tasks = await client.send(new ListMessageMoveTasksCommand({ SourceArn: sqs.arnOf('jobs-dlq') }));
    expect(tasks.Results?.[0]).toMatchObject({ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 1 });
    const back = await client.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(back.Messages?.[0]).toMatchObject({ Body: 'poison', Attributes: { ApproximateReceiveCount: '1' } });
    await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: back.Messages![0]!.ReceiptHandle! }));
  });
});
