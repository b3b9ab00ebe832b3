/**
 * Sends one webhook attempt over HTTP(S) and reports what happened, never
 * throwing: the retry policy decides what a failure means.
 *
 * Defences beyond the subscribe-time URL check:
 * - every DNS answer is judged by the address policy before connecting (a
 *   custom `lookup`), and the connected socket's address is judged again, so a
 *   name that resolves, or re-resolves, to an internal address gets nowhere;
 * - redirects are never followed (node:http does not), a 3xx is a failure;
 * - a connect deadline (5 s by default: a partner that does not even accept the
 *   connection fails fast) and one overall deadline covering connect, TLS,
 *   headers and body (15 s by default);
 * - only the first 1 KB of the answer is read and kept, for the delivery log.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { judgeAddress, judgeTargetUrl, type AddressPolicy } from '#core/webhooks/address-policy.ts';
import type { AttemptResult } from '#core/webhooks/attempt-outcome.ts';
import { parseIp } from '#core/webhooks/ip-address.ts';

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const RESPONSE_PREFIX_BYTES = 1024;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface HttpSender {
  send(request: WebhookRequest): Promise<AttemptResult>;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface HttpSenderOptions {
  policy: AddressPolicy;
  timeoutMs?: number;
  connectTimeoutMs?: number;
  /** DNS; injectable so tests can play a hostile resolver. */
  resolve?: Resolver;
  userAgent?: string;
}

class AddressRefused extends Error {
  override readonly name = 'AddressRefused';
  readonly code = 'EADDRREFUSED';
}

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** A `lookup` that refuses the whole answer when any address in it is internal (rebinding sets often mix both). */
function guardedLookup(resolve: Resolver, policy: AddressPolicy): LookupFunction {
  const judged = async (hostname: string): Promise<ResolvedAddress[]> => {
    const answers = await resolve(hostname);
    if (answers.length === 0) throw Object.assign(new Error(`${hostname} has no addresses`), { code: 'ENOTFOUND' });
    for (const a of answers) {
      const ip = parseIp(a.address);
      const verdict = ip ? judgeAddress(ip, policy, a.address) : { allowed: false as const, reason: `unreadable address ${a.address}` };
      if (!verdict.allowed) throw new AddressRefused(`${hostname} resolves to ${verdict.reason}`);
    }
    return answers;
  };
  return (hostname, options, callback) => {
    judged(hostname).then(
      (answers) => (options.all ? callback(null, answers) : callback(null, answers[0]!.address, answers[0]!.family)),
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

function classify(error: NodeJS.ErrnoException, timedOut: boolean): Pick<Extract<AttemptResult, { kind: 'error' }>, 'error' | 'message'> {
  if (timedOut) return { error: 'timeout', message: error.message };
  if (error instanceof AddressRefused || error.code === 'EADDRREFUSED') return { error: 'refused_address', message: error.message };
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' || error.code === 'ENODATA') {
    return { error: 'dns', message: `${error.code}: ${error.message}` };
  }
  return { error: 'connection', message: error.code ? `${error.code}: ${error.message}` : error.message };
}

export function createHttpSender(options: HttpSenderOptions): HttpSender {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const connectTimeoutMs = Math.min(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, timeoutMs);
  const lookup = guardedLookup(options.resolve ?? systemResolver, options.policy);
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 50 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 50 }),
  };

  return {
    send(request) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const verdict = judgeTargetUrl(request.url, options.policy);
      if (!verdict.allowed) {
        return Promise.resolve({ kind: 'error', error: 'refused_address', message: verdict.reason, durationMs: 0 });
      }
      const url = new URL(request.url);
      const transport = url.protocol === 'https:' ? https : http;
      return new Promise<AttemptResult>((settle) => {
        let timedOut = false;
        let settled = false;
        const finish = (result: AttemptResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          settle(result);
        };
        const req = transport.request(url, {
          method: 'POST',
          agent: agents[url.protocol as 'http:' | 'https:'],
          lookup,
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(request.body)),
            'user-agent': options.userAgent ?? 'syndicate-webhooks/1.0',
            ...request.headers,
          },
        });
        const deadline = setTimeout(() => {
          timedOut = true;
          req.destroy(new Error(`no complete answer within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        req.on('socket', (socket: Socket) => {
          const check = () => {
            const ip = socket.remoteAddress ? parseIp(socket.remoteAddress) : undefined;
            const connected = ip ? judgeAddress(ip, options.policy, socket.remoteAddress!) : { allowed: true as const };
            if (!connected.allowed) req.destroy(new AddressRefused(`connected to ${connected.reason}`));
          };
          if (socket.remoteAddress) check();
          else {
            const connectDeadline = setTimeout(() => {
              timedOut = true;
              req.destroy(new Error(`no connection within ${connectTimeoutMs / 1000} s`));
            }, connectTimeoutMs);
            socket.once('connect', () => {
              clearTimeout(connectDeadline);
              check();
            });
            socket.once('close', () => clearTimeout(connectDeadline));
          }
        });
        req.on('error', (error: NodeJS.ErrnoException) => {
          finish({ kind: 'error', ...classify(error, timedOut), durationMs: elapsed() });
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          const done = () =>
            finish({
              kind: 'response',
              status: res.statusCode ?? 0,
              retryAfter: res.headers['retry-after'],
              durationMs: elapsed(),
              responsePrefix: Buffer.concat(chunks).subarray(0, RESPONSE_PREFIX_BYTES).toString('utf8'),
            });
          res.on('data', (chunk: Buffer) => {
            if (kept < RESPONSE_PREFIX_BYTES) chunks.push(chunk);
            kept += chunk.length;
            // Past the prefix we stop reading: a receiver cannot make us download a large answer.
            if (kept >= RESPONSE_PREFIX_BYTES) {
              done();
              res.destroy();
            }
          });
          res.on('end', done);
          res.on('error', done);
        });
        req.end(request.body);
      });
    },
  };
}
