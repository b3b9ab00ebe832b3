/**
 * Stands in for `@aws-sdk/checksums/sha` in the Lambda bundles (see `bundleAliases` in bundling.ts). Only
 * the S3 client imports it, for its `Sha1` (the SHA-1 flexible checksum, used when an object carries one).
 * The package's `Sha1` picks node:crypto or a pure-JavaScript fallback at run time, so both are bundled
 * although Node always has SHA-1; this is the node:crypto one alone, with the same interface (hash or
 * HMAC, `update`, async `digest`, `reset`). ~3 KB of each S3 function.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

type Data = string | ArrayBuffer | ArrayBufferView;

const bytesOf = (data: Data): string | Buffer =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

export class Sha1 {
  readonly digestLength = 20;
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
    return this.secret ? createHmac('sha1', bytesOf(this.secret)) : createHash('sha1');
  }
}
