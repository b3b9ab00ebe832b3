/**
 * SQS API operations over the emulator, with the request and response shapes
 * of the AWS JSON protocol (`AmazonSQS.<Operation>`), so `@aws-sdk/client-sqs` and the functions' signed
 * SQS calls (functions/commons/clients/sqs.ts) work against it unchanged. Transport lives in http.ts.
 */
import type { LocalSqs } from './broker.ts';
import { SqsError } from './errors.ts';
import type { MessageAttributes } from './md5.ts';
import type { LocalQueue, ReceivedMessage } from './queue.ts';

type Json = Record<string, unknown>;
export type Operation = (sqs: LocalSqs, input: Json, signal: AbortSignal) => Promise<Json> | Json;

/** SQS has accepted messages up to 1 MiB since 2025. */
const maxMessageBytes = 1024 * 1024;
const maxWaitSeconds = 20;

interface JsonAttributeValue {
  DataType?: string;
  StringValue?: string;
  BinaryValue?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (name: string, v: unknown): number | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new SqsError('InvalidParameterValue', `${name} must be an integer`);
  return v;
};
const required = (name: string, v: unknown): string => {
  const s = str(v);
  if (s === undefined) throw new SqsError('MissingParameter', `${name} is required`);
  return s;
};

function attributesIn(raw: unknown): MessageAttributes {
  if (raw === undefined || raw === null) return {};
  const out: MessageAttributes = {};
  for (const [name, value] of Object.entries(raw as Record<string, JsonAttributeValue>)) {
    if (!value.DataType) throw new SqsError('InvalidParameterValue', `message attribute ${name} has no DataType`);
    out[name] = value.BinaryValue !== undefined
      ? { DataType: value.DataType, BinaryValue: Buffer.from(value.BinaryValue, 'base64') }
      : { DataType: value.DataType, StringValue: value.StringValue ?? '' };
  }
  return out;
}

function attributesOut(attributes: MessageAttributes): Record<string, JsonAttributeValue> {
  const out: Record<string, JsonAttributeValue> = {};
  for (const [name, v] of Object.entries(attributes)) {
    out[name] = v.BinaryValue !== undefined
      ? { DataType: v.DataType, BinaryValue: Buffer.from(v.BinaryValue).toString('base64') }
      : { DataType: v.DataType, StringValue: v.StringValue ?? '' };
  }
  return out;
}

function send(queue: LocalQueue, entry: Json) {
  const body = required('MessageBody', entry.MessageBody);
  if (Buffer.byteLength(body) > maxMessageBytes) {
    throw new SqsError('InvalidParameterValue', `MessageBody is longer than ${maxMessageBytes} bytes`);
  }
  const m = queue.send(body, { delaySeconds: int('DelaySeconds', entry.DelaySeconds), attributes: attributesIn(entry.MessageAttributes) });
  return { MessageId: m.id, MD5OfMessageBody: m.md5OfBody, ...(m.md5OfMessageAttributes ? { MD5OfMessageAttributes: m.md5OfMessageAttributes } : {}) };
}

/** Runs one batch entry at a time; an entry's failure is reported, not thrown, as SQS does. */
function batch(input: Json, each: (entry: Json) => Json) {
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0) throw new SqsError('EmptyBatchRequest', 'Entries must not be empty');
  if (entries.length > 10) throw new SqsError('TooManyEntriesInBatchRequest', 'a batch holds at most 10 entries');
  const ids = entries.map((e: Json) => required('Id', e.Id));
  if (new Set(ids).size !== ids.length) throw new SqsError('BatchEntryIdsNotDistinct', 'batch entry ids must be distinct');
  const Successful: Json[] = [];
  const Failed: Json[] = [];
  for (const entry of entries as Json[]) {
    try {
      Successful.push({ Id: entry.Id, ...each(entry) });
    } catch (error) {
      if (!(error instanceof SqsError)) throw error;
      Failed.push({ Id: entry.Id, SenderFault: true, Code: error.queryCode, Message: error.message });
    }
  }
  return { Successful, Failed };
}

function receivedOut(m: ReceivedMessage, input: Json): Json {
  const wantAttributes = [...((input.AttributeNames as string[]) ?? []), ...((input.MessageSystemAttributeNames as string[]) ?? [])];
  const all = wantAttributes.includes('All');
  const attributes = Object.fromEntries(Object.entries(m.Attributes).filter(([k]) => all || wantAttributes.includes(k)));
  const wantMessageAttributes = (input.MessageAttributeNames as string[]) ?? [];
  const messageAttributes = Object.fromEntries(
    Object.entries(m.MessageAttributes ?? {}).filter(
      ([k]) => wantMessageAttributes.some((w) => w === 'All' || w === '.*' || w === k || (w.endsWith('.*') && k.startsWith(w.slice(0, -1)))),
    ),
  );
  return {
    MessageId: m.MessageId,
    ReceiptHandle: m.ReceiptHandle,
    Body: m.Body,
    MD5OfBody: m.MD5OfBody,
    ...(Object.keys(attributes).length ? { Attributes: attributes } : {}),
    ...(Object.keys(messageAttributes).length
      ? { MessageAttributes: attributesOut(messageAttributes), MD5OfMessageAttributes: m.MD5OfMessageAttributes }
      : {}),
  };
}

