/**
 * One AWS API call as a signed HTTP request: SigV4 (sigv4.ts), the credentials Lambda gives every
 * function, one kept-alive exchange (http-exchange.ts) and the SDK's standard retry mode
 * (standard-retry.ts: 3 attempts, backoff with jitter, retry capacity). The calls built on it
 * (dynamo-documents.ts, s3-objects.ts, sqs.ts, sns.ts, secret-values.ts, schedules.ts) are each one request
 * whose wire form AWS documents.
 *
 * Why not the SDK clients: a client bundles its service's whole model (schemas of every operation,
 * endpoint rules, a protocol's (de)serialiser): for S3 ~130 KB, for DynamoDB ~130 KB with the shared
 * client machinery, for Secrets Manager 29 KB, for Scheduler 38 KB, for SQS 24 KB, compiled at every
 * cold start, for one to a dozen calls each. Why not the SDK's signer, credential chain and HTTP
 * handler, which this used until no function had an SDK client left: with their shared modules they
 * were ~50 KB of every bundle for what these few files do.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { exchange } from './http-exchange.ts';
import { signedHeaders, type Credentials } from './sigv4.ts';
import { RetryCapacity, retryableKind } from './standard-retry.ts';

/** AWS refused a call: the error code (`AccessDenied`, `ConflictException`, ...) and HTTP status it sent. */
export class AwsCallFailed extends Error {
  constructor(
    readonly operation: string,
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(`${operation} failed: ${status} ${code}: ${message}`);
    this.name = 'AwsCallFailed';
  }
}

export interface SignedRequestsOptions {
  /** The signing name (`s3`, `secretsmanager`, `scheduler`). */
  service: string;
  region: string;
  /** e.g. `http://127.0.0.1:4569`; unset on AWS: `https://{service}.{region}.amazonaws.com`. */
  endpoint?: string;
  credentials?: AwsCredentialIdentityProvider;
  /** The SDK's default is 3 attempts (standard mode). */
  maxAttempts?: number;
  /** S3 signs its path as sent; every other service escapes it once more (SigV4's default). */
  uriEscapePath?: boolean;
}

