/** Reading the supervision hierarchy's path ids and query filters: malformed input is a 4xx, never a SQL error. */
import type { Request } from 'express';
import { ApiError } from '../../http/errors.js';
import { isUuid } from '../../http/request-params.js';

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export const isFacilityId = (text: string) => FHIR_ID.test(text);

/** The `:id` of the path; anything but a UUID cannot name a row, so it is simply not found. */
export function pathId(req: Request, notFound: (id: string) => ApiError): string {
  const id = req.params.id as string;
  if (!isUuid(id)) throw notFound(id);
  return id;
}

/** An optional, single-valued filter; malformed answers 400 naming the parameter. */
export function filter(req: Request, name: string, valid: (text: string) => boolean = () => true): string | undefined {
  const value = req.query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !valid(value)) throw new ApiError(400, 'lastmile.error.query', `${name} is malformed`);
  return value;
}

export function uuidFilter(req: Request, name: string): string | undefined {
  return filter(req, name, isUuid);
}

export function facilityFilter(req: Request, name: string): string | undefined {
  return filter(req, name, isFacilityId);
}
