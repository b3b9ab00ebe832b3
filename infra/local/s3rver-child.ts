/**
 * The child process behind `startS3rverProcess` (s3rver-process.ts): s3rver on a free loopback port over
 * the directory given as its one argument, with the same atomic object writes as in-process
 * (atomic-object-store.ts). It tells its parent the port, then hands each of s3rver's object events
 * over the IPC channel, and exits when the parent disconnects (or dies), so it is never left behind.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { makeObjectWritesAtomic, type FilesystemStore } from './atomic-object-store.ts';

/** What the child tells its parent: its port once listening, then each object event. */
export type S3rverChildMessage = { ready: number } | { event: unknown } | { failed: string };

interface S3rverInstance {
  store: FilesystemStore;
  on(name: 'event', listener: (event: unknown) => void): void;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: { address: string; port: number; silent: boolean; directory: string }) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

const tell = (message: S3rverChildMessage) => process.send?.(message);
const directory = process.argv[2];
if (!directory || !process.send) {
  console.error('s3rver-child: run by startS3rverProcess, with the data directory as its argument');
  process.exit(2);
}

const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
makeObjectWritesAtomic(s3.store);
s3.on('event', (event) => tell({ event }));
process.once('disconnect', () => void s3.close().finally(() => process.exit(0)));
s3.run().then(
  (address) => tell({ ready: address.port }),
  (error: unknown) => {
    tell({ failed: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);
