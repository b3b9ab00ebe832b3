/**
 * One HTTP request and its whole answer, over kept-alive connections (one agent per protocol per
 * container, as the SDK's Node handler keeps), with the SDK handler's limits: 5 s to connect, 30 s
 * of silence on an open request. A connection that fails or times out is an error carrying Node's
 * code (`ECONNRESET`, `ETIMEDOUT`, ...) or the name `TimeoutError`, which standard-retry.ts retries.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface Exchange {
  /** `https:` or `http:` (loopback services). */
  protocol: string;
  hostname: string;
  port?: string;
  /** Sent exactly as given (escaped already, and signed so). */
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface Received {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

const connectTimeoutMs = 5_000;
const idleTimeoutMs = 30_000;
let agents: { http: HttpAgent; https: HttpsAgent } | undefined;
const agentsOf = () => (agents ??= { http: new HttpAgent({ keepAlive: true, maxSockets: 50 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 50 }) });

const timeoutError = (message: string, code?: string): Error => Object.assign(new Error(message), code ? { code } : { name: 'TimeoutError' });

function headersOf(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

export function exchange({ protocol, hostname, port, path, method, headers, body }: Exchange): Promise<Received> {
  const secure = protocol === 'https:';
  const host = port ? `${hostname}:${port}` : hostname;
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      { protocol, hostname, port: port || undefined, path, method, headers, agent: secure ? agentsOf().https : agentsOf().http },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const all = Buffer.concat(chunks);
          // A plain Uint8Array, as the SDK's stream collector gives: callers compare and copy bytes, never Buffer methods.
          resolve({ status: response.statusCode ?? 0, headers: headersOf(response), body: new Uint8Array(all.buffer, all.byteOffset, all.byteLength) });
        });
      },
    );
    request.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => request.destroy(timeoutError(`could not connect to ${host} in ${connectTimeoutMs} ms`, 'ETIMEDOUT')), connectTimeoutMs);
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    request.setTimeout(idleTimeoutMs, () => request.destroy(timeoutError(`no answer from ${host} in ${idleTimeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
