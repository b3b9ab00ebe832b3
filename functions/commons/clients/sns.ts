/**
 * SNS's Publish as one signed request in its query protocol: `POST /` with the form
 * `Action=Publish&Version=2010-03-31&TopicArn=…&Message=…&Subject=…`, answered in XML (signed-requests.ts
 * says why not `@aws-sdk/client-sns`: 21 KB of deliver's bundle, with an XML parser, for one call). Deliver
 * publishes operator notices to the alarm topic with it; unused locally (no topic there). Endpoint from
 * the SDK's own `AWS_ENDPOINT_URL_SNS`; unset on AWS: `https://sns.{region}.amazonaws.com`.
 */
import { lazy } from './lazy.ts';
import { endpointFromEnvironment, regionFromEnvironment, SignedRequests, xmlElementOf, xmlErrorOf } from './signed-requests.ts';

export interface PublishRequest {
  TopicArn: string;
  Message: string;
  /** For e-mail subscribers; at most 100 characters. */
  Subject?: string;
}

/** RFC 3986 escaping of a form field, as the SDK's query serialiser writes it (`!'()*` escaped too, spaces as `%20`). */
const escape = (value: string): string => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export class SnsTopics {
  constructor(private readonly requests: SignedRequests) {}

  /** The message id SNS gave the message. */
  async publish({ TopicArn, Message, Subject }: PublishRequest): Promise<{ MessageId: string }> {
    const fields: [string, string][] = [['Action', 'Publish'], ['Version', '2010-03-31'], ['TopicArn', TopicArn], ['Message', Message]];
    if (Subject !== undefined) fields.push(['Subject', Subject]);
    const { body } = await this.requests.send(
      'Publish',
      {
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from(fields.map(([name, value]) => `${name}=${escape(value)}`).join('&')),
      },
      xmlErrorOf,
    );
    return { MessageId: xmlElementOf(Buffer.from(body).toString('utf8'), 'MessageId') ?? '' };
  }
}

/** One per container, from the environment the SDK clients read. */
export const snsTopics = lazy(() => new SnsTopics(new SignedRequests({ service: 'sns', region: regionFromEnvironment(), ...endpointFromEnvironment('SNS') })));
