/**
 * Stands in for `@aws-sdk/checksums/sha` in the Lambda bundles (see `bundleAliases` in bundling.ts). Only
 * the S3 client imports it, for its `Sha1` (the SHA-1 flexible checksum, used when an object carries one).
 * The package's `Sha1` picks node:crypto or a pure-JavaScript fallback at run time, so both are bundled
 * although Node always has SHA-1; this is the node:crypto one alone, with the same interface (hash or
 * HMAC, `update`, async `digest`, `reset`). ~3 KB of each S3 function.
 */
import { nodeHashClass } from '#commons/clients/node-hash.ts';

export const Sha1 = nodeHashClass('sha1', 20);
