import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { readSharedJson } from '../../support/shared.ts';
import { InvalidSecret, secretFromBytes, secretKey, signRequest, signature, verifyRequest } from '#core/webhooks/signer.ts';

interface Vectors {
  symmetric: { name: string; secret: string; msg_id: string; timestamp: number; payload: string; expected_signature: string }[];
  negative: { invalid_signatures: string[]; decoy_signatures_for_multi_sig_header: string[]; timestamp_tolerance_seconds: number };
}
const vectors = readSharedJson<Vectors>('webhooks', 'vectors.json');
const first = vectors.symmetric[0]!;

describe('Standard Webhooks signer', () => {
  it.each(vectors.symmetric)('reproduces the published vector: $name', (v) => {
    expect(signature(v.secret, v.msg_id, v.timestamp, v.payload)).toBe(v.expected_signature);
    const headers = signRequest({ id: v.msg_id, timestamp: v.timestamp, body: v.payload, secrets: [v.secret] });
    expect(headers).toEqual({ 'webhook-id': v.msg_id, 'webhook-timestamp': String(v.timestamp), 'webhook-signature': v.expected_signature });
  });

  it('agrees with the standardwebhooks package signing the same message', () => {
    for (const v of vectors.symmetric) {
      expect(new Webhook(v.secret).sign(v.msg_id, new Date(v.timestamp * 1000), v.payload)).toBe(signature(v.secret, v.msg_id, v.timestamp, v.payload));
    }
  });

  it('signs with every secret in grace, space-separated, current first', () => {
    const other = secretFromBytes(new Uint8Array(32).fill(7));
    const h = signRequest({ id: first.msg_id, timestamp: first.timestamp, body: first.payload, secrets: [other, first.secret] });
    const parts = h['webhook-signature'].split(' ');
    expect(parts).toHaveLength(2);
    expect(parts[1]).toBe(first.expected_signature);
    for (const secret of [other, first.secret]) {
      expect(verifyRequest({ headers: h, body: first.payload, secret }, first.timestamp)).toBe(true);
    }
  });

  it.each(vectors.negative.invalid_signatures)('rejects the invalid signature %s', (bad) => {
    const headers = { 'webhook-id': first.msg_id, 'webhook-timestamp': String(first.timestamp), 'webhook-signature': bad };
    expect(verifyRequest({ headers, body: first.payload, secret: first.secret }, first.timestamp)).toBe(false);
  });

  it('finds the valid signature among decoys, and rejects decoys alone', () => {
    const decoys = vectors.negative.decoy_signatures_for_multi_sig_header;
    const base = { 'webhook-id': first.msg_id, 'webhook-timestamp': String(first.timestamp) };
    const withValid = { ...base, 'webhook-signature': [...decoys, first.expected_signature].join(' ') };
    expect(verifyRequest({ headers: withValid, body: first.payload, secret: first.secret }, first.timestamp)).toBe(true);
    const onlyDecoys = { ...base, 'webhook-signature': decoys.join(' ') };
    expect(verifyRequest({ headers: onlyDecoys, body: first.payload, secret: first.secret }, first.timestamp)).toBe(false);
  });

  it('rejects a timestamp outside the tolerance and a tampered body', () => {
    const tolerance = vectors.negative.timestamp_tolerance_seconds;
    const headers = signRequest({ id: first.msg_id, timestamp: first.timestamp, body: first.payload, secrets: [first.secret] });
    expect(verifyRequest({ headers, body: first.payload, secret: first.secret }, first.timestamp + tolerance + 1)).toBe(false);
    expect(verifyRequest({ headers, body: first.payload, secret: first.secret }, first.timestamp - tolerance - 1)).toBe(false);
    expect(verifyRequest({ headers, body: `${first.payload} `, secret: first.secret }, first.timestamp)).toBe(false);
  });

  it('formats 24–64 random bytes as a whsec_ secret and refuses other sizes or shapes', () => {
    const secret = secretFromBytes(new Uint8Array(32).fill(1));
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(secretKey(secret)).toHaveLength(32);
    expect(() => secretFromBytes(new Uint8Array(16))).toThrow(InvalidSecret);
    expect(() => secretFromBytes(new Uint8Array(65))).toThrow(InvalidSecret);
    expect(() => secretKey('sk_abc')).toThrow(/whsec_/);
    expect(() => secretKey('whsec_')).toThrow(InvalidSecret);
    expect(() => signRequest({ id: 'x', timestamp: 1, body: '', secrets: [] })).toThrow(InvalidSecret);
  });
});
