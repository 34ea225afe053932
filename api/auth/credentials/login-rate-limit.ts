/**
 * Per-IP rate limit on the endpoints that check passwords (the login form, the password grant,
 * the administrator setup), on top of the per-account lockout: it slows guessing across many
 * usernames from one address. Only refused attempts count, so a clinic's users behind one address
 * can all sign in. Counts are per instance (in memory); the lockout is shared in PostgreSQL.
 */
import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';

const WINDOW_MS = 60_000;

export function loginRateLimit(perMinute: number, answer: RequestHandler): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    handler: answer,
  });
}
