/**
 * A real HTTP webhook receiver on loopback, as a partner would write it:
 * verifies each request with the npm `standardwebhooks` package and
 * deduplicates by `webhook-id`. `answer` scripts its replies.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach } from 'vitest';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  /** Secrets (by index in `secrets`) whose verification succeeded. */
  verifiedBy: number[];
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Payloads accepted once per webhook-id, as an idempotent receiver keeps them. */
  delivered: Map<string, unknown>;
  secrets: string[];
  close(): Promise<void>;
}

export type Answer = (request: ReceivedRequest, index: number, res: ServerResponse) => void;

export const ok: Answer = (_r, _i, res) => res.writeHead(204).end();

export async function startReceiver(answer: Answer = ok, secrets: string[] = []): Promise<Receiver> {
  const receiver: Omit<Receiver, 'url' | 'close'> = { requests: [], delivered: new Map(), secrets };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verifiedBy = receiver.secrets.flatMap((secret, i) => {
        try {
          new Webhook(secret).verify(body, req.headers as Record<string, string>);
          return [i];
        } catch {
          return [];
        }
      });
      const request = { headers: req.headers, body, verifiedBy };
      const index = receiver.requests.push(request) - 1;
      answer(request, index, res);
      res.on('finish', () => {
        const id = String(req.headers['webhook-id']);
        if (res.statusCode >= 200 && res.statusCode < 300 && verifiedBy.length > 0 && !receiver.delivered.has(id)) {
          receiver.delivered.set(id, JSON.parse(body));
        }
      });
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...receiver,
    url: `http://127.0.0.1:${port}/hook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** For a test file: starts receivers like `startReceiver` and closes every one after each test. */
export function receiversClosedAfterEach(): typeof startReceiver {
  const receivers: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  return async (...args) => {
    const r = await startReceiver(...args);
    receivers.push(r);
    return r;
  };
}
