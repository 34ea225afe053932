/**
 * Paging as OpenLMIS clients expect it: `page` (from 0), `size`, `sort=field,asc|desc` (repeatable)
 * in the query, and a Spring-style Page envelope in the answer. Without `page` and `size` a list
 * is unpaged, as in OpenLMIS, up to MAX_UNPAGED rows.
 */
import type { Request } from 'express';
import { ApiError } from './errors.js';

export const MAX_PAGE_SIZE = 1000;
export const MAX_UNPAGED = 10_000;

export interface PageRequest {
  page: number;
  size: number;
  sort: Array<{ field: string; direction: 'ASC' | 'DESC' }>;
}

export interface Page<T> {
  content: T[];
  totalElements: number;
  totalPages: number;
  size: number;
  number: number;
  numberOfElements: number;
  first: boolean;
  last: boolean;
  sort: Array<{ property: string; direction: 'ASC' | 'DESC' }>;
}

/** Reads paging from the query; `sortable` maps the API's field names to entity properties. */
export function pageRequest(req: Request, sortable: Record<string, string>, defaultSort: string): PageRequest {
  const paged = req.query.page !== undefined || req.query.size !== undefined;
  const page = whole(req.query.page, 'page', 0);
  const size = paged ? whole(req.query.size, 'size', 20) : MAX_UNPAGED;
  if (size < 1 || (paged && size > MAX_PAGE_SIZE)) throw new ApiError(400, 'lastmile.error.paging', `size must be from 1 to ${MAX_PAGE_SIZE}`);
  const given = ([] as unknown[]).concat(req.query.sort ?? defaultSort).map(String);
  const sort = given.map((text) => {
    const [field, direction = 'asc'] = text.split(',');
    if (!(field in sortable) || !/^(asc|desc)$/i.test(direction)) {
      throw new ApiError(400, 'lastmile.error.paging', `sort must be one of ${Object.keys(sortable).join(', ')}, optionally with ,asc or ,desc; got "${text}"`);
    }
    return { field: sortable[field], direction: direction.toUpperCase() as 'ASC' | 'DESC' };
  });
  return { page, size, sort };
}

export function toPage<T>(content: T[], totalElements: number, request: PageRequest): Page<T> {
  const totalPages = Math.max(1, Math.ceil(totalElements / request.size));
  return {
    content,
    totalElements,
    totalPages,
    size: request.size,
    number: request.page,
    numberOfElements: content.length,
    first: request.page === 0,
    last: request.page >= totalPages - 1,
    sort: request.sort.map((s) => ({ property: s.field, direction: s.direction })),
  };
}

function whole(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) throw new ApiError(400, 'lastmile.error.paging', `${name} must be a whole number`);
  return Number(value);
}
