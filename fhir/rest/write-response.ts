/** The answer to a create or update, shaped by `Prefer: return=...`. */
import { informational } from '../outcomes.js';
import type { StoredResource, WriteResult } from '../store/resource-store.js';
import { preferredReturn, type FhirContext, type FhirResponse } from './context.js';
import { versionHeaders } from './versioning.js';

export function writeResponse(ctx: FhirContext, result: WriteResult): FhirResponse {
  const { stored } = result;
  const created = result.outcome === 'created';
  const headers: Record<string, string> = { ...versionHeaders(stored) };
  if (created) headers.Location = `${ctx.baseUrl}/${stored.resourceType}/${stored.id}/_history/${stored.version}`;
  const status = created ? 201 : 200;
  switch (preferredReturn(ctx.req)) {
    case 'minimal':
      return { status, headers };
    case 'OperationOutcome':
      return { status, headers, body: informational(describe(result.outcome, stored)) };
    default:
      return { status, headers, body: stored.content };
  }
}

function describe(outcome: WriteResult['outcome'], stored: StoredResource): string {
  const what = `${stored.resourceType}/${stored.id}`;
  if (outcome === 'unchanged') return `${what} is unchanged at version ${stored.version}`;
  return `${what} ${outcome === 'created' ? 'created' : 'updated'} as version ${stored.version}`;
}
