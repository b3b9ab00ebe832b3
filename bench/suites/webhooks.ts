/**
 * `webhooks.signaturesPerSec`: Standard Webhooks signatures over 2 KB bodies,
 * beside a plain HMAC-SHA256 of the same bytes (the floor: signing should
 * cost little more than the MAC itself). `webhooks.fanoutSeconds` needs the
 * local SQS endpoint (issue 7) and is reported as pending until it exists.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { secretFromBytes, signRequest } from '#core/webhooks/signer.ts';

function perSecond(work: () => void, minMs = 1000): number {
  for (let i = 0; i < 2000; i++) work();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    for (let i = 0; i < 500; i++) work();
    n += 500;
  }
  return n / ((performance.now() - start) / 1000);
}

export async function run(): Promise<Record<string, number | string>> {
  const secret = secretFromBytes(randomBytes(32));
  const key = randomBytes(32);
  const body = JSON.stringify({ type: 'article.published', data: { summary: 'x'.repeat(2000) } }).slice(0, 2048);
  const id = 'msg_2Kq8n0x1bQ9mZ0p3r4s5t6u7v8w';
  const timestamp = 1_740_000_000;
  const signed = perSecond(() => signRequest({ id, timestamp, body, secrets: [secret] }));
  const baseline = perSecond(() => createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64'));
  const rotating = perSecond(() => signRequest({ id, timestamp, body, secrets: [secret, secret] }));
  return {
    'webhooks.signaturesPerSec': Math.round(signed),
    'webhooks.signaturesPerSec.baselineHmacPerSec': Math.round(baseline),
    'webhooks.signaturesPerSec.ratioToHmac': signed / baseline,
    'webhooks.signaturesPerSec.duringRotation': Math.round(rotating),
    'webhooks.fanoutSeconds': 'pending: needs the local SQS endpoint (issue 7)',
  };
}
