/** A WebSub hub on loopback that records every publish notification it receives. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubRequest {
  contentType: string | undefined;
  form: Record<string, string>;
}

export interface RecordingHub {
  url: string;
  requests: HubRequest[];
  /** Status to answer with from now on. */
  answer(status: number): void;
  /** Answer after this many milliseconds from now on. */
  delay(ms: number): void;
  close(): Promise<void>;
}

export async function startRecordingHub(): Promise<RecordingHub> {
  const requests: HubRequest[] = [];
  let status = 204;
  let delayMs = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      requests.push({
        contentType: request.headers['content-type'],
        form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
      });
      setTimeout(() => response.writeHead(status).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hub`,
    requests,
    answer: (s) => (status = s),
    delay: (ms) => (delayMs = ms),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
