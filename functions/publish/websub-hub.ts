/**
 * WebSub publisher notification (W3C WebSub §7): a form-encoded POST of
 * `hub.mode=publish` and `hub.url` to the hub. Bounded by a timeout so a slow
 * hub cannot hold the stream; any 2xx is success.
 */
import type { HubNotifier } from './ports.ts';

export const HUB_TIMEOUT_MS = 5_000;

export class WebSubHub implements HubNotifier {
  constructor(
    private readonly hubUrl: string,
    private readonly timeoutMs = HUB_TIMEOUT_MS,
  ) {}

  async published(feedUrl: string): Promise<void> {
    const response = await fetch(this.hubUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': feedUrl }).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.body?.cancel();
    if (response.status < 200 || response.status > 299) {
      throw new Error(`hub ${this.hubUrl} answered ${response.status} for ${feedUrl}`);
    }
  }
}
