/**
 * The SDK's hash interface (hash or HMAC, `update`, async `digest`, `reset`) on node:crypto alone.
 * The SDK's own classes pick node:crypto or a pure-JavaScript fallback when their module loads
 * (hashing once at import to find out), so the fallback is bundled and the probe runs at every cold
 * start, although Node always has these algorithms. Used by the signer of our signed requests
 * (SHA-256).
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

type Data = string | ArrayBuffer | ArrayBufferView;

export interface NodeHash {
  readonly digestLength: number;
  update(data: Data): void;
  digest(): Promise<Uint8Array>;
  reset(): void;
}

export type NodeHashClass = new (secret?: Data) => NodeHash;

const bytesOf = (data: Data): string | Buffer =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

export function nodeHashClass(algorithm: 'sha1' | 'sha256', digestLength: number): NodeHashClass {
  return class implements NodeHash {
    readonly digestLength = digestLength;
    private hash: Hash | Hmac;
    private finished = false;

    constructor(private readonly secret?: Data) {
      this.hash = this.fresh();
    }

    update(data: Data): void {
      if (this.finished) throw new Error('Attempted to update an already finished hash.');
      this.hash.update(bytesOf(data));
    }

    /** A plain hash can be read again (it digests a copy); an HMAC is finished by its digest. */
    async digest(): Promise<Uint8Array> {
      let out: Buffer;
      if (this.secret) {
        this.finished = true;
        out = this.hash.digest();
      } else {
        out = (this.hash as Hash).copy().digest();
      }
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    }

    reset(): void {
      this.hash = this.fresh();
      this.finished = false;
    }

    private fresh(): Hash | Hmac {
      return this.secret ? createHmac(algorithm, bytesOf(this.secret)) : createHash(algorithm);
    }
  };
}

export const Sha256 = nodeHashClass('sha256', 32);
