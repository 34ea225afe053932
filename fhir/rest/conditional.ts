/**
 * Matching for conditional interactions (If-None-Exist, conditional update). Unlike a search, a
 * criterion that cannot be applied is an error: ignoring it would widen the match and update or
 * skip creating the wrong resource.
 */
import { badRequest } from '../outcomes.js';
import { matchingIds } from '../search/execute.js';
import { parseSearchRequest } from '../search/parse.js';
import type { FhirContext } from './context.js';
import { requireType } from './resource-paths.js';
import { permit } from './access.js';

/** Enough to tell none, one and several apart, and to name a few for conditional delete. */
export const MAX_CONDITIONAL_MATCHES = 1001;

/** The ids of the non-deleted resources of `type` matching `criteria` (a query string). */
export async function findMatches(ctx: FhirContext, type: string, criteria: string): Promise<string[]> {
  permit(ctx, requireType(type), 'read');
  // Some clients send `Type?criteria` (as in a transaction's request.url): accept that form too.
  const query = criteria.trim().replace(new RegExp(`^(${type})?\\?`), '');
  const request = parseSearchRequest(type, new URLSearchParams(query), { strict: true });
  if (request.criteria.length === 0) {
    throw badRequest(`The conditional criteria "${criteria}" contain no search criterion`);
  }
  return matchingIds(ctx.store.pool, request, MAX_CONDITIONAL_MATCHES);
}
