/**
 * One HTTP(S) exchange with OpenHIM core's API, with the TLS trust the deployment configures.
 * node:https rather than fetch: fetch takes no per-request CA, and OpenHIM ships self-signed
 * certificates that only a custom CA (or, in development, no verification) gets past.
 */
import http from 'node:http';
import https from 'node:https';

export interface TlsTrust {
  /** PEM of the CA (or the self-signed certificate itself) the server's certificate chains to. */
  ca?: string;
  /** Accept any certificate: development only. */
  insecure?: boolean;
}

export interface HttpExchange {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  tls?: TlsTrust;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Network failures keep node's error code (ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT...); a timeout is ETIMEDOUT. */
export function httpExchange(url: URL, exchange: HttpExchange): Promise<HttpAnswer> {
  const secure = url.protocol === 'https:';
  const options: https.RequestOptions = {
    method: exchange.method,
    headers: {
      ...exchange.headers,
      ...(exchange.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(exchange.body)) } : {}),
    },
    // A fresh connection per call: heartbeats are 10 s apart, and nothing stays open after stop.
    agent: false,
    signal: exchange.signal,
    ...(secure ? { ca: exchange.tls?.ca, rejectUnauthorized: !exchange.tls?.insecure } : {}),
  };
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.setTimeout(exchange.timeoutMs, () => request.destroy(Object.assign(new Error(`no answer within ${exchange.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
    request.end(exchange.body);
  });
}
