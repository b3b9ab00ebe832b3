/**
 * SNS's Publish as a signed form request, against a loopback server that answers as SNS does: the form
 * is the one the SDK's SNS client sends (byte for byte, to the same server), signed for sns; the message
 * id is read from the XML answer; a refusal is named by SNS's error code; throttling and server errors
 * are retried as the SDK's standard strategy does.
 */
import type { IncomingMessage } from 'node:http';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { AwsCallFailed, SignedRequests } from '#commons/clients/signed-requests.ts';
import { SnsTopics } from '#commons/clients/sns.ts';
import { scriptedAws, type ScriptedAnswer, type ScriptedAws } from '../../support/scripted-aws.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'local-secret' };
const topicArn = 'arn:aws:sns:eu-west-1:111111111111:qa-syndicate-alarms';
const published = (id: string) => `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>`;
const refused = (status: number, code: string, message: string) => ({
  status,
  body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-2</RequestId></ErrorResponse>`,
});

const servers: ScriptedAws[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

/** A loopback SNS answering each request with the next of `answers`; records what it was sent. */
async function fakeSns(answers: ScriptedAnswer[]) {
  const sns = await scriptedAws(answers, 'text/xml');
  servers.push(sns);
  const topics = (maxAttempts = 3) => new SnsTopics(new SignedRequests({ service: 'sns', region: 'eu-west-1', endpoint: sns.endpoint, credentials: async () => credentials, maxAttempts }));
  return { ...sns, topics };
}

describe('SNS Publish as a signed form request', () => {
  it('posts the form the SDK client posts, signed for sns, and reads the message id', async () => {
    const sns = await fakeSns([{ status: 200, body: published('m-ours') }, { status: 200, body: published('m-sdk') }]);
    const message = JSON.stringify({ type: 'operator.endpoint.disabled', reason: "410 Gone: *it's* (really) gone ~ 100% & more" }, null, 2);
    const subject = 'Webhook endpoint disabled: sub_1 + ü';
    expect(await sns.topics().publish({ TopicArn: topicArn, Message: message, Subject: subject })).toEqual({ MessageId: 'm-ours' });
    const sdk = new SNSClient({ endpoint: sns.endpoint, region: 'eu-west-1', credentials });
    expect((await sdk.send(new PublishCommand({ TopicArn: topicArn, Message: message, Subject: subject }))).MessageId).toBe('m-sdk');
    sdk.destroy();

    const [ours, theirs] = sns.seen as [{ request: IncomingMessage; body: string }, { request: IncomingMessage; body: string }];
    expect(Object.fromEntries(new URLSearchParams(ours.body))).toEqual({ Action: 'Publish', Version: '2010-03-31', TopicArn: topicArn, Message: message, Subject: subject });
    // Each field escaped exactly as the SDK escapes it (the order of fields is free).
    expect(ours.body.split('&').sort()).toEqual(theirs.body.split('&').sort());
    expect([ours.request.method, ours.request.url]).toEqual(['POST', '/']);
    expect(ours.request.headers['content-type']).toBe(theirs.request.headers['content-type']);
    expect(ours.request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sns\/aws4_request, SignedHeaders=\S*host\S*, Signature=[0-9a-f]{64}$/);
  });

  it('names a refusal by SNS’s error code, without retrying it', async () => {
    const sns = await fakeSns([refused(404, 'NotFound', 'Topic does not exist')]);
    const error = await sns.topics().publish({ TopicArn: topicArn, Message: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallFailed);
    expect(error).toMatchObject({ operation: 'Publish', code: 'NotFound', status: 404 });
    expect(sns.seen).toHaveLength(1);
  });

  it('retries throttling and server errors, then succeeds; gives up after the attempts allowed', async () => {
    const sns = await fakeSns([refused(400, 'Throttling', 'Rate exceeded'), refused(500, 'InternalError', 'try again'), { status: 200, body: published('m-3') }]);
    expect(await sns.topics().publish({ TopicArn: topicArn, Message: 'x' })).toEqual({ MessageId: 'm-3' });
    expect(sns.seen).toHaveLength(3);
    const down = await fakeSns([refused(503, 'ServiceUnavailable', 'down')]);
    await expect(down.topics(2).publish({ TopicArn: topicArn, Message: 'x' })).rejects.toMatchObject({ code: 'ServiceUnavailable', status: 503 });
    expect(down.seen).toHaveLength(2);
  });
});
