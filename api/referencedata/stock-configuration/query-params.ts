/**
 * Reading the stock configuration list filters from a query string. OpenLMIS names some of them
 * two ways across versions (`program` and `programId`), so a filter may have aliases. A malformed
 * value is the client's mistake: 400, never a 500 from the database.
 */
import type { Request } from 'express';
import { ApiError } from '../../http/errors.js';
import { isUuid } from '../../http/request-params.js';

/** Every value given under any of `names` (repeatable parameters and aliases alike). */
function values(req: Request, names: string[]): string[] {
  return names.flatMap((name) => {
    const given = req.query[name];
    if (given === undefined) return [];
    const list = Array.isArray(given) ? given : [given];
    if (list.some((value) => typeof value !== 'string')) throw malformed(name, 'a plain value');
    return (list as string[]).filter((value) => value !== '');
  });
}

export function uuidParam(req: Request, ...names: string[]): string | undefined {
  const given = values(req, names);
  if (given.length > 1) throw new ApiError(400, 'lastmile.error.query', `${names[0]} may be given once`);
  if (given.length === 1 && !isUuid(given[0])) throw malformed(names[0], 'a UUID');
  return given[0];
}

/** A text parameter such as a FHIR Location id (letters, digits, '-' and '.', up to 64). */
export function idParam(req: Request, name: string): string | undefined {
  const given = values(req, [name]);
  if (given.length > 1) throw new ApiError(400, 'lastmile.error.query', `${name} may be given once`);
  if (given.length === 1 && !/^[A-Za-z0-9\-.]{1,64}$/.test(given[0])) throw malformed(name, 'an id');
  return given[0];
}

export function textParam(req: Request, name: string): string | undefined {
  const given = values(req, [name]);
  if (given.length > 1) throw new ApiError(400, 'lastmile.error.query', `${name} may be given once`);
  return given[0];
}

/** A repeatable parameter whose values come from a fixed list (e.g. reasonType=CREDIT&reasonType=DEBIT). */
export function enumParams<T extends string>(req: Request, name: string, allowed: readonly T[]): T[] | undefined {
  const given = values(req, [name]).flatMap((value) => value.split(','));
  const wrong = given.filter((value) => !allowed.includes(value as T));
  if (wrong.length > 0) throw malformed(name, `one of ${allowed.join(', ')} (got ${wrong.join(', ')})`);
  return given.length > 0 ? (given as T[]) : undefined;
}

function malformed(name: string, expected: string): ApiError {
  return new ApiError(400, 'lastmile.error.query', `${name} must be ${expected}`);
}
