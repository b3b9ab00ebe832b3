/**
 * MinHash signatures (Broder 1997): for each of `SIGNATURE_SIZE` hash
 * functions, the smallest hash over an article's shingles. Two signatures
 * agree at one position with probability equal to the Jaccard similarity of
 * the shingle sets, so the share of agreeing positions estimates it (standard
 * error about 0.044 at 128 positions). The hash functions are one 32-bit mixer
 * (murmur3's finaliser) applied to the shingle hash xor a fixed per-position
 * seed: deterministic across containers and versions, which stored signatures need.
 *
 * Stored signatures keep the low 16 bits of each minimum (b-bit MinHash, Li and
 * König 2010): 256 bytes instead of 512, and two different minima agree by
 * chance once in 65,536, far below the estimate's own error.
 */
export const SIGNATURE_SIZE = 128;

const SEEDS = Uint32Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix(0x9e3779b9 ^ Math.imul(i + 1, 0x85ebca6b)));

export function minhash(shingles: Uint32Array): Uint32Array {
  const signature = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const shingle of shingles) {
    for (let i = 0; i < SIGNATURE_SIZE; i += 1) {
      const value = mix(shingle ^ (SEEDS[i] as number));
      if (value < (signature[i] as number)) signature[i] = value;
    }
  }
  return signature;
}

/** The stored form: low 16 bits of each minimum, little-endian, base64 (344 characters). */
export function encodeSignature(signature: Uint32Array): string {
  const bytes = new Uint8Array(signature.length * 2);
  for (const [i, value] of signature.entries()) {
    bytes[2 * i] = value & 0xff;
    bytes[2 * i + 1] = (value >>> 8) & 0xff;
  }
  return Buffer.from(bytes).toString('base64');
}

export function decodeSignature(encoded: string): Uint16Array {
  const bytes = Buffer.from(encoded, 'base64');
  const values = new Uint16Array(bytes.length >> 1);
  for (let i = 0; i < values.length; i += 1) values[i] = (bytes[2 * i] as number) | ((bytes[2 * i + 1] as number) << 8);
  return values;
}

/** Estimated Jaccard similarity of two stored signatures: the share of positions that agree. */
export function estimatedSimilarity(a: Uint16Array, b: Uint16Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let same = 0;
  for (let i = 0; i < n; i += 1) if (a[i] === b[i]) same += 1;
  return same / n;
}

/** Low 16 bits, as stored. */
export function storedForm(signature: Uint32Array): Uint16Array {
  return Uint16Array.from(signature, (value) => value & 0xffff);
}

function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
