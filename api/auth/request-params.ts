/** Reading the auth module's query filters: malformed input answers 400 naming the parameter, never a SQL error. */
import type { Request } from 'express';
import { ApiError } from '../http/errors.js';
import { isUuid } from '../http/request-params.js';

/** An optional, single-valued text filter. */
export function queryText(req: Request, name: string, valid: (text: string) => boolean = () => true): string | undefined {
  const value = req.query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !valid(value)) throw new ApiError(400, 'lastmile.error.query', `${name} is malformed`);
  return value;
}

export function queryUuid(req: Request, name: string): string | undefined {
  return queryText(req, name, isUuid);
}

/** `true` or `false`; absent is undefined. */
export function queryBoolean(req: Request, name: string): boolean | undefined {
  const value = queryText(req, name, (text) => text === 'true' || text === 'false');
  return value === undefined ? undefined : value === 'true';
}
