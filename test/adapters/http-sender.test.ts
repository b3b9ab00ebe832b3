import { describe, expect, it } from 'vitest';
import { createHttpSender, type Resolver } from '#adapters/http-sender.ts';
import { signRequest, secretFromBytes } from '#core/webhooks/signer.ts';
import { receiversClosedAfterEach } from '../deliver/loopback-receiver.ts';

const local = { allowLoopback: true };
const production = { allowLoopback: false };
const secret = secretFromBytes(new Uint8Array(32).map((_, i) => i * 7));
const receiver = receiversClosedAfterEach();

const signed = (url: string, body = '{"type":"article.published"}') => ({
  url,
  body,
  headers: { ...signRequest({ id: 'msg_test', timestamp: Math.floor(Date.now() / 1000), body, secrets: [secret] }) },
});

describe('HTTP sender', () => {
  it('POSTs a request that the standardwebhooks package verifies on a real receiver', async () => {
    const r = await receiver(undefined, [secret]);
    const result = await createHttpSender({ policy: local }).send(signed(r.url));
    expect(result).toMatchObject({ kind: 'response', status: 204 });
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]!.verifiedBy).toEqual([0]);
    expect(r.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('keeps only the first 1 KB of the answer', async () => {
    const r = await receiver((_q, _i, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('x'.repeat(200_000)));
    const result = await createHttpSender({ policy: local }).send(signed(r.url));
    expect(result).toMatchObject({ kind: 'response', status: 500 });
    expect(result.kind === 'response' && result.responsePrefix.length).toBe(1024);
  });

  it('passes Retry-After through for the retry policy', async () => {
    const r = await receiver((_q, _i, res) => res.writeHead(429, { 'retry-after': '120' }).end());
    expect(await createHttpSender({ policy: local }).send(signed(r.url))).toMatchObject({ status: 429, retryAfter: '120' });
  });

  it('never follows a redirect, even to another allowed receiver', async () => {
    const target = await receiver();
    const r = await receiver((_q, _i, res) => res.writeHead(302, { location: target.url }).end());
    expect(await createHttpSender({ policy: local }).send(signed(r.url))).toMatchObject({ kind: 'response', status: 302 });
    expect(target.requests).toHaveLength(0);
  });

  it('gives up at the deadline and says it timed out', async () => {
    const r = await receiver(() => undefined);
    const result = await createHttpSender({ policy: local, timeoutMs: 300 }).send(signed(r.url));
    expect(result).toMatchObject({ kind: 'error', error: 'timeout' });
  });

  it('reports a refused connection as a connection error', async () => {
    const r = await receiver();
    const url = r.url;
    await r.close();
    expect(await createHttpSender({ policy: local }).send(signed(url))).toMatchObject({ kind: 'error', error: 'connection' });
  });

  it('reports an unknown name as a DNS error', async () => {
    const result = await createHttpSender({ policy: production }).send(signed('https://no-such-host.invalid/hook'));
    expect(result).toMatchObject({ kind: 'error', error: 'dns' });
  });

  it('refuses a target the policy forbids without connecting', async () => {
    const r = await receiver();
    const result = await createHttpSender({ policy: production }).send(signed(r.url));
    expect(result).toMatchObject({ kind: 'error', error: 'refused_address', message: '127.0.0.1 is a loopback address' });
    expect(r.requests).toHaveLength(0);
  });

  it('judges the resolved address at connect time: a public-looking name pointing at metadata is refused', async () => {
    const resolve: Resolver = async () => [{ address: '169.254.169.254', family: 4 }];
    const result = await createHttpSender({ policy: production, resolve }).send(signed('https://169.254.169.254.nip.io/'));
    expect(result).toMatchObject({ kind: 'error', error: 'refused_address' });
    expect(result.kind === 'error' && result.message).toMatch(/metadata/);
  });

  it('refuses a rebinding answer that mixes public and loopback addresses, and never reaches the receiver', async () => {
    const r = await receiver();
    const port = new URL(r.url).port;
    const resolve: Resolver = async () => [{ address: '93.184.215.14', family: 4 }, { address: '127.0.0.1', family: 4 }];
    const result = await createHttpSender({ policy: production, resolve }).send(signed(`https://rebind.example.com:${port}/hook`));
    expect(result).toMatchObject({ kind: 'error', error: 'refused_address' });
    expect(r.requests).toHaveLength(0);
  });

  it('connects through the guarded lookup when the answer is allowed (localhost, loopback configured)', async () => {
    const r = await receiver(undefined, [secret]);
    const resolve: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const url = r.url.replace('127.0.0.1', 'localhost');
    expect(await createHttpSender({ policy: local, resolve }).send(signed(url))).toMatchObject({ kind: 'response', status: 204 });
    expect(r.requests[0]!.verifiedBy).toEqual([0]);
  });
});
