/** delete: DELETE [base]/[type]/[id] (soft: the deletion is a version visible in history). */
import { informational } from '../outcomes.js';
import type { FhirContext, FhirResponse } from './context.js';
import { requireId, requireInteraction } from './resource-paths.js';
import { parseIfMatch } from './versioning.js';
import { permit } from './access.js';

export async function deleteInteraction(ctx: FhirContext, type: string, id: string): Promise<FhirResponse> {
  const result = await ctx.store.delete(permit(ctx, requireInteraction(type, 'delete'), 'write'), requireId(id), { owner: ctx.owner, ifMatch: parseIfMatch(ctx.req.get('if-match')) });
  if (!result) return { status: 200, body: informational(`${type}/${id} does not exist (or is already deleted)`) };
  return { status: 200, headers: { ETag: `W/"${result.stored.version}"` }, body: informational(`${type}/${id} deleted`) };
}
