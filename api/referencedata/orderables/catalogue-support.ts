/**
 * What the product catalogue's services and routes share (commodity types, trade items, lots,
 * orderables): message keys, unique-constraint answers, hierarchy locks and query parameters.
 * It lives with orderables, the hub of the catalogue, because shared/ belongs to the whole module.
 */
import type { Request, Response } from 'express';
import type { EntityManager } from 'typeorm';
import { ApiError } from '../../http/errors.js';
import { isUuid } from '../../http/request-params.js';
import { escapeLike } from '../../db/like.js';

export type ErrorFactory = (status: number, problem: string, message: string, details?: unknown) => ApiError;

/** Errors of one entity, keyed `referenceData.error.<entity>.<problem>`. */
export function catalogueErrors(entity: string): ErrorFactory {
  return (status, problem, message, details) => new ApiError(status, `referenceData.error.${entity}.${problem}`, message, details);
}

/** A 400 that also names the field, shaped like the body validator's answers. */
export function fieldError(errors: ErrorFactory, field: string, problem: string, message: string): ApiError {
  return errors(400, problem, message, { fieldErrors: { [field]: message } });
}

const UNIQUE_VIOLATION = '23505';

/**
 * Rethrows a database error: the violation of one of the named unique constraints (or unique
 * indexes) becomes the answer chosen for it, anything else goes on unchanged.
 */
export function rethrowUnique(error: unknown, answers: Record<string, () => ApiError>): never {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  const answer = driverError?.code === UNIQUE_VIOLATION ? answers[driverError.constraint ?? ''] : undefined;
  throw answer ? answer() : error;
}

/**
 * Serialises changes to one hierarchy (the commodity type tree, kit contents) until the
 * transaction ends: two concurrent edits could otherwise each close half of a cycle unseen.
 */
export async function lockHierarchy(manager: EntityManager, hierarchy: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`lastmile.${hierarchy}`]);
}

/** The `:id` of a path; one that is not even a UUID names nothing, so it is a 404 like an unknown one. */
export function pathId(req: Request, notFound: (id: string) => ApiError, param = 'id'): string {
  const id = req.params[param] as string;
  if (!isUuid(id)) throw notFound(id);
  return id;
}

export function setVersionTag(res: Response, version: number): Response {
  return res.setHeader('ETag', `W/"${version}"`);
}

const isDay = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));

/** Query parameters, read strictly: a malformed filter is a 400, never an empty or unfiltered list. */
export const query = {
  text(req: Request, name: string): string | undefined {
    const value = req.query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw badQuery(name, 'must be given once');
    return value;
  },
  uuids(req: Request, name: string): string[] | undefined {
    const value = req.query[name];
    if (value === undefined) return undefined;
    const values = ([] as unknown[]).concat(value);
    if (!values.every((v) => typeof v === 'string' && isUuid(v))) throw badQuery(name, 'must be a UUID');
    return values as string[];
  },
  uuid(req: Request, name: string): string | undefined {
    const text = query.text(req, name);
    if (text !== undefined && !isUuid(text)) throw badQuery(name, 'must be a UUID');
    return text;
  },
  day(req: Request, name: string): string | undefined {
    const text = query.text(req, name);
    if (text !== undefined && !isDay(text)) throw badQuery(name, 'must be a date like 2024-01-31');
    return text;
  },
  boolean(req: Request, name: string): boolean | undefined {
    const text = query.text(req, name);
    if (text === undefined) return undefined;
    if (text !== 'true' && text !== 'false') throw badQuery(name, 'must be true or false');
    return text === 'true';
  },
  positiveInteger(req: Request, name: string): number | undefined {
    const text = query.text(req, name);
    if (text !== undefined && !/^[1-9]\d{0,8}$/.test(text)) throw badQuery(name, 'must be a whole number from 1');
    return text === undefined ? undefined : Number(text);
  },
};

function badQuery(name: string, problem: string): ApiError {
  return new ApiError(400, 'lastmile.error.query', `The query parameter ${name} ${problem}`);
}

/** Escapes LIKE's wildcards so a name filter matches the text as typed. */
export function likePattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
