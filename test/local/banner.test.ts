/** The start banner tells the truth about the settings the handlers run with. */
import { describe, expect, it } from 'vitest';
import { banner } from '../../infra/local/banner.ts';
import type { RuntimeInfo } from '../../infra/local/runtime-info.ts';

const info = { apiUrl: 'http://127.0.0.1:3000', sqsEndpoint: 'http://127.0.0.1:4000', deliveriesQueueUrl: 'http://127.0.0.1:4000/q' } as RuntimeInfo;

describe('start banner', () => {
  it('says whether loopback webhook targets are allowed, as configured', () => {
    expect(banner(info, '.local', {})).toMatch(/loopback targets allowed \(ALLOW_LOOPBACK_WEBHOOKS\)/);
    expect(banner(info, '.local', { ALLOW_LOOPBACK_WEBHOOKS: 'false' })).toMatch(/loopback targets refused \(ALLOW_LOOPBACK_WEBHOOKS\)/);
  });
});
