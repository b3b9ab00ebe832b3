import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../cli/commands/push.ts';
import { repoRoot } from '../support/shared.ts';

/**
 * A loopback API that answers as the ingest routes do, keyed on the body:
 * new → 201, "again" → 200 unchanged, "fix" → 200 corrected (version 2), "bad" → 422.
 */
const requests: Array<{ contentType: string; authorization: string; body: string }> = [];
let server: Server;
let api: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      requests.push({ contentType: String(req.headers['content-type']), authorization: String(req.headers.authorization), body });
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (body.includes('bad')) return reply(422, { error: { code: 'no_body', message: 'the article has a headline but no body paragraphs' } });
      if (body.includes('again')) return reply(200, { outcome: 'unchanged', id: 'a-1', version: 1 });
      if (body.includes('fix')) return reply(200, { outcome: 'corrected', id: 'a-2', version: 2 });
      return reply(201, { outcome: 'created', id: `a-${requests.length}`, version: 1 });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function push(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(repoRoot, 'bin', 'syndicate.mjs'), 'push', ...args], { cwd, env: { ...process.env, SYNDICATE_ADMIN_KEY: '' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'push-test-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('syndicate push', () => {
  it('expands globs, posts each file with its content type and key, and prints one line per file when not on a terminal', async () => {
    requests.length = 0;
    const dir = workspace({ 'in/one.txt': 'Pub\n\nOne\n\nBody.', 'in/two.html': '<h1>Two</h1><p>Body.</p>', 'in/three.json': '{"headline":"Three","body":"Body."}', 'in/skip.md': 'x' });
    const result = await push(['in/*.{txt,html,json}', '--api', api, '--key', 'k-123'], dir);
    expect(result.code).toBe(0);
    expect(requests.map((r) => r.contentType).sort()).toEqual(['application/json', 'text/html; charset=utf-8', 'text/plain; charset=utf-8']);
    expect(requests.every((r) => r.authorization === 'Bearer k-123')).toBe(true);
    expect(result.stdout).toMatch(/^published +in\/one\.txt +a-\d v1$/m);
    expect(result.stdout).toContain('3 file(s): 3 published, 0 duplicates, 0 corrected, 0 refused');
  });

  it('counts duplicates, corrections and refusals with their reasons, and exits 1 when anything was refused', async () => {
    const dir = workspace({ 'a.txt': 'again', 'b.txt': 'fix', 'c.txt': 'bad' });
    const result = await push(['a.txt', 'b.txt', 'c.txt', 'missing.txt', '--api', api, '--key', 'k'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('4 file(s): 0 published, 1 duplicates, 1 corrected, 2 refused');
    expect(result.stdout).toContain('refused c.txt: 422 no_body: the article has a headline but no body paragraphs');
    expect(result.stdout).toContain('refused missing.txt: no such file');
  });

  it('refuses every file, with the reason, when the API cannot be reached', async () => {
    const dir = workspace({ 'a.txt': 'x' });
    const result = await push(['a.txt', '--api', 'http://127.0.0.1:1', '--key', 'k'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/refused a\.txt: could not reach http:\/\/127\.0\.0\.1:1/);
  });

  it('asks for a key rather than posting without one', async () => {
    const result = await push(['a.txt', '--api', api], workspace({ 'a.txt': 'x' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no key');
  });
});

describe('classifying an API answer', () => {
  it("follows the API's outcome", () => {
    expect(classify(200, { id: 'x', version: 3, outcome: 'unchanged' }).outcome).toBe('duplicate');
    expect(classify(200, { id: 'x', version: 2, outcome: 'corrected' }).outcome).toBe('corrected');
    expect(classify(201, { id: 'x', version: 1, outcome: 'created' }).outcome).toBe('published');
  });
});
