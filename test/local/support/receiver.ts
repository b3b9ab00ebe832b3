/**
 * A partner's webhook endpoint on loopback that verifies every request with
 * the `standardwebhooks` package, as a partner's own code would, and keeps
 * what it accepted. Unverifiable requests are answered 401 and counted.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  webhookId: string;
  type: string;
  data: { id?: string; version?: number; headline?: string; [key: string]: unknown };
  receivedAt: number;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  rejected: number;
  /** Set once the subscription's secret is known. */
  secret?: string;
  /** Also accepted while a rotation's grace period lets the sender sign with the old secret. */
  previousSecret?: string;
  /** While set, every request is answered with this status (an endpoint that is down), and not kept. */
  failWith?: number;
  /** Requests answered with `failWith`. */
  failed: number;
  close(): Promise<void>;
}

export async function startReceiver(path = '/hook'): Promise<Receiver> {
  const receiver: Receiver = { url: '', received: [], rejected: 0, failed: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      if (receiver.failWith) {
        receiver.failed++;
        res.writeHead(receiver.failWith, { 'content-type': 'text/plain' }).end('the receiver is down for a test');
        return;
      }
      try {
        if (!receiver.secret) throw new Error('no secret yet');
        const verify = (secret: string) => new Webhook(secret).verify(body, headers) as { type: string; data: ReceivedWebhook['data'] };
        let payload: ReturnType<typeof verify>;
        try {
          payload = verify(receiver.secret);
        } catch (error) {
          if (!receiver.previousSecret) throw error;
          payload = verify(receiver.previousSecret);
        }
        receiver.received.push({ webhookId: headers['webhook-id']!, type: payload.type, data: payload.data, receivedAt: Date.now() });
        res.writeHead(204).end();
      } catch {
        receiver.rejected++;
        res.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  receiver.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return receiver;
}
