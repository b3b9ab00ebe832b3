/**
 * First start: publishes the sample articles in events/articles/ through the
 * API, as a publisher would, so the feeds are not empty. A marker file in the
 * data folder records that it happened; a failed sample is reported and the
 * marker left unwritten, so the next start tries again.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentTypeForFileName } from '#core/parse/detect.ts';
import { repoRoot } from './functions.ts';

export const samplesDir = join(repoRoot, 'events', 'articles');

/** The content type a file's extension gives (the core's rule, as `syndicate parse` uses it); text is UTF-8. */
export function contentTypeOf(file: string): string | undefined {
  const type = contentTypeForFileName(file);
  return type?.startsWith('text/') ? `${type}; charset=utf-8` : type;
}

export interface SampleResult {
  file: string;
  status: number;
  id?: string;
  error?: string;
}

export async function publishSamples(apiUrl: string, adminKey: string, dataDir: string): Promise<SampleResult[] | undefined> {
  const marker = join(dataDir, 'samples-published');
  if (existsSync(marker) || !existsSync(samplesDir)) return undefined;
  const files = readdirSync(samplesDir).filter((f) => contentTypeOf(f)).sort();
  const results: SampleResult[] = [];
  for (const file of files) {
    const response = await fetch(`${apiUrl}/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': contentTypeOf(file)! },
      body: readFileSync(join(samplesDir, file)),
    });
    const body = (await response.json().catch(() => ({}))) as { id?: string; error?: { message?: string } };
    results.push({ file, status: response.status, ...(body.id ? { id: body.id } : {}), ...(body.error?.message ? { error: body.error.message } : {}) });
  }
  if (results.every((r) => r.status < 300)) writeFileSync(marker, `${new Date().toISOString()}\n`);
  return results;
}
