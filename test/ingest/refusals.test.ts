import { describe, expect, it } from 'vitest';
import { loggerFor } from '../../functions/commons/observability.ts';
import { readReferenceArticle } from '../support/shared.ts';
import { apiEvent, bodyOf } from './api-event.ts';
import { ingestHarness } from './ingest-harness.ts';

const { handler, post, snapshot, adminKey, services } = await ingestHarness('refusals');

const refusals: { name: string; body: string | Buffer; contentType: string; status: number; code: string }[] = [
  { name: 'an empty body', body: '', contentType: 'text/plain', status: 400, code: 'empty_body' },
  { name: 'a CSV file', body: 'a,b\n1,2\n', contentType: 'text/csv', status: 415, code: 'unsupported_content_type' },
  { name: 'broken JSON', body: '{"headline": "Unclosed', contentType: 'application/json', status: 400, code: 'invalid_json' },
  { name: 'JSON without a body', body: JSON.stringify({ publisher: 'Harbour News', headline: 'Only a headline' }), contentType: 'application/json', status: 422, code: 'invalid_article' },
  { name: 'invalid UTF-8', body: Buffer.from([0x48, 0x61, 0xff, 0xfe, 0x0a]), contentType: 'text/plain', status: 400, code: 'invalid_utf8' },
  { name: 'a body over 1 MiB', body: 'x'.repeat(1024 * 1024 + 1), contentType: 'text/plain', status: 413, code: 'body_too_large' },
];

describe('ingest: refusals leave no trace', () => {
  it.each(refusals)('refuses $name with $status $code and stores nothing', async ({ body, contentType, status, code }) => {
    const before = await snapshot();
    const result = await post(body, contentType);
    expect(result.statusCode, result.body).toBe(status);
    expect(bodyOf<{ error: { code: string; message: string } }>(result).error).toMatchObject({ code, message: expect.any(String) });
    expect(await snapshot()).toEqual(before);
  });
});

describe('ingest: authentication and authorisation', () => {
  it('answers 401 without a key and with an unknown key, storing nothing', async () => {
    const before = await snapshot();
    const missing = await post(readReferenceArticle(), 'text/plain', null);
    expect(missing.statusCode).toBe(401);
    expect(bodyOf<{ error: { code: string } }>(missing).error.code).toBe('unauthorized');
    expect((await post(readReferenceArticle(), 'text/plain', 'synd_wrong')).statusCode).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('issues a publisher key once; it writes its own articles and gets 403 for another publisher\'s', async () => {
    const registered = await handler(apiEvent('POST', '/publishers', { key: adminKey, body: JSON.stringify({ id: 'harbour-news', name: 'Harbour News' }), contentType: 'application/json' }));
    expect(registered.statusCode).toBe(201);
    const { apiKey } = bodyOf<{ id: string; apiKey: string }>(registered);
    expect(apiKey).toMatch(/^synd_/);
    expect(JSON.stringify(await services.scanAll())).not.toContain(apiKey);

    const own = JSON.stringify({ headline: 'Harbour dredging finishes early', body: ['The dredger left on Tuesday.', 'Berths reopen this week.'] });
    const created = await post(own, 'application/json', apiKey);
    expect(created.statusCode, created.body).toBe(201);
    expect(bodyOf<{ publisher: { id: string } }>(created).publisher.id).toBe('harbour-news');

    const before = await snapshot();
    // The reference text names OpsLens on its first line: not this key's publisher.
    const foreign = await post(readReferenceArticle(), 'text/plain', apiKey);
    expect(foreign.statusCode).toBe(403);
    expect(await snapshot()).toEqual(before);

    const opslens = bodyOf<{ id: string }>(await post(readReferenceArticle(), 'text/plain'));
    expect((await handler(apiEvent('DELETE', `/articles/${opslens.id}`, { key: apiKey }))).statusCode).toBe(403);
    expect((await handler(apiEvent('POST', '/publishers', { key: apiKey, body: '{"id":"x","name":"X"}', contentType: 'application/json' }))).statusCode).toBe(403);

    const rotated = await handler(apiEvent('POST', '/publishers/harbour-news/rotate-key', { key: adminKey }));
    expect(rotated.statusCode).toBe(200);
    expect((await post(own, 'application/json', apiKey)).statusCode).toBe(401);
    expect((await post(own, 'application/json', bodyOf<{ apiKey: string }>(rotated).apiKey)).statusCode).toBe(200);
  });

  it('never writes a key into its logs', async () => {
    // At INFO for these two requests, so every line the handler writes is seen (and kept out of the test output).
    const logger = loggerFor('ingest');
    const level = logger.getLevelName();
    const written: string[] = [];
    const original = process.stdout.write;
    process.stdout.write = ((chunk: unknown) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
    logger.setLogLevel('INFO');
    try {
      await post(readReferenceArticle(), 'text/plain', 'synd_secret-that-must-not-appear');
      await post('', 'text/plain', adminKey);
    } finally {
      logger.setLogLevel(level);
      process.stdout.write = original;
    }
    expect(written.join('')).toContain('request refused');
    expect(written.join('')).not.toContain('synd_secret-that-must-not-appear');
    expect(written.join('')).not.toContain(adminKey);
  });
});
