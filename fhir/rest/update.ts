/** update: PUT [base]/[type]/[id] (If-Match aware; creates when the id is new), and conditional update. */
import { badRequest, preconditionFailed } from '../outcomes.js';
import { readResource } from './body.js';
import type { FhirContext, FhirResponse } from './context.js';
import { findMatches } from './conditional.js';
import { requireId, requireInteraction } from './resource-paths.js';
import { parseIfMatch } from './versioning.js';
import { writeResponse } from './write-response.js';
import { permit } from './access.js';

export async function updateInteraction(ctx: FhirContext, type: string, id: string): Promise<FhirResponse> {
  permit(ctx, requireInteraction(type, 'update'), 'write');
  requireId(id);
  const resource = readResource(ctx.req, type);
  if (resource.id === undefined) throw badRequest(`The body has no id; it must be "${id}" as in the URL`, `${type}.id`);
  if (resource.id !== id) throw badRequest(`The body's id "${resource.id}" differs from the URL's "${id}"`, `${type}.id`);
  const result = await ctx.store.update({ ...resource, id }, { owner: ctx.owner, ifMatch: parseIfMatch(ctx.req.get('if-match')) });
  return writeResponse(ctx, result);
}

/** PUT [base]/[type]?criteria: update the one match, create when none, 412 when several. */
export async function conditionalUpdateInteraction(ctx: FhirContext, type: string, criteria: string): Promise<FhirResponse> {
  permit(ctx, requireInteraction(type, 'update'), 'write');
  const resource = readResource(ctx.req, type);
  const matches = await findMatches(ctx, type, criteria);
  if (matches.length > 1) throw preconditionFailed(`The criteria matched ${matches.length} ${type} resources`);
  const id = matches[0] ?? resource.id;
  if (matches[0] && resource.id !== undefined && resource.id !== matches[0]) {
    throw badRequest(`The body's id "${resource.id}" differs from the matching resource's "${matches[0]}"`, `${type}.id`);
  }
  const options = { owner: ctx.owner, ifMatch: parseIfMatch(ctx.req.get('if-match')) };
  const result = id ? await ctx.store.update({ ...resource, id: requireId(id) }, options) : await ctx.store.create(resource, options);
  return writeResponse(ctx, result);
}
