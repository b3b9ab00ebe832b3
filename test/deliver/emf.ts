/**
 * Captures the CloudWatch EMF documents Powertools Metrics writes to stdout,
 * so a test reads exactly what CloudWatch would ingest. Metrics are disabled
 * for the test run (vitest.config.ts); `enableMetricsOutput` turns them back
 * on for the metrics instances built after it in this file.
 */
import { vi } from 'vitest';

export interface EmfDocument {
  _aws: { Timestamp: number; CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
  [key: string]: unknown;
}

export function enableMetricsOutput(serviceName: string): void {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', serviceName);
}

/** Runs `action` and returns the EMF documents written meanwhile (other output passes through). */
export async function captureEmf(action: () => Promise<unknown>): Promise<EmfDocument[]> {
  const documents: EmfDocument[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = text.split('\n').filter((line) => line.includes('"_aws"'));
    if (lines.length === 0) return write(chunk, ...(rest as [BufferEncoding, () => void]));
    for (const line of lines) documents.push(JSON.parse(line) as EmfDocument);
    return true;
  });
  try {
    await action();
  } finally {
    spy.mockRestore();
  }
  return documents;
}

/** The metric values of one document, by name. */
export function metricValues(document: EmfDocument): Record<string, unknown> {
  const names = document._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((x) => x.Name));
  return Object.fromEntries(names.map((name) => [name, document[name]]));
}
