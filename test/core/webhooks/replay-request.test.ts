import { describe, expect, it } from 'vitest';
import { MAX_DELIVERY_ID_CHARS, ReplayRequest } from '#core/webhooks/replay-request.ts';

const accepts = (body: unknown) => ReplayRequest.safeParse(body).success;

describe('the replay request body', () => {
  it('names one delivery by its webhook-id', () => {
    expect(accepts({ deliveryId: 'msg_2QJ8e0x-abc_1' })).toBe(true);
    expect(accepts({ deliveryId: 'x'.repeat(MAX_DELIVERY_ID_CHARS) })).toBe(true);
  });

  it('or everything since a time that carries its zone', () => {
    expect(accepts({ since: '2026-12-01T09:00:00Z' })).toBe(true);
    expect(accepts({ since: '2026-12-01T09:00:00.250+01:00' })).toBe(true);
  });

  it('refuses a time without a zone, a bare date and words a clock would guess at', () => {
    for (const since of ['2026-12-01T09:00:00', '2026-12-01', 'yesterday', 'Tue, 01 Dec 2026 09:00:00 GMT', 1764579600000]) {
      expect(accepts({ since }), String(since)).toBe(false);
    }
  });

  it('refuses ids we could never have issued', () => {
    for (const deliveryId of ['', 'x'.repeat(MAX_DELIVERY_ID_CHARS + 1), 'msg 1', 'msg/1', '../1', 42]) {
      expect(accepts({ deliveryId }), String(deliveryId)).toBe(false);
    }
  });

  it('takes exactly one of the two, and nothing else', () => {
    expect(accepts({})).toBe(false);
    expect(accepts({ deliveryId: 'msg_1', since: '2026-12-01T09:00:00Z' })).toBe(false);
    expect(accepts({ since: '2026-12-01T09:00:00Z', all: true })).toBe(false);
    expect(accepts(null)).toBe(false);
  });
});
