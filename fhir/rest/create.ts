/** create: POST [base]/[type], and conditional create with If-None-Exist. */
import { preconditionFailed } from '../outcomes.js';
import { readResource } from './body.js';
import type { FhirContext, FhirResponse } from './context.js';
import { requireInteraction } from './resource-paths.js';
import { findMatches } from './conditional.js';
import { versionHeaders } from './versioning.js';
import { writeResponse } from './write-response.js';
import { permit } from './access.js';

export async function createInteraction(ctx: FhirContext, type: string): Promise<FhirResponse> {
  permit(ctx, requireInteraction(type, 'create'), 'write');
  const resource = readResource(ctx.req, type);
  const ifNoneExist = ctx.req.get('if-none-exist');
  if (ifNoneExist !== undefined) {
    const matches = await findMatches(ctx, type, ifNoneExist);
    if (matches.length > 1) throw preconditionFailed(`If-None-Exist matched ${matches.length} ${type} resources`);
    if (matches.length === 1) {
      const existing = await ctx.store.read(type, matches[0]);
      return { status: 200, headers: versionHeaders(existing), body: existing.content };
    }
  }
  const result = await ctx.store.create(resource, { owner: ctx.owner });
  return writeResponse(ctx, result);
}
