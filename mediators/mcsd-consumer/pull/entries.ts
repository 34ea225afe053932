/**
 * Reads a page from a supplier into entries to stage: a create or update (the resource, checked
 * as every write to Lastmile's FHIR layer is) or a delete (an entry without a resource, known by
 * its `request`). What cannot be read is reported with the reason and left out; a resource that
 * fails validation is staged as skipped, so it still supersedes older versions of itself.
 */
import { FhirError, validateSyncedResource } from '../../../fhir/index.js';
import { isFhirId, registryTarget } from '../references.js';
import type { SyncType } from '../sources/source-definition.js';

export interface StagedEntry {
  type: SyncType;
  remoteId: string;
  method: 'PUT' | 'DELETE';
  versionTime?: string;
  versionId?: number;
  /** The resource as the supplier sent it (JSON text); none for a delete. */
  content?: string;
  /** For Location and Organization: the registry id of the parent (`partOf`). */
  parentRemoteId?: string;
  state: 'pending' | 'skipped';
  reason?: string;
}

export interface EntryProblem {
  resourceType?: string;
  remoteId?: string;
  reason: string;
}

export class MalformedPage extends Error {}

interface RawEntry {
  fullUrl?: unknown;
  resource?: Record<string, unknown>;
  request?: { method?: unknown; url?: unknown };
  response?: { etag?: unknown; lastModified?: unknown };
  search?: { mode?: unknown };
}

export interface PageEntries {
  entries: StagedEntry[];
  problems: EntryProblem[];
}

/** The entries of one page of `type`'s feed; throws MalformedPage when the page is no Bundle at all. */
export function readEntries(page: unknown, type: SyncType, baseUrl: string): PageEntries {
  const bundle = page as { resourceType?: unknown; entry?: unknown };
  if (typeof page !== 'object' || page === null || bundle.resourceType !== 'Bundle') {
    throw new MalformedPage(`the page is not a FHIR Bundle (resourceType ${JSON.stringify(bundle?.resourceType ?? null)})`);
  }
  const result: PageEntries = { entries: [], problems: [] };
  if (bundle.entry === undefined) return result;
  if (!Array.isArray(bundle.entry)) {
    result.problems.push({ resourceType: type, reason: 'Bundle.entry is not a list: the page was skipped' });
    return result;
  }
  for (const [index, raw] of bundle.entry.entries()) {
    const read = readEntry(raw as RawEntry, type, baseUrl);
    if (!read) continue;
    if ('method' in read) result.entries.push(read);
    else result.problems.push({ ...read, reason: `entry ${index}: ${read.reason}` });
  }
  return result;
}

function readEntry(entry: RawEntry, type: SyncType, baseUrl: string): StagedEntry | EntryProblem | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return { resourceType: type, reason: 'the entry is not an object' };
  const mode = entry.search?.mode;
  if (mode === 'include' || mode === 'outcome') return undefined; // search fallback: not a match
  const method = typeof entry.request?.method === 'string' ? entry.request.method.toUpperCase() : undefined;
  if (method === 'DELETE' || (entry.resource === undefined && entry.request !== undefined)) return deletion(entry, type, baseUrl, method);
  if (entry.resource === undefined) return { resourceType: type, reason: 'the entry has neither a resource nor a request' };
  return version(entry, type, baseUrl);
}

function deletion(entry: RawEntry, type: SyncType, baseUrl: string, method: string | undefined): StagedEntry | EntryProblem {
  const target = registryTarget(entry.request?.url, baseUrl) ?? registryTarget(entry.fullUrl, baseUrl);
  if (method !== 'DELETE') return { resourceType: type, remoteId: target?.id, reason: `an entry without a resource must be a DELETE, not ${String(method ?? 'without a method')}` };
  if (!target) return { resourceType: type, reason: `the DELETE names no ${type}: request.url ${JSON.stringify(entry.request?.url ?? null)}` };
  if (target.type !== type) return { resourceType: target.type, remoteId: target.id, reason: `a ${target.type} in the ${type} feed` };
  return { type, remoteId: target.id, method: 'DELETE', ...versionOf(entry.response?.etag, entry.response?.lastModified), state: 'pending' };
}

function version(entry: RawEntry, type: SyncType, baseUrl: string): StagedEntry | EntryProblem {
  const resource = entry.resource as Record<string, unknown>;
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) return { resourceType: type, reason: 'the entry\'s resource is not an object' };
  if (resource.resourceType !== type) return { resourceType: String(resource.resourceType), reason: `a ${String(resource.resourceType)} in the ${type} feed` };
  if (!isFhirId(resource.id)) return { resourceType: type, reason: `the ${type} has no valid id (${JSON.stringify(resource.id ?? null)})` };
  const meta = resource.meta as { versionId?: unknown; lastUpdated?: unknown } | undefined;
  const staged: StagedEntry = {
    type,
    remoteId: resource.id,
    method: 'PUT',
    ...versionOf(meta?.versionId ?? entry.response?.etag, meta?.lastUpdated ?? entry.response?.lastModified),
    content: JSON.stringify(resource),
    parentRemoteId: parentOf(resource, type, baseUrl),
    state: 'pending',
  };
  try {
    validateSyncedResource(resource, { expectedType: type });
  } catch (error) {
    if (!(error instanceof FhirError)) throw error;
    return { ...staged, content: undefined, state: 'skipped', reason: `invalid ${type}: ${error.message}` };
  }
  return staged;
}

/** The version as far as the supplier tells it: a numeric versionId (or ETag) and an instant. */
function versionOf(versionId: unknown, lastUpdated: unknown): Pick<StagedEntry, 'versionId' | 'versionTime'> {
  const idText = typeof versionId === 'string' ? /^(?:W\/)?"?(\d{1,15})"?$/.exec(versionId)?.[1] : undefined;
  const time = typeof lastUpdated === 'string' ? new Date(lastUpdated) : undefined;
  return {
    ...(idText ? { versionId: Number(idText) } : {}),
    ...(time && !Number.isNaN(time.getTime()) ? { versionTime: time.toISOString() } : {}),
  };
}

/** Location.partOf and Organization.partOf: the hierarchy applied parents first. */
function parentOf(resource: Record<string, unknown>, type: SyncType, baseUrl: string): string | undefined {
  if (type === 'HealthcareService') return undefined;
  const reference = (resource.partOf as { reference?: unknown } | undefined)?.reference;
  const target = registryTarget(reference, baseUrl);
  return target?.type === type ? target.id : undefined;
}