async function receiveMessage(sqs: LocalSqs, input: Json, signal: AbortSignal): Promise<Json> {
  const queue = sqs.byUrl(str(input.QueueUrl));
  const waitSeconds = int('WaitTimeSeconds', input.WaitTimeSeconds) ?? 0;
  if (waitSeconds < 0 || waitSeconds > maxWaitSeconds) {
    throw new SqsError('InvalidParameterValue', `WaitTimeSeconds must be from 0 to ${maxWaitSeconds}`);
  }
  const options = { max: int('MaxNumberOfMessages', input.MaxNumberOfMessages) ?? 1, visibilityTimeoutSeconds: int('VisibilityTimeout', input.VisibilityTimeout) };
  const deadline = Date.now() + waitSeconds * 1000;
  let messages = queue.receive(options);
  while (messages.length === 0 && Date.now() < deadline && !signal.aborted) {
    await queue.waitForMessages(deadline - Date.now(), signal);
    messages = queue.receive(options);
  }
  return { Messages: messages.map((m) => receivedOut(m, input)) };
}

function queueAttributes(sqs: LocalSqs, queue: LocalQueue): Record<string, string> {
  const counts = queue.counts();
  const s = queue.settings;
  return {
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    VisibilityTimeout: String(s.visibilityTimeoutSeconds),
    DelaySeconds: String(s.delaySeconds),
    MessageRetentionPeriod: String(s.messageRetentionSeconds),
    MaximumMessageSize: String(maxMessageBytes),
    ReceiveMessageWaitTimeSeconds: '0',
    ...(s.redrive
      ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: s.redrive.deadLetterQueue.arn, maxReceiveCount: s.redrive.maxReceiveCount }) }
      : {}),
    ...(sqs.sourcesOf(queue).length ? { RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'allowAll' }) } : {}),
  };
}

export const operations: Record<string, Operation> = {
  GetQueueUrl: (sqs, input) => ({ QueueUrl: sqs.urlOf(sqs.byName(required('QueueName', input.QueueName)).name) }),
  ListQueues: (sqs, input) => ({
    QueueUrls: sqs.list().filter((q) => q.name.startsWith(str(input.QueueNamePrefix) ?? '')).map((q) => sqs.urlOf(q.name)),
  }),
  CreateQueue: (sqs, input) => {
    const attributes = (input.Attributes ?? {}) as Record<string, string>;
    const redrive = attributes.RedrivePolicy ? (JSON.parse(attributes.RedrivePolicy) as { deadLetterTargetArn: string; maxReceiveCount: number | string }) : undefined;
    const queue = sqs.create({
      name: required('QueueName', input.QueueName),
      ...(attributes.VisibilityTimeout ? { visibilityTimeoutSeconds: Number(attributes.VisibilityTimeout) } : {}),
      ...(attributes.DelaySeconds ? { delaySeconds: Number(attributes.DelaySeconds) } : {}),
      ...(attributes.MessageRetentionPeriod ? { messageRetentionSeconds: Number(attributes.MessageRetentionPeriod) } : {}),
      ...(redrive ? { redrive: { deadLetterQueueName: sqs.byArn(redrive.deadLetterTargetArn).name, maxReceiveCount: Number(redrive.maxReceiveCount) } } : {}),
    });
    return { QueueUrl: sqs.urlOf(queue.name) };
  },
  SendMessage: (sqs, input) => send(sqs.byUrl(str(input.QueueUrl)), input),
  SendMessageBatch: (sqs, input) => {
    const queue = sqs.byUrl(str(input.QueueUrl));
    return batch(input, (entry) => send(queue, entry));
  },
  ReceiveMessage: receiveMessage,
  DeleteMessage: (sqs, input) => {
    sqs.byUrl(str(input.QueueUrl)).delete(required('ReceiptHandle', input.ReceiptHandle));
    return {};
  },
  DeleteMessageBatch: (sqs, input) => {
    const queue = sqs.byUrl(str(input.QueueUrl));
    return batch(input, (entry) => (queue.delete(required('ReceiptHandle', entry.ReceiptHandle)), {}));
  },
  ChangeMessageVisibility: (sqs, input) => {
    const timeout = int('VisibilityTimeout', input.VisibilityTimeout);
    if (timeout === undefined) throw new SqsError('MissingParameter', 'VisibilityTimeout is required');
    sqs.byUrl(str(input.QueueUrl)).changeVisibility(required('ReceiptHandle', input.ReceiptHandle), timeout);
    return {};
  },
  ChangeMessageVisibilityBatch: (sqs, input) => {
    const queue = sqs.byUrl(str(input.QueueUrl));
    return batch(input, (entry) => {
      queue.changeVisibility(required('ReceiptHandle', entry.ReceiptHandle), int('VisibilityTimeout', entry.VisibilityTimeout) ?? 0);
      return {};
    });
  },
  GetQueueAttributes: (sqs, input) => {
    const queue = sqs.byUrl(str(input.QueueUrl));
    const names = (input.AttributeNames as string[] | undefined) ?? ['All'];
    const all = queueAttributes(sqs, queue);
    return { Attributes: names.includes('All') ? all : Object.fromEntries(Object.entries(all).filter(([k]) => names.includes(k))) };
  },
  PurgeQueue: (sqs, input) => {
    sqs.byUrl(str(input.QueueUrl)).drain();
    return {};
  },
  StartMessageMoveTask: (sqs, input) => {
    const task = sqs.startMessageMoveTask(required('SourceArn', input.SourceArn), str(input.DestinationArn));
    return { TaskHandle: task.TaskHandle };
  },
  ListMessageMoveTasks: (sqs, input) => ({ Results: sqs.listMoveTasks(required('SourceArn', input.SourceArn)) }),
};
