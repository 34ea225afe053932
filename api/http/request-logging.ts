/**
 * One request id per request (the caller's X-Request-Id when it is sane, else a new UUID), echoed
 * in the response and present on every log line about the request, and one line per finished
 * request at a level that follows its status.
 *
 * Written here rather than with pino-http: pino-http builds a child logger and serialises the
 * request on every request, which cost a quarter of the FHIR read throughput even with the line
 * filtered out. Here the child logger is made only when something logs, and the access line only
 * when its level is enabled.
 */
import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';

declare module 'http' {
  interface IncomingMessage {
    /** The request id (X-Request-Id). */
    id: string;
    /** A logger whose lines carry the request id. */
    log: Logger;
  }
}

const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;
/** Health probes and scrapes arrive every few seconds: keep them out of the access log. */
const QUIET_PATHS = new Set(['/health', '/health/ready', '/metrics']);

export function requestLogging(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', { get: () => (child ??= logger.child({ reqId: id })), configurable: true });
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const path = req.originalUrl.split('?')[0]; // query strings may carry tokens: never logged
      if (QUIET_PATHS.has(path)) return;
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const responseTime = Number(process.hrtime.bigint() - started) / 1e6;
      req.log[level]({ req: { method: req.method, url: path, remoteAddress: req.socket.remoteAddress }, res: { statusCode: res.statusCode }, responseTime }, 'request completed');
    });
    next();
  };
}
