/** read: GET [base]/[type]/[id] */
import type { FhirContext, FhirResponse } from './context.js';
import { requireId, requireType } from './resource-paths.js';
import { versionHeaders } from './versioning.js';
import { permit } from './access.js';

export async function readInteraction(ctx: FhirContext, type: string, id: string): Promise<FhirResponse> {
  const stored = await ctx.store.read(permit(ctx, requireType(type), 'read'), requireId(id));
  return { status: 200, headers: versionHeaders(stored), body: stored.content };
}
