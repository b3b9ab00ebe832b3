/**
 * The log meter tells the handlers' lines (Powertools JSON logs and EMF metric documents, which CloudWatch
 * bills as ingested log bytes) from anything else a run prints, and counts them by service.
 */
import { describe, expect, it } from 'vitest';
import { logLineKind, meterLogs } from '../../../bench/cost/log-meter.ts';
import { emptyTally } from '../../../bench/cost/meter.ts';

describe('the log meter', () => {
  it('names a handler line by its service and kind, and nothing else', () => {
    expect(logLineKind('{"level":"INFO","message":"feeds published","service":"publish"}')).toBe('publish log');
    expect(logLineKind('{"_aws":{"Timestamp":1},"service":"syndicate-deliver","Attempts":1}')).toBe('syndicate-deliver metrics');
    expect(logLineKind('cost: batch of 1 published')).toBeUndefined();
    expect(logLineKind('{"not":"ours"}')).toBeUndefined();
    expect(logLineKind('{broken')).toBeUndefined();
  });

  it('counts the lines and bytes handlers write, and lets the rest through', () => {
    const tally = emptyTally();
    const stop = meterLogs(tally);
    const line = '{"level":"INFO","message":"x","service":"ingest"}';
    try {
      process.stdout.write(`${line}\n${line}\n`);
    } finally {
      stop();
    }
    expect(tally.logs['ingest log']).toEqual({ lines: 2, bytes: 2 * Buffer.byteLength(line) });
  });
});
