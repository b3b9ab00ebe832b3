/**
 * A loopback HTTP server standing in for an AWS API there is no local emulator
 * for (EventBridge Scheduler, Secrets Manager): it records each request the
 * real SDK client sends and answers with the status, headers and JSON body the
 * test scripts, so the adapter's whole call path (lazy SDK loading,
 * serialisation, error mapping) runs for real.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

export interface AwsApiStandIn {
  endpoint: string;
  requests: RecordedRequest[];
  /** Answers for the coming requests, in order; the last one repeats. */
  answer(...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

export async function startAwsApiStandIn(): Promise<AwsApiStandIn> {
  const requests: RecordedRequest[] = [];
  let answers: ScriptedAnswer[] = [{ status: 200, body: {} }];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: text ? JSON.parse(text) : {} });
      const next = answers.length > 1 ? answers.shift()! : answers[0]!;
      response.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      response.end(JSON.stringify(next.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    answer: (...scripted) => {
      answers = scripted;
    },
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** SDK client settings that reach the stand-in with throwaway credentials and no retries. */
export const standInClientConfig = (endpoint: string) => ({
  endpoint,
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});
