/**
 * Counts the log lines the handlers write, as CloudWatch Logs would ingest them: Powertools' JSON log
 * lines and its EMF metric documents (both are log events on AWS, billed per GB ingested), by service.
 * The handlers run in this process and write to its stdout and stderr; those lines are counted and kept
 * off the terminal (warnings and errors are shown on stderr too), and anything else (the run's own
 * progress lines) passes through.
 */
import type { Tally } from './meter.ts';

type Write = typeof process.stdout.write;

/** The tally key of one line: `<service> log` or `<service> metrics`, or undefined for a line not from a handler. */
export function logLineKind(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(line) as { service?: unknown; _aws?: unknown };
    if (typeof parsed.service !== 'string') return undefined;
    return `${parsed.service} ${parsed._aws ? 'metrics' : 'log'}`;
  } catch {
    return undefined;
  }
}

export function meterLogs(tally: Tally): () => void {
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((s) => s.write);
  streams.forEach((stream, i) => {
    const original = originals[i]!;
    stream.write = function counted(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : '';
      const lines = text.split('\n').filter((l) => l.length > 0);
      const kinds = lines.map(logLineKind);
      if (lines.length === 0 || kinds.some((k) => k === undefined)) return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      lines.forEach((line, n) => {
        const entry = (tally.logs[kinds[n]!] ??= { lines: 0, bytes: 0 });
        entry.lines += 1;
        entry.bytes += Buffer.byteLength(line);
        // A handler's warning or error is counted and shown: a run that goes wrong says why.
        if (/"level":"(WARN|ERROR|CRITICAL)"/.test(line)) originals[1]!.call(process.stderr, `${line}\n`);
      });
      const callback = rest.find((r): r is () => void => typeof r === 'function');
      callback?.();
      return true;
    } as Write;
  });
  return () => streams.forEach((stream, i) => (stream.write = originals[i]!));
}
