import { Sha256 as Theirs } from '@smithy/core/checksum';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sha256 } from '#commons/clients/node-hash.ts';

interface Hasher {
  update(data: string | Uint8Array): void;
  digest(): Promise<Uint8Array>;
  reset(): void;
}

describe('the SHA-256 our signed requests sign with', () => {
  it('digests hashes and HMACs exactly as the SDK’s own, across reset', async () => {
    const chunks = fc.array(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 64 })), { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(fc.option(fc.string({ minLength: 1 }), { nil: undefined }), chunks, chunks, async (secret, first, second) => {
        const run = async (hash: Hasher) => {
          for (const chunk of first) hash.update(chunk);
          const once = Buffer.from(await hash.digest()).toString('hex');
          hash.reset();
          for (const chunk of second) hash.update(chunk);
          return [once, Buffer.from(await hash.digest()).toString('hex')];
        };
        expect(await run(new Sha256(secret))).toEqual(await run(new Theirs(secret)));
      }),
      { numRuns: 200 },
    );
  });

  it('reads a plain hash twice with the same answer, and refuses to extend a finished HMAC', async () => {
    const hash = new Sha256();
    hash.update('abc');
    const first = await hash.digest();
    expect(Buffer.from(await hash.digest())).toEqual(Buffer.from(first));
    expect(Buffer.from(first).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const hmac = new Sha256('key');
    hmac.update('abc');
    await hmac.digest();
    expect(() => hmac.update('more')).toThrow(/finished/);
  });
});
