/** The CLI as a user runs it: a real child process of bin/syndicate.mjs. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { referenceArticlePath, repoRoot } from '../support/shared.ts';

const exec = promisify(execFile);

async function syndicate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [join(repoRoot, 'bin', 'syndicate.mjs'), ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'syndicate-parse-'));
const write = (name: string, content: string | Uint8Array) => {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
};

describe('syndicate parse', () => {
  it('prints the reference article normalised and tagged', async () => {
    const { code, stdout } = await syndicate('parse', referenceArticlePath(), '--now', '2024-05-01T10:00:00Z');
    expect(code).toBe(0);
    const article = JSON.parse(stdout);
    expect(article).toMatchObject({
      id: expect.stringMatching(/^art_/),
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      publisher: { id: 'opslens', name: 'OpsLens' },
      headline: '‘ISIS is Losing in Every Way’ – US Backed Forces Take Raqqa',
      standfirst: expect.stringMatching(/^“As ISIS continues/),
      updatedAt: '2024-05-01T10:00:00.000Z',
      notes: [expect.objectContaining({ code: 'repeated_paragraph_dropped' })],
    });
    expect(article.body).toHaveLength(11);
    const tagIds = article.tags.map((t: { id: string }) => t.id);
    for (const id of ['opslens', 'oir', 'syria', 'raqqa']) expect(tagIds).toContain(id);
    expect(article.tags[0]).toEqual(expect.objectContaining({ id: expect.any(String), label: expect.any(String), type: expect.any(String) }));
  }, 60_000);

  it.each([
    ['meridian-mosul-old-city.html', 'html'],
    ['sentry-kobani.json', 'json'],
    ['frontline-manbij.ninjs2.json', 'ninjs2'],
    ['opslens-baghuz.ninjs3.json', 'ninjs3'],
  ])('detects the format of %s', async (file, format) => {
    const { code, stdout } = await syndicate('parse', join(repoRoot, 'events', 'articles', file));
    expect(code).toBe(0);
    expect(JSON.parse(stdout).source.format).toBe(format);
  }, 60_000);

  it('prints ninjs with --ninjs', async () => {
    const { code, stdout } = await syndicate('parse', join(repoRoot, 'events', 'articles', 'opslens-tabqa-dam.txt'), '--ninjs', '--base-url', 'https://api.example.com');
    expect(code).toBe(0);
    const item = JSON.parse(stdout);
    expect(item.uri).toMatch(/^https:\/\/api\.example\.com\/articles\/art_/);
    expect(item.subjects.map((s: { literal: string }) => s.literal)).toEqual(expect.arrayContaining(['oir', 'syria']));
  }, 60_000);

  it('exits 1 with the API error body on bad input', async () => {
    const cases: [string, string | Uint8Array, string, RegExp][] = [
      ['empty.txt', '   \n', 'empty_body', /^empty body$/],
      ['latin1.txt', Uint8Array.from([0x4f, 0x70, 0x73, 0xe9, 0x0a]), 'invalid_utf8', /^body is not valid UTF-8/],
      ['broken.json', '{"headline": "x",', 'invalid_json', /^invalid JSON at position/],
      ['nohead.html', '<p>No headline.</p>', 'no_headline', /^no headline found/],
      ['nopublisher.txt', 'Headline\n\nBody.', 'no_publisher', /^no publisher/],
    ];
    for (const [name, content, code, message] of cases) {
      const result = await syndicate('parse', write(name, content));
      expect(result.code, name).toBe(1);
      expect(result.stdout).toBe('');
      const body = JSON.parse(result.stderr);
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(message);
    }
  }, 120_000);

  it('exits 2 on a missing file or missing argument', async () => {
    expect((await syndicate('parse', join(scratch, 'nope.txt'))).stderr).toMatch(/cannot read .*nope\.txt: ENOENT/);
    expect((await syndicate('parse')).code).toBe(2);
  }, 60_000);
});
