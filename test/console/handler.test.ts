/**
 * The console function: the built files (infra/console-bundle.ts, run here
 * for real) served with their types and a policy that admits nothing inline
 * and nothing from elsewhere; no path outside the built files; 304 on a
 * matching ETag; 503, saying why, where the files were never built.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, consoleFiles } from '../../infra/console-bundle.ts';
import { loadAssets } from '../../functions/console/assets.ts';
import { contentSecurityPolicy, createConsoleHandler, fileNameOf } from '../../functions/console/handler.ts';

const event = (rawPath: string, headers: Record<string, string> = {}) => ({ rawPath, headers }) as unknown as APIGatewayProxyEventV2;

describe('the console function', () => {
  let dir: string;
  let serve: ReturnType<typeof createConsoleHandler>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'syndicate-console-assets-'));
    await buildConsole(dir);
    const assets = loadAssets(dir);
    serve = createConsoleHandler(() => assets);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds exactly the page, its script and its style sheet', () => {
    expect([...loadAssets(dir).keys()].sort()).toEqual([...consoleFiles].sort());
  });

  it('serves the page at /console with a policy allowing only its own script, styles and API', async () => {
    const page = await serve(event('/console'));
    expect(page.statusCode).toBe(200);
    expect(page.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
    expect(page.headers!['content-security-policy']).toBe(contentSecurityPolicy);
    expect(contentSecurityPolicy.split('; ')).toEqual(expect.arrayContaining(["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]));
    expect(contentSecurityPolicy).not.toMatch(/unsafe-|\*|https?:/);
    expect(String(page.body)).toContain('src="/console/app.js"');
  });

  it('serves the script and styles with their types', async () => {
    expect((await serve(event('/console/app.js'))).headers).toMatchObject({ 'content-type': 'text/javascript; charset=utf-8' });
    expect((await serve(event('/console/app.css'))).headers).toMatchObject({ 'content-type': 'text/css; charset=utf-8' });
  });

  it('answers 404 for anything that is not one of its files, however the path is spelled', async () => {
    for (const path of ['/console/nope.js', '/console/..%2Fpackage.json', '/console/.%2e/handler.ts', '/console/APP.JS']) {
      const res = await serve(event(path));
      expect(res.statusCode, path).toBe(404);
      expect(JSON.parse(String(res.body))).toMatchObject({ error: { code: 'not_found' } });
    }
    expect(fileNameOf('/console/')).toBe('index.html');
  });

  it('answers 304 to a client that has the file already', async () => {
    const first = await serve(event('/console/app.js'));
    const again = await serve(event('/console/app.js', { 'If-None-Match': String(first.headers!.etag) }));
    expect(again.statusCode).toBe(304);
    expect(again.body).toBeUndefined();
  });

  it('answers 503, naming the build step, where the files were never built', async () => {
    const res = await createConsoleHandler(() => loadAssets(join(dir, 'absent')))(event('/console'));
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(String(res.body)).error.message).toContain('infra/console-bundle.ts');
  });
});
