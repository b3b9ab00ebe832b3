/**
 * The local queues survive a kill: what the emulator acknowledged is on disk
 * before the call returns. A "crash" here is dropping the emulator without
 * closing its journal, then opening a new one on the same files.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalSqs } from '../../../infra/local/sqs/broker.ts';
import { QueueJournal } from '../../../infra/local/sqs/journal.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function open(dir: string): { sqs: LocalSqs; journal: QueueJournal } {
  const sqs = new LocalSqs();
  sqs.define([{ name: 'dlq' }, { name: 'work', redrive: { deadLetterQueueName: 'dlq', maxReceiveCount: 1 } }]);
  const journal = new QueueJournal(sqs, join(dir, 'queues.json'), join(dir, 'queues.journal'));
  journal.open();
  return { sqs, journal };
}

const bodies = (sqs: LocalSqs, name: string) => sqs.byName(name).snapshot().map((m) => m.body).sort();

describe('the queue journal', () => {
  it('keeps every sent message and forgets deleted ones across a crash, without a snapshot in between', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    dirs.push(dir);
    const first = open(dir);
    const work = first.sqs.byName('work');
    for (const body of ['a', 'b', 'c']) work.send(body);
    const [received] = work.receive({ max: 1 });
    work.delete(received!.ReceiptHandle);
    expect(statSync(join(dir, 'queues.journal')).size).toBeGreaterThan(0);

    // No close(): the process died. A torn last line is what a kill mid-write leaves.
    appendFileSync(join(dir, 'queues.journal'), '{"op":"put","queue":"work","mess');
    const second = open(dir);
    expect(bodies(second.sqs, 'work')).toEqual(['a', 'b', 'c'].filter((b) => b !== received!.Body));
    // Opening compacted the journal into the snapshot.
    expect(readFileSync(join(dir, 'queues.journal'), 'utf8')).toBe('');
    second.journal.close();
  });

  it('journals a move to the dead-letter queue and a redrive back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    dirs.push(dir);
    const first = open(dir);
    const work = first.sqs.byName('work');
    work.send('poison');
    work.receive({ max: 1, visibilityTimeoutSeconds: 0 });
    expect(work.receive({ max: 1 })).toEqual([]); // received too often: moved
    const afterMove = open(dir).sqs;
    expect([bodies(afterMove, 'work'), bodies(afterMove, 'dlq')]).toEqual([[], ['poison']]);

    const third = open(dir);
    third.sqs.startMessageMoveTask(third.sqs.byName('dlq').arn);
    expect([bodies(open(dir).sqs, 'work'), bodies(open(dir).sqs, 'dlq')]).toEqual([['poison'], []]);
  });
});
