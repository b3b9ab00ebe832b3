/**
 * SQS calls as signed requests in its AWS JSON 1.0 protocol: `POST /` with
 * `content-type: application/x-amz-json-1.0` and `x-amz-target: AmazonSQS.<Operation>`, the queue
 * named by `QueueUrl` in the body (signed-requests.ts says why not `@aws-sdk/client-sqs`: 24 KB of
 * each function's bundle, with its middleware, for three sends and a visibility change). Field names
 * are the API's own. As the SDK client does by default, a send or receive whose answer carries an MD5
 * that is not the body's fails (`InvalidChecksum`).
 *
 * Endpoint from the SDK's own `AWS_ENDPOINT_URL_SQS` (the local runtime's emulator, infra/local/sqs);
 * unset on AWS: `https://sqs.{region}.amazonaws.com`, the host every queue URL of the region names.
 */
import { createHash } from 'node:crypto';
import { Interceptors, type Interceptor } from './interceptors.ts';
import { lazy } from './lazy.ts';
import { AwsCallFailed, endpointFromEnvironment, regionFromEnvironment, SignedRequests } from './signed-requests.ts';

export interface MessageAttributeValue {
  DataType: 'String' | 'Number';
  StringValue: string;
}

export interface MessageToSend {
  MessageBody: string;
  DelaySeconds?: number;
  MessageAttributes?: Record<string, MessageAttributeValue>;
}

export interface SendMessageRequest extends MessageToSend {
  QueueUrl: string;
}

export interface BatchEntry extends MessageToSend {
  /** Unique within the batch; `Failed[]` names an entry by it. */
  Id: string;
}

export interface SendMessageBatchResult {
  Successful: { Id: string; MessageId: string; MD5OfMessageBody: string }[];
  /** Entries SQS refused while accepting the others (the call itself succeeded). */
  Failed: { Id: string; Code: string; SenderFault: boolean; Message?: string }[];
}

export interface ReceivedMessage {
  MessageId: string;
  ReceiptHandle: string;
  Body: string;
  MD5OfBody: string;
  Attributes?: Record<string, string>;
  MessageAttributes?: Record<string, MessageAttributeValue>;
}

export interface ReceiveMessageRequest {
  QueueUrl: string;
  MaxNumberOfMessages?: number;
  WaitTimeSeconds?: number;
  VisibilityTimeout?: number;
}

/** One call as an interceptor sees it: the API operation and its JSON body. */
export interface SqsCall {
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/** Sees a call and passes it on with `next`, or fails it (tests' faults, the cost meter); gets the answer back. */
export type SqsInterceptor = Interceptor<SqsCall, unknown>;

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

export class SqsQueues {
  private readonly interceptors = new Interceptors<SqsCall, unknown>();

  constructor(private readonly requests: SignedRequests) {}

  /** Puts an interceptor around every later call (the first installed is the outermost); returns the function that removes it. */
  intercept(interceptor: SqsInterceptor): () => void {
    return this.interceptors.add(interceptor);
  }

  async sendMessage(request: SendMessageRequest): Promise<{ MessageId: string }> {
    const answer = await this.call<{ MessageId: string; MD5OfMessageBody?: string }>('SendMessage', request);
    if (answer.MD5OfMessageBody !== md5(request.MessageBody)) throw this.checksumFailed('SendMessage', [answer.MessageId]);
    return { MessageId: answer.MessageId };
  }

  /** Up to ten entries; refused entries come back in `Failed`, not as an error. */
  async sendMessageBatch(request: { QueueUrl: string; Entries: BatchEntry[] }): Promise<SendMessageBatchResult> {
    const answer = await this.call<Partial<SendMessageBatchResult>>('SendMessageBatch', request);
    const result: SendMessageBatchResult = { Successful: answer.Successful ?? [], Failed: answer.Failed ?? [] };
    const bodies = new Map(request.Entries.map((entry) => [entry.Id, entry.MessageBody]));
    const corrupt = result.Successful.filter((entry) => entry.MD5OfMessageBody !== md5(bodies.get(entry.Id) ?? ''));
    if (corrupt.length > 0) throw this.checksumFailed('SendMessageBatch', corrupt.map((entry) => entry.MessageId));
    return result;
  }

  async changeMessageVisibility(request: { QueueUrl: string; ReceiptHandle: string; VisibilityTimeout: number }): Promise<void> {
    await this.call('ChangeMessageVisibility', request);
  }

  async receiveMessage(request: ReceiveMessageRequest): Promise<ReceivedMessage[]> {
    const { Messages = [] } = await this.call<{ Messages?: ReceivedMessage[] }>('ReceiveMessage', request);
    const corrupt = Messages.filter((message) => message.MD5OfBody !== md5(message.Body));
    if (corrupt.length > 0) throw this.checksumFailed('ReceiveMessage', corrupt.map((message) => message.MessageId));
    return Messages;
  }

  async deleteMessage(request: { QueueUrl: string; ReceiptHandle: string }): Promise<void> {
    await this.call('DeleteMessage', request);
  }

  private async call<T = unknown>(operation: string, input: object): Promise<T> {
    return (await this.interceptors.run({ operation, input: input as Record<string, unknown> }, (call) => this.request(call))) as T;
  }

  private async request({ operation, input }: SqsCall): Promise<unknown> {
    const { body } = await this.requests.sendJson(operation, 'AmazonSQS', input);
    const text = Buffer.from(body).toString('utf8');
    return text ? (JSON.parse(text) as unknown) : {};
  }

  private checksumFailed(operation: string, messageIds: string[]): AwsCallFailed {
    return new AwsCallFailed(operation, 'InvalidChecksum', 200, `MD5 of the body does not match on messages ${messageIds.join(', ')}`);
  }
}

/** One per container, from the environment the SDK clients read. */
export const sqsQueues = lazy(() => new SqsQueues(new SignedRequests({ service: 'sqs', region: regionFromEnvironment(), ...endpointFromEnvironment('SQS') })));
