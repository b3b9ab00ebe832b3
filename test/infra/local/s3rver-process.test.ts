import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3ClientFor } from '../../../infra/local/services.ts';
import { startS3rverProcess } from '../../../infra/local/s3rver-process.ts';
import { isRunning } from '../../support/is-running.ts';

const until = async (check: () => boolean, timeoutMs = 10_000) => {
  const giveUp = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > giveUp) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('s3rver in a child process (the cost run keeps its CPU out of the handlers\' measure)', () => {
  const dir = mkdtempSync(join(tmpdir(), 's3rver-child-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves S3 from another process, hands its object events over, and is gone after close', async () => {
    const s3rver = await startS3rverProcess(dir);
    const seen: Array<{ eventName?: string; s3?: { object?: { key?: string; size?: number } } }> = [];
    s3rver.events.on('event', (event: { Records?: typeof seen }) => seen.push(...(event.Records ?? [])));
    try {
      expect(s3rver.pid).not.toBe(process.pid);
      expect(isRunning(s3rver.pid)).toBe(true);
      const s3 = s3ClientFor(`http://127.0.0.1:${s3rver.port}`);
      await s3.send(new CreateBucketCommand({ Bucket: 'child' }));
      await s3.send(new PutObjectCommand({ Bucket: 'child', Key: 'inbox/a story.txt', Body: 'twelve bytes' }));
      await until(() => seen.length > 0);
      expect(seen).toEqual([expect.objectContaining({ eventName: 'ObjectCreated:Put', s3: expect.objectContaining({ object: expect.objectContaining({ key: 'inbox/a story.txt', size: 12 }) }) })]);
      const got = await s3.send(new GetObjectCommand({ Bucket: 'child', Key: 'inbox/a story.txt' }));
      expect(await got.Body!.transformToString()).toBe('twelve bytes');
      s3.destroy();
    } finally {
      await s3rver.close();
      await s3rver.close();
    }
    expect(isRunning(s3rver.pid)).toBe(false);
  });
});
