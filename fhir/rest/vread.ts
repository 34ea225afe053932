/** vread: GET [base]/[type]/[id]/_history/[vid] */
import type { FhirContext, FhirResponse } from './context.js';
import { requireId, requireType } from './resource-paths.js';
import { parseVersionId, versionHeaders } from './versioning.js';
import { permit } from './access.js';

export async function vreadInteraction(ctx: FhirContext, type: string, id: string, vid: string): Promise<FhirResponse> {
  const stored = await ctx.store.vread(permit(ctx, requireType(type), 'read'), requireId(id), parseVersionId(vid));
  return { status: 200, headers: versionHeaders(stored), body: stored.content };
}
