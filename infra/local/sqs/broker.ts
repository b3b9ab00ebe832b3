/**
 * The set of queues behind one emulated SQS endpoint: names, URLs and ARNs as
 * AWS spells them, redrive policies, DLQ redrive (StartMessageMoveTask) and a
 * snapshot so queued deliveries survive a restart of the local runtime.
 */
import { randomUUID } from 'node:crypto';
import { SqsError } from './errors.ts';
import { LocalQueue, type Clock, type QueueSettings, type StoredMessage } from './queue.ts';

export const localAccountId = '000000000000';
export const localRegion = 'us-east-1';

export interface QueueDefinition {
  name: string;
  visibilityTimeoutSeconds?: number;
  delaySeconds?: number;
  messageRetentionSeconds?: number;
  redrive?: { deadLetterQueueName: string; maxReceiveCount: number };
}

export interface MoveTask {
  TaskHandle: string;
  Status: 'COMPLETED';
  SourceArn: string;
  DestinationArn?: string;
  ApproximateNumberOfMessagesMoved: number;
  ApproximateNumberOfMessagesToMove: number;
  StartedTimestamp: number;
}

export type QueueSnapshot = Record<string, StoredMessage[]>;

export class LocalSqs {
  private readonly queues = new Map<string, LocalQueue>();
  private readonly moveTasks: MoveTask[] = [];
  /** Base URL of the HTTP endpoint; queue URLs hang off it as on AWS. */
  endpoint = 'http://127.0.0.1';

  constructor(private readonly now: Clock = Date.now) {}

  /** Creates queues in order; a dead-letter queue must be defined before the queue that uses it. */
  define(definitions: readonly QueueDefinition[]): void {
    for (const d of definitions) this.create(d);
  }

  create(definition: QueueDefinition): LocalQueue {
    const existing = this.queues.get(definition.name);
    if (existing) return existing;
    const settings: Partial<QueueSettings> = {};
    if (definition.visibilityTimeoutSeconds !== undefined) settings.visibilityTimeoutSeconds = definition.visibilityTimeoutSeconds;
    if (definition.delaySeconds !== undefined) settings.delaySeconds = definition.delaySeconds;
    if (definition.messageRetentionSeconds !== undefined) settings.messageRetentionSeconds = definition.messageRetentionSeconds;
    if (definition.redrive) {
      settings.redrive = {
        deadLetterQueue: this.byName(definition.redrive.deadLetterQueueName),
        maxReceiveCount: definition.redrive.maxReceiveCount,
      };
    }
    const queue = new LocalQueue(definition.name, this.arnOf(definition.name), settings, this.now);
    this.queues.set(definition.name, queue);
    return queue;
  }

  list(): LocalQueue[] {
    return [...this.queues.values()];
  }

  arnOf(name: string): string {
    return `arn:aws:sqs:${localRegion}:${localAccountId}:${name}`;
  }

  urlOf(name: string): string {
    return `${this.endpoint}/${localAccountId}/${name}`;
  }

  byName(name: string): LocalQueue {
    const queue = this.queues.get(name);
    if (!queue) throw new SqsError('QueueDoesNotExist', `the specified queue ${name} does not exist`);
    return queue;
  }

  /** Accepts a queue URL from any host (the SDK may rewrite it) by its last path segment. */
  byUrl(url: string | undefined): LocalQueue {
    if (!url) throw new SqsError('MissingParameter', 'QueueUrl is required');
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      throw new SqsError('InvalidAddress', `QueueUrl ${url} is not a URL`);
    }
    const name = path.split('/').filter(Boolean).pop();
    return this.byName(name ?? '');
  }

  byArn(arn: string | undefined): LocalQueue {
    const queue = this.list().find((q) => q.arn === arn);
    if (!queue) throw new SqsError('ResourceNotFoundException', `no queue has ARN ${arn ?? '(none)'}`);
    return queue;
  }

  /** Queues whose redrive policy points at this dead-letter queue. */
  sourcesOf(deadLetterQueue: LocalQueue): LocalQueue[] {
    return this.list().filter((q) => q.settings.redrive?.deadLetterQueue === deadLetterQueue);
  }

  /**
   * Redrive as SQS's StartMessageMoveTask does: every message in the DLQ goes
   * back to its original queue (or to `destinationArn`) with a fresh receive
   * count, keeping its id and body. Runs to completion at once.
   */
  startMessageMoveTask(sourceArn: string, destinationArn?: string): MoveTask {
    const deadLetterQueue = this.byArn(sourceArn);
    if (this.sourcesOf(deadLetterQueue).length === 0) {
      throw new SqsError('InvalidParameterValue', `${sourceArn} is not a dead-letter queue of any queue`);
    }
    const destination = destinationArn ? this.byArn(destinationArn) : undefined;
    const messages = deadLetterQueue.drain();
    for (const m of messages) {
      const target = destination ?? (m.deadLetterSourceArn ? this.byArn(m.deadLetterSourceArn) : undefined);
      if (!target) throw new SqsError('InvalidParameterValue', `message ${m.id} has no source queue to return to`);
      target.accept({ ...m, receiveCount: 0, firstReceivedAt: undefined, deadLetterSourceArn: undefined, visibleAt: this.now() });
    }
    const task: MoveTask = {
      TaskHandle: randomUUID(),
      Status: 'COMPLETED',
      SourceArn: sourceArn,
      ...(destinationArn ? { DestinationArn: destinationArn } : {}),
      ApproximateNumberOfMessagesMoved: messages.length,
      ApproximateNumberOfMessagesToMove: messages.length,
      StartedTimestamp: this.now(),
    };
    this.moveTasks.unshift(task);
    return task;
  }

  listMoveTasks(sourceArn: string): MoveTask[] {
    return this.moveTasks.filter((t) => t.SourceArn === sourceArn);
  }

  snapshot(): QueueSnapshot {
    return Object.fromEntries(this.list().map((q) => [q.name, q.snapshot()]));
  }

  /**
   * Restores messages with their deadlines unchanged, as if the queue had kept
   * running: a delivery backing off for five minutes still waits them out.
   * Receipt handles from before the restart are not valid any more.
   */
  restore(snapshot: QueueSnapshot): void {
    for (const [name, messages] of Object.entries(snapshot)) {
      const queue = this.queues.get(name);
      for (const m of messages) queue?.accept(m);
    }
  }
}
