/**
 * One AWS API call as a signed HTTP request, made with the pinned SDK's own parts: its SigV4 signer,
 * credential chain, Node HTTP handler, error classification and standard retry strategy (3 attempts,
 * backoff with jitter, retry capacity). The calls built on it (s3-objects.ts, sqs.ts, secret-values.ts,
 * schedules.ts, dynamo-documents.ts) are each one request whose wire form AWS documents.
 *
 * Why not the SDK clients: a client bundles its service's whole model (schemas of every operation,
 * endpoint rules, a protocol's (de)serialiser): for S3 ~130 KB, for Secrets Manager 29 KB, for
 * Scheduler 38 KB, for DynamoDB (with lib-dynamodb) ~115 KB of ingest's bundle, for SQS 24 KB of
 * publish's, subscriptions' and deliver's, compiled at every cold start, for one to nine calls each. The
 * libraries that sign plain requests (aws4fetch, aws-lite) bring a second signer and credential handling
 * beside the SDK's parts these use.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from './node-hash.ts';
import { isThrottlingError, isTransientError, StandardRetryStrategy } from '@smithy/core/retry';
import { HttpRequest, type HttpResponse } from '@smithy/core/transport';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider, SdkError } from '@smithy/types';

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

/** The SDK's own classification (what its retry middleware asks); undefined: not worth retrying, as the SDK would not. */
function retryableType(error: unknown): 'THROTTLING' | 'TRANSIENT' | undefined {
  const shape: SdkError =
    error instanceof AwsCallFailed ? ({ name: error.code, message: error.message, $metadata: { httpStatusCode: error.status } } as SdkError) : (error as SdkError);
  if (isThrottlingError(shape)) return 'THROTTLING';
  if (isTransientError(shape)) return 'TRANSIENT';
  return undefined;
}

export class SignedRequests {
  private readonly signer: SignatureV4;
  private readonly http = new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 });
  private readonly retry: StandardRetryStrategy;
  readonly base: URL;

  constructor(options: SignedRequestsOptions) {
    this.signer = new SignatureV4({
      service: options.service,
      region: options.region,
      credentials: options.credentials ?? defaultProvider(),
      sha256: Sha256,
      uriEscapePath: options.uriEscapePath ?? true,
    });
    this.retry = new StandardRetryStrategy(options.maxAttempts ?? 3);
    this.base = new URL(options.endpoint ?? `https://${options.service}.${options.region}.amazonaws.com`);
  }

  /** Sends the request, retrying throttling and transient failures; any other failure is an `AwsCallFailed`. */
  async send(operation: string, request: OutgoingRequest, errorOf: ErrorReader): Promise<Answer> {
    let token = await this.retry.acquireInitialRetryToken(operation);
    for (;;) {
      try {
        const answer = await this.sendOnce(operation, request, errorOf);
        this.retry.recordSuccess(token);
        return answer;
      } catch (error) {
        const errorType = retryableType(error);
        if (!errorType) throw error;
        try {
          token = await this.retry.refreshRetryTokenForRetry(token, { errorType }); // waits the backoff
        } catch {
          throw error; // attempts or retry capacity used up: the last failure is the answer
        }
      }
    }
  }

  private async sendOnce(operation: string, outgoing: OutgoingRequest, errorOf: ErrorReader): Promise<Answer> {
    const hostname = outgoing.hostname ?? this.base.hostname;
    const host = this.base.port ? `${hostname}:${this.base.port}` : hostname;
    const body = outgoing.body;
    const request = new HttpRequest({
      protocol: this.base.protocol,
      hostname,
      ...(this.base.port ? { port: Number(this.base.port) } : {}),
      method: outgoing.method,
      path: `${this.base.pathname.replace(/\/$/, '')}${outgoing.path}`,
      headers: { host, ...outgoing.headers, ...(body ? { 'content-length': String(body.byteLength) } : {}) },
      ...(body ? { body } : {}),
    });
    const signed = await this.signer.sign(request);
    const { response } = await this.http.handle(signed as HttpRequest);
    const answer: Answer = { status: response.statusCode, headers: response.headers, body: await streamCollector((response as HttpResponse).body) };
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