export interface OutgoingRequest {
  method: string;
  /** Escaped already, from the endpoint's root. */
  path: string;
  /** Host name to send to instead of the endpoint's (S3's virtual-hosted buckets). */
  hostname?: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** How a service spells an error: its code and message, from a failed answer. */
export type ErrorReader = (answer: Answer) => { code: string; message: string };

/** JSON services: code in `x-amzn-errortype` or the body's `__type`/`code` (namespace and URI stripped). */
export const jsonErrorOf: ErrorReader = (answer) => {
  let body: { __type?: string; code?: string; message?: string; Message?: string } = {};
  try {
    body = JSON.parse(Buffer.from(answer.body).toString('utf8')) as typeof body;
  } catch {
    // an empty or non-JSON body: the status is all there is
  }
  const raw = answer.headers['x-amzn-errortype'] ?? body.__type ?? body.code ?? `Http${answer.status}`;
  return { code: raw.split(':')[0]!.split('#').at(-1)!, message: body.message ?? body.Message ?? 'no message' };
};

/** The text of an XML answer's first `<name>` element (no attributes, no nesting: what AWS's error documents hold). */
export const xmlElementOf = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/**
 * XML services (S3, and the query protocol's SNS): `<Error><Code>…</Code><Message>…</Message></Error>`, wrapped
 * in `<ErrorResponse>` by the query protocol. An answer without a body (a HEAD's) is named by its status as the
 * SDK names it: a 404 is `NotFound`, any other status only its number (`Http403`).
 */
export const xmlErrorOf: ErrorReader = (answer) => {
  const text = Buffer.from(answer.body).toString('utf8');
  const code = xmlElementOf(text, 'Code') ?? (answer.status === 404 ? 'NotFound' : `Http${answer.status}`);
  return { code, message: xmlElementOf(text, 'Message') ?? (text || 'no message') };
};

/** Credentials from the environment, where Lambda puts the function's role's (and the local runtime its own). */
export const environmentCredentials = async (): Promise<Credentials> => {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (!accessKeyId || !secretAccessKey) throw new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set: AWS calls are signed with the credentials Lambda sets');
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the retry classification reads of a failure: an AWS refusal's code and status, or a network error's name and code. */
const shapeOf = (error: unknown) =>
  error instanceof AwsCallFailed ? { name: error.code, status: error.status } : { name: (error as Error | undefined)?.name, code: (error as { code?: string } | undefined)?.code };

export class SignedRequests {
  private readonly credentials: AwsCredentialIdentityProvider;
  private readonly retries: RetryCapacity;
  private readonly scope: { service: string; region: string; uriEscapePath: boolean };
  readonly base: URL;

  constructor(options: SignedRequestsOptions) {
    this.credentials = options.credentials ?? environmentCredentials;
    this.retries = new RetryCapacity(options.maxAttempts ?? 3);
    this.scope = { service: options.service, region: options.region, uriEscapePath: options.uriEscapePath ?? true };
    this.base = new URL(options.endpoint ?? `https://${options.service}.${options.region}.amazonaws.com`);
  }

  /**
   * One call of an AWS JSON protocol service (DynamoDB and SQS speak 1.0, Secrets Manager 1.1): `POST /`
   * with the operation named in `x-amz-target` as `<targetPrefix>.<operation>`, the input as the body.
   */
  sendJson(operation: string, targetPrefix: string, input: unknown, errorOf: ErrorReader = jsonErrorOf, version: '1.0' | '1.1' = '1.0'): Promise<Answer> {
    return this.send(
      operation,
      {
        method: 'POST',
        path: '/',
        headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': `${targetPrefix}.${operation}` },
        body: Buffer.from(JSON.stringify(input)),
      },
      errorOf,
    );
  }

  /** Sends the request, retrying throttling and transient failures; any other failure is an `AwsCallFailed`. */
  async send(operation: string, request: OutgoingRequest, errorOf: ErrorReader): Promise<Answer> {
    let lastRetryCost: number | undefined;
    for (let attempts = 1; ; attempts += 1) {
      try {
        const answer = await this.sendOnce(operation, request, errorOf);
        this.retries.recordSuccess(lastRetryCost);
        return answer;
      } catch (error) {
        const retry = this.retries.nextDelay(retryableKind(shapeOf(error)), attempts);
        if (!retry) throw error; // not retryable, or attempts or retry capacity used up: the last failure is the answer
        lastRetryCost = retry.cost;
        await sleep(retry.delayMs);
      }
    }
  }

  private async sendOnce(operation: string, outgoing: OutgoingRequest, errorOf: ErrorReader): Promise<Answer> {
    const hostname = outgoing.hostname ?? this.base.hostname;
    const host = this.base.port ? `${hostname}:${this.base.port}` : hostname;
    const body = outgoing.body;
    const path = `${this.base.pathname.replace(/\/$/, '')}${outgoing.path}`;
    const unsigned = { host, ...outgoing.headers, ...(body ? { 'content-length': String(body.byteLength) } : {}) };
    const headers = signedHeaders({ method: outgoing.method, path, headers: unsigned, ...(body ? { body } : {}) }, this.scope, await this.credentials(), new Date());
    const answer = await exchange({ protocol: this.base.protocol, hostname, ...(this.base.port ? { port: this.base.port } : {}), path, method: outgoing.method, headers, ...(body ? { body } : {}) });
    if (answer.status >= 300) {
      const { code, message } = errorOf(answer);
      throw new AwsCallFailed(operation, code, answer.status, message);
    }
    return answer;
  }
}

/** The region every call is signed for (Lambda always sets AWS_REGION). */
export function regionFromEnvironment(): string {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('AWS_REGION is not set: AWS calls are signed for a region');
  return region;
}

/** The endpoint the SDK's clients would use: `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`; unset on AWS. */
export const endpointFromEnvironment = (serviceEnvName: string): { endpoint?: string } => {
  const endpoint = process.env[`AWS_ENDPOINT_URL_${serviceEnvName}`] ?? process.env.AWS_ENDPOINT_URL;
  return endpoint ? { endpoint } : {};
};
