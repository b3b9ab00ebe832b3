import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSubHub } from '../../functions/publish/websub-hub.ts';
import { startRecordingHub, type RecordingHub } from './hub-server.ts';

let hub: RecordingHub;
beforeAll(async () => {
  hub = await startRecordingHub();
});
afterAll(async () => {
  await hub.close();
});

describe('WebSub hub notifier', () => {
  it('POSTs hub.mode=publish and hub.url as a form', async () => {
    hub.answer(204);
    await new WebSubHub(hub.url).published('https://feeds.example.com/feeds/tags/syria.atom?x=1&y=2');
    expect(hub.requests.at(-1)).toEqual({
      contentType: 'application/x-www-form-urlencoded',
      form: { 'hub.mode': 'publish', 'hub.url': 'https://feeds.example.com/feeds/tags/syria.atom?x=1&y=2' },
    });
  });

  it('fails when the hub refuses', async () => {
    hub.answer(500);
    await expect(new WebSubHub(hub.url).published('https://feeds.example.com/feeds/all.rss')).rejects.toThrow(/answered 500/);
  });

  it('gives up on a hub that does not answer in time', async () => {
    hub.answer(204);
    hub.delay(2_000);
    await expect(new WebSubHub(hub.url, 100).published('https://feeds.example.com/feeds/all.rss')).rejects.toThrow();
    hub.delay(0);
  });
});
