/**
 * SQS's AWS JSON 1.0 protocol on loopback: `POST /` with
 * `X-Amz-Target: AmazonSQS.<Operation>`. Point the SDK at it with
 * `AWS_ENDPOINT_URL_SQS`; signatures are not checked (dummy local credentials).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalSqs } from './broker.ts';
import { SqsError } from './errors.ts';
import { operations } from './operations.ts';

export interface SqsEndpoint {
  url: string;
  close(): Promise<void>;
}

const contentType = 'application/x-amz-json-1.0';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function fail(res: ServerResponse, error: SqsError, status = 400): void {
  reply(res, status, { __type: `com.amazonaws.sqs#${error.code}`, message: error.message }, {
    'x-amzn-query-error': `${error.queryCode};Sender`,
  });
}

/** Serves the broker on 127.0.0.1 (a free port unless one is given) and sets its endpoint. */
export async function serveSqs(sqs: LocalSqs, port = 0): Promise<SqsEndpoint> {
  const closing = new AbortController();
  const server = createServer((req, res) => {
    void (async () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = operations[target.replace(/^AmazonSQS\./, '')];
      if (req.method !== 'POST' || !target.startsWith('AmazonSQS.') || !operation) {
        await readBody(req);
        return fail(res, new SqsError('InvalidAction', `unsupported action ${target || '(no X-Amz-Target)'}`));
      }
      let input: Record<string, unknown>;
      try {
        const text = await readBody(req);
        input = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        return fail(res, new SqsError('InvalidParameterValue', 'the request body is not JSON'));
      }
      const requestGone = new AbortController();
      const abort = () => requestGone.abort();
      res.on('close', abort);
      closing.signal.addEventListener('abort', abort, { once: true });
      try {
        reply(res, 200, await operation(sqs, input, requestGone.signal));
      } catch (error) {
        if (error instanceof SqsError) return fail(res, error);
        reply(res, 500, { __type: 'com.amazonaws.sqs#InternalError', message: String(error) });
      } finally {
        closing.signal.removeEventListener('abort', abort);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sqs.endpoint = url;
  return {
    url,
    close: async () => {
      closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
