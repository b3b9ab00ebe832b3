import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devAdminKey } from '../../infra/local/env.ts';
import { localQueueDefinitions, localQueueNames } from '../../infra/local/queues.ts';
import type { RuntimeInfo } from '../../infra/local/runtime-info.ts';
import { LocalSqs } from '../../infra/local/sqs/broker.ts';
import { serveSqs, type SqsEndpoint } from '../../infra/local/sqs/http.ts';
import { repoRoot } from '../support/shared.ts';
import { useLocalServices, type TestServices } from '../support/services.ts';

/**
 * `syndicate invoke` in a child process against real services: the test's
 * DynamoDB Local table and s3rver bucket plus an SQS emulator, recorded in a
 * runtime.json exactly as `npm start` records them.
 */
let services: TestServices;
let sqsEndpoint: SqsEndpoint;
const dataDir = mkdtempSync(join(tmpdir(), 'invoke-test-'));
const serverAdminKey = devAdminKey;

beforeAll(async () => {
  services = await useLocalServices('invoke-cli');
  const sqs = new LocalSqs();
  sqs.define(localQueueDefinitions('local', [1]));
  sqsEndpoint = await serveSqs(sqs);
  const names = localQueueNames('local');
  const info: RuntimeInfo = {
    pid: process.pid,
    apiUrl: 'http://127.0.0.1:3000',
    sqsEndpoint: sqsEndpoint.url,
    dynamoDbEndpoint: services.dynamoDbEndpoint,
    s3Endpoint: services.s3Endpoint,
    tableName: services.tableName,
    bucketName: services.bucketName,
    deliveriesQueueUrl: sqs.urlOf(names.deliveries),
    deliveriesDlqUrl: sqs.urlOf(names.deliveriesDlq),
    settings: { SYNDICATE_ADMIN_KEY: serverAdminKey, WEBHOOK_RETRY_SCHEDULE: '1,2,3', ALLOW_LOOPBACK_WEBHOOKS: 'true' },
  };
  writeFileSync(join(dataDir, 'runtime.json'), JSON.stringify(info));
});
afterAll(() => sqsEndpoint.close());

function invoke(args: string[], localDir = dataDir, shell: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'bin', 'syndicate.mjs'), 'invoke', ...args],
      { cwd: repoRoot, env: { ...process.env, SYNDICATE_LOCAL_DIR: localDir, SYNDICATE_ADMIN_KEY: '', ...shell } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('syndicate invoke', () => {
  it('runs the subscriptions handler on an API event against the running services and prints its result', async () => {
    const eventFile = join(dataDir, 'post-subscription.json');
    writeFileSync(eventFile, JSON.stringify({
      version: '2.0',
      routeKey: 'POST /subscriptions',
      rawPath: '/subscriptions',
      rawQueryString: '',
      headers: { authorization: `Bearer ${devAdminKey}`, 'content-type': 'application/json' },
      requestContext: { http: { method: 'POST', path: '/subscriptions', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' }, requestId: 'r1', routeKey: 'POST /subscriptions', stage: '$default' },
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hook' }),
      isBase64Encoded: false,
    }));
    const result = await invoke(['subscriptions', eventFile]);
    expect(result.stderr).not.toContain('failed');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { statusCode: number; body: string };
    expect(printed.statusCode).toBe(201);
    const { id } = JSON.parse(printed.body) as { id: string };
    const items = await services.scanAll();
    expect(items.some((item) => String(item.pk).includes(id))).toBe(true);
  });

  it('runs the deliver handler on the sample SQS event', async () => {
    const result = await invoke(['deliver', join(repoRoot, 'events', 'sqs', 'delivery.json')]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty('batchItemFailures');
  });

  it('prints the handlers environment as shell exports for other commands', async () => {
    const result = await invoke(['--env']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`export TABLE_NAME='${services.tableName}'`);
    expect(result.stdout).toContain(`export AWS_ENDPOINT_URL_SQS='${sqsEndpoint.url}'`);
    expect(result.stdout).toMatch(/^export DELIVERIES_DLQ_URL='http/m);
  });

  it("prints the running server's settings, not the calling shell's", async () => {
    const result = await invoke(['--env'], dataDir, { WEBHOOK_RETRY_SCHEDULE: '99', ALLOW_LOOPBACK_WEBHOOKS: 'false', SYNDICATE_ADMIN_KEY: 'shell-key' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("export WEBHOOK_RETRY_SCHEDULE='1,2,3'");
    expect(result.stdout).toContain("export ALLOW_LOOPBACK_WEBHOOKS='true'");
    expect(result.stdout).toContain(`export SYNDICATE_ADMIN_KEY='${serverAdminKey}'`);
    expect(result.stdout).not.toContain('shell-key');
  });

  it('says how to start the runtime when none is running, and names unknown functions', async () => {
    const none = await invoke(['deliver', join(repoRoot, 'events', 'sqs', 'delivery.json')], mkdtempSync(join(tmpdir(), 'no-runtime-')));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('npm start');
    const unknown = await invoke(['render', 'x.json']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown function "render"');
  });
});
