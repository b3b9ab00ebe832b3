/**
 * Captures the JSON log lines a handler writes (Powertools Logger: INFO and WARN to stdout, ERROR to
 * stderr) while `action` runs, and keeps them off the test output: a test that provokes an expected
 * error reads the line it expects instead of printing it on every run. Other output passes through.
 */
import { vi } from 'vitest';

export type LogLine = Record<string, unknown> & { level?: string; message?: string };

function intercept(stream: NodeJS.WriteStream, lines: LogLine[]) {
  const write = stream.write.bind(stream);
  return vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const passed = text.split('\n').filter((line) => {
      if (!line.startsWith('{')) return true;
      try {
        lines.push(JSON.parse(line) as LogLine);
        return false;
      } catch {
        return true;
      }
    });
    const passedText = passed.join('\n');
    return passedText.trim() === '' ? true : write(passedText, ...(rest as [BufferEncoding, () => void]));
  });
}

export async function captureLogLines<T>(action: () => Promise<T>): Promise<{ result: T; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  const spies = [intercept(process.stdout, lines), intercept(process.stderr, lines)];
  try {
    return { result: await action(), lines };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
