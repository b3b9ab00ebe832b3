/**
 * DynamoDB through our own signed requests (signed-requests.ts), in place of the SDK's document client.
 *
 * Why: the SDK's DynamoDB client brings its service model, endpoint rules, protocol (de)serialisers
 * and client machinery, ~130 KB of ingest's bundle that every cold start parses, for a wire protocol
 * that is one JSON POST (AWS JSON 1.0): `x-amz-target: DynamoDB_20120810.<Action>`, the action's input
 * as the body, an error as `{"__type": "...#Code", "message": ...}`. Signing, credentials, retries
 * (throttling, `ProvisionedThroughputExceededException` included, and transient 5xx) and error
 * classification are the SDK's own parts, as for the other signed calls.
 *
 * The commands keep lib-dynamodb's names and shapes (dynamo-commands.ts), marshalled as it does
 * (dynamo-marshalling.ts), its errors by name and class (dynamo-errors.ts). `intercept` replaces the
 * SDK's middleware stack for the two things that hooked it: faults injected by tests and the cost meter.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { DynamoCommand } from './dynamo-commands.ts';
import { dynamoDbErrorOf } from './dynamo-errors.ts';
import { fromWire, toWire } from './dynamo-marshalling.ts';
import { AwsCallFailed, jsonErrorOf, SignedRequests, type Answer, type ErrorReader } from './signed-requests.ts';

/** A request body or answer in DynamoDB's own JSON (items as AttributeValue maps). */
export type WireJson = Record<string, unknown>;

/** One call as an interceptor sees it: lib-dynamodb's command name, the API action, the body to send. */
export interface DynamoCall {
  readonly command: string;
  readonly operation: string;
  readonly input: WireJson;
}

/** Sees a call and passes it on (possibly changed) with `next`, or fails it; gets the wire answer back. */
export type Interceptor = (call: DynamoCall, next: (call: DynamoCall) => Promise<WireJson>) => Promise<WireJson>;

export interface DynamoDocumentsOptions {
  region: string;
  /** e.g. `http://127.0.0.1:8000` (DynamoDB Local); unset on AWS: `https://dynamodb.{region}.amazonaws.com`. */
  endpoint?: string;
  credentials?: AwsCredentialIdentityProvider;
  /** The SDK's default is 3 attempts. */
  maxAttempts?: number;
}

const decoder = new TextDecoder();

export class DynamoDocuments {
  private readonly requests: SignedRequests;
  private interceptors: readonly Interceptor[] = [];

  constructor(options: DynamoDocumentsOptions) {
    this.requests = new SignedRequests({ service: 'dynamodb', ...options });
  }

  /** Sends a document command: its input marshalled, its answer unmarshalled; a refusal is a `DynamoDbError`. */
  async send<Input extends object, Output extends object>(command: DynamoCommand<Input, Output>): Promise<Output> {
    const call: DynamoCall = { command: command.name, operation: command.operation, input: toWire(command.input) as WireJson };
    return fromWire(await this.through(this.interceptors, call)) as Output;
  }

  /**
   * Puts an interceptor around every later `send` (the first installed is the outermost); returns the
   * function that removes it. Calls already under way keep the interceptors they started with.
   */
  intercept(interceptor: Interceptor): () => void {
    this.interceptors = [...this.interceptors, interceptor];
    return () => {
      this.interceptors = this.interceptors.filter((installed) => installed !== interceptor);
    };
  }

  /** One action with a body already in wire form, past every interceptor (the cost meter's own look-ups). */
  async request(operation: string, input: WireJson): Promise<WireJson> {
    // The reader keeps the refused answer: a cancelled transaction's reasons are in its body.
    let refused: Answer | undefined;
    const errorOf: ErrorReader = (answer) => ((refused = answer), jsonErrorOf(answer));
    try {
      const answer = await this.requests.sendJson(operation, 'DynamoDB_20120810', input, errorOf);
      return answer.body.byteLength > 0 ? (JSON.parse(decoder.decode(answer.body)) as WireJson) : {};
    } catch (error) {
      if (!(error instanceof AwsCallFailed) || !refused) throw error;
      const { message } = jsonErrorOf(refused);
      throw dynamoDbErrorOf(error.code, message, error.status, bodyOf(refused));
    }
  }

  private through(interceptors: readonly Interceptor[], call: DynamoCall): Promise<WireJson> {
    const [first, ...rest] = interceptors;
    return first ? first(call, (next) => this.through(rest, next)) : this.request(call.operation, call.input);
  }
}

function bodyOf(answer: Answer): WireJson {
  try {
    return JSON.parse(decoder.decode(answer.body)) as WireJson;
  } catch {
    return {}; // a proxy's HTML page, an empty 5xx: the code and status are all there is
  }
}
