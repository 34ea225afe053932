/**
 * API errors: every error answer carries a stable `messageKey` (for clients and translations) and
 * a readable `message`. Bad input is a 4xx, never a 500; a 500 never leaks internals.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  messageKey: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'lastmile.error.notFound', `No resource at ${req.method} ${req.baseUrl}${req.path}`));
};

/** Errors thrown by body-parser carry `type` and `status`; they are the client's fault. */
interface HttpLikeError {
  status?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  const body = toErrorBody(error);
  body.body.requestId = String(req.id ?? '');
  if (body.status >= 500) req.log?.error({ err: error }, 'request failed');
  if (res.headersSent) return;
  res.status(body.status).json(body.body);
};

function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof ApiError) {
    return { status: error.status, body: { messageKey: error.messageKey, message: error.message, details: error.details } };
  }
  const http = error as HttpLikeError;
  if (http?.type === 'entity.parse.failed') {
    return { status: 400, body: { messageKey: 'lastmile.error.malformedJson', message: 'The request body is not valid JSON' } };
  }
  if (http?.type === 'entity.too.large') {
    return { status: 413, body: { messageKey: 'lastmile.error.bodyTooLarge', message: 'The request body is too large' } };
  }
  if (typeof http?.status === 'number' && http.status >= 400 && http.status < 500 && http.expose) {
    const messageKey = http.status === 404 ? 'lastmile.error.notFound' : 'lastmile.error.badRequest';
    return { status: http.status, body: { messageKey, message: http.message ?? 'Bad request' } };
  }
  return { status: 500, body: { messageKey: 'lastmile.error.internal', message: 'An unexpected error occurred' } };
}
