/**
 * Bodies as clients encode them: `Content-Encoding: gzip` is decoded (and a
 * bomb refused once its output passes 1 MiB), other encodings and binary
 * content types are 415, broken gzip is 400. Every refusal stores nothing.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { apiEvent, bodyOf } from './api-event.ts';
import { ingestHarness } from './ingest-harness.ts';

const { handler, snapshot, adminKey } = await ingestHarness('encodings');
const text = 'OpsLens\n\nEngineers reopen the bridge below the dam\n\nThe first convoys crossed within the hour.';
const post = (body: Buffer, contentType: string, contentEncoding?: string) =>
  handler(apiEvent('POST', '/articles', { key: adminKey, body, contentType, ...(contentEncoding ? { headers: { 'content-encoding': contentEncoding } } : {}) }));

describe('ingest: content encodings and binary bodies', () => {
  it('decodes a gzip body and reads it as the text it is', async () => {
    const result = await post(gzipSync(text), 'text/plain', 'gzip');
    expect(result.statusCode, result.body).toBe(201);
    expect(bodyOf<{ headline: string }>(result).headline).toBe('Engineers reopen the bridge below the dam');
  });

  const refusals = [
    { name: 'a gzip bomb (64 MiB of zeros in 64 KB)', body: gzipSync(Buffer.alloc(64 * 1024 * 1024)), type: 'text/plain', encoding: 'gzip', status: 413, code: 'body_too_large' },
    { name: 'brotli', body: Buffer.from(text), type: 'text/plain', encoding: 'br', status: 415, code: 'unsupported_content_encoding' },
    { name: 'gzip twice', body: gzipSync(gzipSync(text)), type: 'text/plain', encoding: 'gzip, gzip', status: 415, code: 'unsupported_content_encoding' },
    { name: 'bytes that are not gzip', body: Buffer.from(text), type: 'text/plain', encoding: 'gzip', status: 400, code: 'invalid_content_encoding' },
    { name: 'a PDF as application/pdf', body: Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0xe2, 0xe3, 0xcf, 0xd3]), type: 'application/pdf', status: 415, code: 'unsupported_content_type' },
    { name: 'binary as application/octet-stream', body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff]), type: 'application/octet-stream', status: 415, code: 'unsupported_content_type' },
  ];

  it.each(refusals)('refuses $name with $status $code, storing nothing', async ({ body, type, encoding, status, code }) => {
    const before = await snapshot();
    const result = await post(body, type, encoding);
    expect(result.statusCode, result.body).toBe(status);
    expect(bodyOf<{ error: { code: string } }>(result).error.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });
});
