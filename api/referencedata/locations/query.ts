/** Query parameters shared by the facility and zone lists. */
import type { Request } from 'express';
import { ApiError } from '../../http/errors.js';

export function textQuery(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new ApiError(400, 'lastmile.error.query', `${name} must be given once`);
  return value;
}

export function booleanQuery(req: Request, name: string): boolean | undefined {
  const value = textQuery(req, name);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw new ApiError(400, 'lastmile.error.query', `${name} must be true or false`);
  return value === 'true';
}

export function listQuery(req: Request, name: string): string[] | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  const values = ([] as unknown[]).concat(value).flatMap((v) => String(v).split(',')).filter((v) => v !== '');
  return values.length > 0 ? values : undefined;
}
