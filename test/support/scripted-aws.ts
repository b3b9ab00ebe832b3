/**
 * A loopback HTTP server that answers as an AWS service would, for the faults and wire checks a real
 * local service cannot give: each request gets the next of `answers` (the last one repeats), and every
 * request is kept with its body, for the test to read what was sent.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedAnswer {
  status: number;
  body?: string;
}

export interface ScriptedAws {
  endpoint: string;
  seen: { request: IncomingMessage; body: string }[];
  close(): Promise<void>;
}

export async function scriptedAws(answers: readonly ScriptedAnswer[], contentType: string): Promise<ScriptedAws> {
  const seen: ScriptedAws['seen'] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      seen.push({ request, body });
      const answer = answers[Math.min(seen.length - 1, answers.length - 1)]!;
      response.writeHead(answer.status, { 'content-type': contentType }).end(answer.body ?? '');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
