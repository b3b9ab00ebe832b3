/**
 * Failures of S3 or DynamoDB part-way through a write, injected by a client
 * middleware (DynamoDB) or on the S3 calls' instance: the request fails, nothing of it stays visible in the table or
 * the bucket, and sending it again succeeds exactly once.
 */
import { describe, expect, it } from 'vitest';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { s3Objects } from '#commons/clients/s3-objects.ts';
import { failNthCall, failNthObjectCall } from '../support/faults.ts';
import { readReferenceArticle } from '../support/shared.ts';
import { apiEvent, bodyOf } from './api-event.ts';
import { ingestHarness } from './ingest-harness.ts';

const { handler, post, snapshot, adminKey, services } = await ingestHarness('faults');

const article = (n: number) =>
  JSON.stringify({
    publisher: 'Harbour News',
    headline: `Harbour lights restored, section ${n}`,
    body: [`Section ${n} of the harbour wall is lit again.`, 'The council thanked volunteers.'],
  });

async function expectFailureLeavesNoTraceThenRetrySucceeds(body: string, inject: () => () => void) {
  const before = await snapshot();
  const uninstall = inject();
  let failed;
  try {
    failed = await post(body, 'application/json');
  } finally {
    uninstall();
  }
  expect(failed.statusCode).toBe(500);
  expect(bodyOf<{ error: { code: string } }>(failed).error.code).toBe('internal_error');
  expect(await snapshot()).toEqual(before);

  const retried = await post(body, 'application/json');
  expect(retried.statusCode, retried.body).toBe(201);
  const again = await post(body, 'application/json');
  expect(again.statusCode).toBe(200);
  expect(bodyOf<{ id: string }>(again).id).toBe(bodyOf<{ id: string }>(retried).id);
}

describe('ingest under injected faults', () => {
  it.each([1, 2, 3])('S3 failing on put %i of a version leaves nothing behind', async (n) => {
    await expectFailureLeavesNoTraceThenRetrySucceeds(article(n), () => failNthObjectCall(s3Objects(services.bucketName), 'putObject', n));
  });

  it('DynamoDB failing on the transaction leaves nothing behind', async () => {
    await expectFailureLeavesNoTraceThenRetrySucceeds(article(10), () => failNthCall(documentClient(), /TransactWrite/, 1));
  });

  it('a failed correction leaves version 1 as it was', async () => {
    const { id } = bodyOf<{ id: string }>(await post(article(20), 'application/json'));
    const before = await snapshot();
    const uninstall = failNthCall(documentClient(), /TransactWrite/, 1);
    const corrected = article(20).replace('volunteers', 'the volunteers');
    let failed;
    try {
      failed = await handler(apiEvent('PUT', `/articles/${id}`, { key: adminKey, body: corrected, contentType: 'application/json' }));
    } finally {
      uninstall();
    }
    expect(failed.statusCode).toBe(500);
    expect(await snapshot()).toEqual(before);
    const retried = await handler(apiEvent('PUT', `/articles/${id}`, { key: adminKey, body: corrected, contentType: 'application/json' }));
    expect(bodyOf<{ version: number }>(retried).version).toBe(2);
  });
});

describe('ingest under concurrency', () => {
  it('20 concurrent posts of the same article make exactly one article', async () => {
    const body = readReferenceArticle();
    const results = await Promise.all(Array.from({ length: 20 }, () => post(body, 'text/plain')));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201), JSON.stringify(results.filter((r) => r.statusCode !== 201 && r.statusCode !== 200))).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    const ids = new Set(results.map((r) => bodyOf<{ id: string }>(r).id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    const { items, keys } = await snapshot();
    expect(items.filter((i) => i.pk === `ARTICLE#${id}`).map((i) => i.sk).sort()).toEqual(['LATEST', 'V#000001']);
    expect(keys.filter((k) => k.includes(id!))).toHaveLength(3);
    const stored = items.find((i) => i.pk === `ARTICLE#${id}` && i.sk === 'LATEST')!;
    expect(stored.version).toBe(1);
    const saved = await services.s3.send(new GetObjectCommand({ Bucket: services.bucketName, Key: `articles/${id}/v1.json` }));
    expect(JSON.parse(await saved.Body!.transformToString())).toMatchObject({ id, version: 1, fingerprint: stored.fingerprint, updatedAt: stored.updatedAt });
  });
});
