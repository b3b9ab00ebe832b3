import { PutCommand } from '#commons/clients/dynamo-commands.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { embargoKey } from '#adapters/keys.ts';
import { articleIdOfEmbargo, EmbargoTimer, type EmbargoReleaseEvent } from '../../infra/local/embargo.ts';
import { useLocalServices, type TestServices } from '../support/services.ts';

let services: TestServices;
beforeAll(async () => {
  services = await useLocalServices('embargo-timer');
});

const schedule = (until: string, articleId: string) =>
  services.documents.send(new PutCommand({ TableName: services.tableName, Item: { ...embargoKey(until, articleId), articleId } }));

describe('the embargo timer', () => {
  it('reads the article id from the EMBARGO sort key', () => {
    expect(articleIdOfEmbargo(embargoKey('2026-03-01T10:00:00.000Z', 'abc#def').sk)).toBe('abc#def');
  });

  it('invokes ingest with release-embargo for entries that are due, and only those', async () => {
    await schedule('2026-03-01T09:59:59.999Z', 'past');
    await schedule('2026-03-01T10:00:00.000Z', 'exactly-now');
    await schedule('2026-03-01T10:00:00.001Z', 'future');
    const events: EmbargoReleaseEvent[] = [];
    const timer = new EmbargoTimer({
      documents: services.documents,
      tableName: services.tableName,
      now: () => new Date('2026-03-01T10:00:00.000Z'),
      invoke: async (e) => void events.push(e),
    });
    expect(await timer.releaseDue()).toEqual(['past', 'exactly-now']);
    expect(events).toEqual([
      { action: 'release-embargo', articleId: 'past' },
      { action: 'release-embargo', articleId: 'exactly-now' },
    ]);
  });

  it('keeps going past a release that fails, and logs it for the next tick', async () => {
    const log: string[] = [];
    const timer = new EmbargoTimer({
      documents: services.documents,
      tableName: services.tableName,
      now: () => new Date('2026-03-01T10:00:00.000Z'),
      invoke: async (e) => {
        if (e.articleId === 'past') throw new Error('transient');
      },
      log: (line) => log.push(line),
    });
    expect(await timer.releaseDue()).toEqual(['exactly-now']);
    expect(log).toEqual([expect.stringContaining('releasing past failed')]);
  });
});
