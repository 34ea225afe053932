/**
 * Structured JSON logs (pino). Credentials never reach a log line: request and response headers
 * that carry them are redacted here, and database URLs are masked where they are logged.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
];

export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'lastmile' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
}
