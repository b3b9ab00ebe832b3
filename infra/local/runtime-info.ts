/**
 * What a running `npm start` records in its data folder (`runtime.json`) so
 * `syndicate invoke`, in another process, reaches the same services.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { env as names } from '#infra/definitions.ts';

export interface RuntimeInfo {
  pid: number;
  apiUrl: string;
  sqsEndpoint: string;
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  bucketName: string;
  deliveriesQueueUrl: string;
  deliveriesDlqUrl: string;
  publishDlqUrl?: string;
  pagesQueueUrl?: string;
  /**
   * The settings the running server resolved from its own environment (admin key, retry schedule,
   * loopback webhooks), so `syndicate invoke` runs handlers as the server does, not as the calling
   * shell happens to be configured. The file sits in the git-ignored data folder beside the secrets key.
   */
  settings?: Record<string, string>;
}

export const runtimeInfoPath = (dataDir: string): string => join(dataDir, 'runtime.json');

/** What the server resolved at start and `syndicate invoke` takes from it rather than from its own shell. */
export const serverSettings = [names.adminKey, names.retrySchedule, names.allowLoopbackWebhooks] as const;

/**
 * Whether a process still runs. A killed runtime whose parent died with it stays a zombie until init
 * reaps it, and signal 0 still reaches a zombie; where /proc tells the state, a zombie counts as gone,
 * so a restart after `kill -9` is not refused for a record of a dead runtime.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true;
  }
}
