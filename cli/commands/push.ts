/**
 * `syndicate push FILE_OR_GLOB... --api URL --key KEY`: publishes many files
 * to a running API, one POST /articles each, in order.
 * 1. expand the globs (tinyglobby); a name that matches nothing is refused;
 * 2. POST each file with the content type its extension gives;
 * 3. show a progress bar on a terminal, one line per file otherwise;
 * 4. print a summary (published, duplicates, corrected, refused with reasons)
 *    and exit 1 when anything was refused.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { glob, isDynamicPattern } from 'tinyglobby';
import { contentTypeOf } from '../../infra/local/samples.ts';
import { apiOptions, apiTarget, parseCommandArgs, usageError, usageOnly } from '../args.ts';

export const summary = 'push FILE_OR_GLOB... --api URL --key KEY: publish article files to a running API';

const usage = `usage: syndicate push FILE_OR_GLOB... [--api URL] [--key KEY]

Publishes each file with POST /articles (text, HTML, JSON or ninjs; the
extension gives the content type). Globs are expanded here, so quote them.

options:
  --api URL   the API (default $SYNDICATE_API_URL or http://127.0.0.1:3000)
  --key KEY   a publisher or admin key (default $SYNDICATE_API_KEY or $SYNDICATE_ADMIN_KEY)
`;

export type PushOutcome = 'published' | 'duplicate' | 'corrected' | 'refused';

export interface PushResult {
  file: string;
  outcome: PushOutcome;
  id?: string;
  version?: number;
  reason?: string;
}

interface WriteSummary {
  id?: string;
  version?: number;
  /** What the API did with the write (functions/ingest/responses.ts `writeSummary`). */
  outcome?: string;
  error?: { code?: string; message?: string };
}

const outcomeOfWrite: Record<string, PushOutcome> = { created: 'published', corrected: 'corrected', unchanged: 'duplicate' };

/** The API's `outcome` says what a 2xx did: a new article, a correction (same source id) or the same content again. */
export function classify(status: number, body: WriteSummary): Omit<PushResult, 'file'> {
  if (status >= 400 || status < 200) {
    const reason = body.error ? `${status} ${body.error.code ?? 'error'}: ${body.error.message ?? ''}`.trim() : `HTTP ${status}`;
    return { outcome: 'refused', reason };
  }
  const outcome = body.outcome ? outcomeOfWrite[body.outcome] : undefined;
  if (!outcome) return { outcome: 'refused', reason: `HTTP ${status} with an unexpected outcome: ${body.outcome ?? 'none'}` };
  return { outcome, ...(body.id ? { id: body.id } : {}), ...(body.version ? { version: body.version } : {}) };
}

/** Expands the arguments into files, keeping their order; names that match nothing become refusals. */
export async function expand(patterns: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const pattern of patterns) {
    if (!isDynamicPattern(pattern)) {
      if (existsSync(pattern) && statSync(pattern).isFile()) files.push(pattern);
      else missing.push(pattern);
      continue;
    }
    const matched = (await glob(pattern, { onlyFiles: true })).sort();
    if (matched.length === 0) missing.push(pattern);
    files.push(...matched);
  }
  return { files: [...new Set(files)], missing };
}

async function pushFile(api: string, key: string, file: string): Promise<PushResult> {
  const bytes = readFileSync(file);
  try {
    const response = await fetch(`${api.replace(/\/$/, '')}/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': contentTypeOf(file) ?? 'application/octet-stream' },
      body: bytes,
    });
    const body = (await response.json().catch(() => ({}))) as WriteSummary;
    return { file, ...classify(response.status, body) };
  } catch (error) {
    return { file, outcome: 'refused', reason: `could not reach ${api}: ${(error as Error).cause ?? (error as Error).message}` };
  }
}

function line(r: PushResult): string {
  const what = r.outcome === 'refused' ? r.reason : `${r.id ?? ''}${r.version ? ` v${r.version}` : ''}`;
  return `${r.outcome.padEnd(9)} ${r.file}  ${what ?? ''}`.trimEnd();
}

export function summaryOf(results: PushResult[]): string {
  const count = (o: PushOutcome) => results.filter((r) => r.outcome === o).length;
  const refused = results.filter((r) => r.outcome === 'refused');
  return [
    `${results.length} file(s): ${count('published')} published, ${count('duplicate')} duplicates, ${count('corrected')} corrected, ${refused.length} refused`,
    ...refused.map((r) => `  refused ${r.file}: ${r.reason}`),
  ].join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('push', usage, argv, apiOptions);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const { api, key } = apiTarget(values);
  if (positionals.length === 0) return usageOnly(usage);
  if (!key) return usageError('push', 'no key: pass --key KEY (or set SYNDICATE_API_KEY)');
  const { files, missing } = await expand(positionals);
  const results: PushResult[] = missing.map((file) => ({ file, outcome: 'refused', reason: 'no such file (or the glob matched nothing)' }));
  const bar = process.stdout.isTTY
    ? new cliProgress.SingleBar({ format: 'pushing [{bar}] {value}/{total} {file}', hideCursor: true }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(files.length, 0, { file: '' });
  for (const file of files) {
    const result = await pushFile(api, key, file);
    results.push(result);
    if (bar) bar.increment({ file });
    else process.stdout.write(`${line(result)}\n`);
  }
  bar?.stop();
  process.stdout.write(`${summaryOf(results)}\n`);
  return results.some((r) => r.outcome === 'refused') ? 1 : 0;
}
