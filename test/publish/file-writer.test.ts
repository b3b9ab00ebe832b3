/**
 * The file writer judges "unchanged" by the stored media type and the bytes, and stores each file
 * under the type CloudFront compresses (functions/publish/edge-media-types.ts).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileWriter, fileHash } from '../../functions/publish/file-writer.ts';
import type { FeedFile, FeedFileStore, FileHashes } from '../../functions/publish/ports.ts';

function memoryFiles(): FeedFileStore & { stored: FeedFile[] } {
  const stored: FeedFile[] = [];
  return { stored, storedHash: async () => undefined, write: async (file) => void stored.push(file) };
}

const atom = { key: 'feeds/all.atom', body: '<feed xmlns="http://www.w3.org/2005/Atom"/>', contentType: 'application/atom+xml; charset=utf-8' };

describe('the file writer', () => {
  it('stores Atom as application/xml (charset kept), once; the same file again is left alone', async () => {
    const files = memoryFiles();
    const writer = new FileWriter(files, 'public, max-age=60');
    const hashes: FileHashes = {};
    expect(await writer.write(atom, (key) => hashes[key], hashes)).toBe(true);
    expect(files.stored).toEqual([{ ...atom, contentType: 'application/xml; charset=utf-8', cacheControl: 'public, max-age=60', hash: fileHash('application/xml; charset=utf-8', atom.body) }]);
    expect(await writer.write(atom, (key) => hashes[key], hashes)).toBe(false);
    expect(files.stored).toHaveLength(1);
    expect(writer.unchanged).toBe(1);
  });

  it('writes again a file whose bytes are the same but which was stored under another type (hashed by its bytes alone, before)', async () => {
    const files = memoryFiles();
    const writer = new FileWriter(files, 'public, max-age=60');
    const before: FileHashes = { [atom.key]: createHash('sha256').update(atom.body).digest('hex') };
    const hashes: FileHashes = { ...before };
    expect(await writer.write(atom, (key) => before[key], hashes)).toBe(true);
    expect(files.stored.map((f) => f.contentType)).toEqual(['application/xml; charset=utf-8']);
    expect(hashes[atom.key]).not.toBe(before[atom.key]);
  });
});
