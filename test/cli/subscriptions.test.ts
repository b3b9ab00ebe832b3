/**
 * `syndicate subscriptions list` and `… test ID`, and `syndicate publishers list`, run as a user runs them (the
 * bin script in a child process) against the real local API server with the
 * real subscriptions handler on DynamoDB Local, and a loopback receiver that
 * verifies the test event with `standardwebhooks`.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../infra/local/api/server.ts';
import { handlerEnvironment } from '../../infra/local/env.ts';
import { loadHandler } from '../../infra/local/functions.ts';
import { startLocalQueues, type LocalQueues } from '../deliver/local-queues.ts';
import { startReceiver, type Receiver } from '../deliver/loopback-receiver.ts';
import { repoRoot } from '../support/shared.ts';
import { useLocalServices } from '../support/services.ts';

const ADMIN = `cli-admin-${randomBytes(6).toString('hex')}`;
let queues: LocalQueues;
let api: ApiServer;
let receiver: Receiver;

beforeAll(async () => {
  const services = await useLocalServices('cli-subscriptions');
  queues = await startLocalQueues();
  Object.assign(
    process.env,
    handlerEnvironment(
      {
        dynamoDbEndpoint: services.dynamoDbEndpoint, s3Endpoint: services.s3Endpoint, sqsEndpoint: queues.endpoint,
        tableName: services.tableName, bucketName: services.bucketName, deliveriesQueueUrl: queues.queueUrl, deliveriesDlqUrl: queues.dlqUrl,
        apiUrl: 'http://127.0.0.1:3000', webhookSecretsKey: randomBytes(32).toString('hex'),
      },
      { SYNDICATE_ADMIN_KEY: ADMIN, POWERTOOLS_LOG_LEVEL: 'CRITICAL' },
    ),
  );
  api = await startApiServer({ port: 0, functions: (name) => loadHandler<APIGatewayProxyEventV2>(name), s3: services.s3, bucket: services.bucketName, readiness: () => ({ all: true }) });
  receiver = await startReceiver();
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await api?.close();
  await queues?.close();
});

function syndicate(args: string[], command = 'subscriptions'): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, SYNDICATE_ADMIN_KEY: '', SYNDICATE_API_KEY: '', SYNDICATE_API_URL: api.url };
    execFile(process.execPath, [join(repoRoot, 'bin', 'syndicate.mjs'), command, ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function post(path: string, body: unknown, key = ADMIN): Promise<Record<string, any>> {
  const res = await fetch(`${api.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as Record<string, any>;
}

describe('syndicate subscriptions', () => {
  it('lists every subscription the key sees, one line each, across pages; a partner key sees its own', async () => {
    const partner = await post('/partners', { id: 'cli-partner', name: 'CLI Partner' });
    const mine = await post('/subscriptions', { url: receiver.url, events: ['article.withdrawn'] }, partner.apiKey);
    const admins = await post('/subscriptions', { url: `${receiver.url}/all`, tags: ['syria'] });

    const all = await syndicate(['list', '--key', ADMIN]);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(`${mine.id}  active  cli-partner  article.withdrawn  *  ${receiver.url}\n`);
    expect(all.stdout).toContain(`${admins.id}  active  -  *  syria  ${receiver.url}/all\n`);

    const own = await syndicate(['list', '--key', partner.apiKey, '--json']);
    expect(JSON.parse(own.stdout).subscriptions.map((s: { id: string }) => s.id)).toEqual([mine.id]);
    expect((await syndicate(['list', '--key', ADMIN, '--limit', '1'])).stdout.trim().split('\n')).toHaveLength(1);
  });

  it('sends a test event and prints the answer; exit 1 when the endpoint does not accept it', async () => {
    const made = await post('/subscriptions', { url: receiver.url });
    receiver.secrets.splice(0, receiver.secrets.length, made.secret);
    const ok = await syndicate(['test', made.id, '--key', ADMIN, '--event', 'article.updated']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^accepted: HTTP 204 in \d+ ms \(article\.updated, webhook-id msg_test_[0-9a-f]+\)$/m);
    expect(receiver.requests.at(-1)!.verifiedBy).toEqual([0]);

    const down = await post('/subscriptions', { url: 'http://127.0.0.1:9/nothing-listens' });
    const failed = await syndicate(['test', down.id, '--key', ADMIN]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^not accepted: no answer/m);
    expect(failed.stdout).toMatch(/^error: connection/m);
  });

  it('says what went wrong: an unknown id, a refused key, no key, a wrong call', async () => {
    const missing = await syndicate(['test', 'sub_nope', '--key', ADMIN]);
    expect(missing).toMatchObject({ code: 1, stderr: 'syndicate subscriptions: 404 subscription_not_found: no subscription sub_nope\n' });
    expect((await syndicate(['list', '--key', 'synd_wrong'])).stderr).toMatch(/401 unauthorized/);
    expect((await syndicate(['list'])).stderr).toMatch(/no key/);
    expect((await syndicate(['list', '--key', ADMIN, '--status', 'sleeping'])).stderr).toMatch(/400 invalid_subscription: status: active or disabled/);
    expect((await syndicate(['frobnicate'])).code).toBe(2);
    expect((await syndicate(['test'])).code).toBe(2);
  });
});

describe('syndicate publishers', () => {
  it('lists the publisher directory, one line each, across pages; only with the admin key', async () => {
    const first = await post('/publishers', { id: 'cli-gazette', name: 'CLI Gazette' });
    await post('/publishers', { id: 'cli-herald', name: 'CLI Herald' });
    const all = await syndicate(['list', '--key', ADMIN], 'publishers');
    expect(all.stderr).toBe('');
    expect(all.stdout).toMatch(/^cli-gazette {2}active {2}key_[0-9a-f]{12} {2}\S+Z {2}CLI Gazette$/m);
    expect(all.stdout).toMatch(/^cli-herald {2}active /m);
    expect(all.stdout).not.toContain(first.apiKey);
    expect((await syndicate(['list', '--key', ADMIN, '--limit', '1', '--json'], 'publishers')).stdout).toContain('"id": "cli-gazette"');
    expect((await syndicate(['list', '--key', first.apiKey], 'publishers'))).toMatchObject({ code: 1, stderr: expect.stringMatching(/403/) });
    expect((await syndicate(['list', '--key', ADMIN, '--limit', '0'], 'publishers')).code).toBe(2);
    expect((await syndicate(['rename'], 'publishers')).code).toBe(2);
  });
});
