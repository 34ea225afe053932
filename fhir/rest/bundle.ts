/**
 * batch and transaction: POST [base] with a Bundle.
 *
 * A transaction is all-or-nothing in one database transaction: entries run in FHIR's order
 * (DELETE, POST, PUT, GET), `urn:uuid:` fullUrls of new resources get server ids and every
 * reference to them is rewritten first, and references are checked when it commits, so parents
 * and children may come in any order (mCSD ITI-130 Feed). A batch runs each entry on its own.
 */
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import crypto from 'node:crypto';
import { badRequest, FhirError, issue, operationOutcome, preconditionFailed } from '../outcomes.js';
import { findMatches } from './conditional.js';
import type { WriteSession } from '../store/session.js';
import type { PutRequest, WriteResult } from '../store/resource-store.js';
import { validateFhirResource } from '../validation/validate.js';
import { parseBody } from './body.js';
import { preferredReturn, type FhirContext, type FhirResponse } from './context.js';
import { requireId, requireInteraction, requireType } from './resource-paths.js';
import type { Interaction } from '../registry.js';
import { parseIfMatch } from './versioning.js';
import { permit } from './access.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
/** A conditional create (`ifNoneExist`) that found its one match: nothing is written. */
type Planned = Method | 'MATCHED';
const ORDER: Method[] = ['DELETE', 'POST', 'PUT', 'GET'];
const MAX_ENTRIES = 10_000;

interface PlannedEntry {
  index: number;
  method: Planned;
  type: string;
  id?: string;
  resource?: Resource;
  ifMatch?: number;
}

export async function bundleInteraction(ctx: FhirContext): Promise<FhirResponse> {
  const body = parseBody(ctx.req);
  if (body.resourceType !== 'Bundle') throw badRequest('POST to the base URL takes a batch or transaction Bundle', 'resourceType');
  const bundle = body as unknown as Bundle;
  if (bundle.type !== 'transaction' && bundle.type !== 'batch') throw badRequest(`Bundle.type must be transaction or batch, not ${bundle.type}`, 'Bundle.type');
  const entries = bundle.entry ?? [];
  if (entries.length > MAX_ENTRIES) throw badRequest(`A Bundle may hold at most ${MAX_ENTRIES} entries`, 'Bundle.entry');
  return bundle.type === 'transaction' ? transaction(ctx, entries) : batch(ctx, entries);
}

async function transaction(ctx: FhirContext, entries: BundleEntry[]): Promise<FhirResponse> {
  const planned = planTransaction(entries, await conditionalMatches(ctx, entries));
  // Every entry is checked before anything is written (creates and updates are written in batches).
  for (const entry of planned) {
    try {
      checkEntry(ctx, entry);
    } catch (error) {
      throw locate(error, entry.index);
    }
  }
  const responses = await ctx.store.transaction(async (session) => {
    const results: BundleEntry[] = new Array(entries.length);
    const run = async (method: Planned) => {
      for (const entry of planned.filter((p) => p.method === method)) {
        results[entry.index] = await runEntry(ctx, entry, session).catch((error: unknown) => {
          throw locate(error, entry.index);
        });
      }
    };
    await run('DELETE');
    // Creates and updates go to the store in two batches (a fixed number of statements each).
    for (const method of ['POST', 'PUT'] as const) {
      const group = planned.filter((p) => p.method === method);
      const written = await ctx.store.putMany(group.map(putRequest), ctx.owner, session);
      group.forEach((entry, i) => (results[entry.index] = writtenEntry(ctx, written[i])));
    }
    await run('MATCHED');
    await run('GET');
    return results;
  });
  return { status: 200, body: { resourceType: 'Bundle', type: 'transaction-response', entry: responses } };
}

function putRequest(entry: PlannedEntry): PutRequest {
  const resource = entry.resource!;
  if (entry.method === 'POST') return { resource: { ...resource, id: entry.id ?? crypto.randomUUID() }, method: 'POST' };
  return { resource: { ...resource, id: requireId(entry.id ?? '') }, method: 'PUT', ifMatch: entry.ifMatch };
}

async function batch(ctx: FhirContext, entries: BundleEntry[]): Promise<FhirResponse> {
  const results: BundleEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    try {
      const [planned] = planTransaction([entry], await conditionalMatches(ctx, [entry])).map((p) => ({ ...p, index }));
      results.push(await ctx.store.transaction((session) => runEntry(ctx, planned, session)));
    } catch (error) {
      results.push(failedEntry(error));
    }
  }
  return { status: 200, body: { resourceType: 'Bundle', type: 'batch-response', entry: results } };
}

/** The existing resource each conditional create (POST with ifNoneExist) matches, by entry index. */
async function conditionalMatches(ctx: FhirContext, entries: BundleEntry[]): Promise<Map<number, string>> {
  const matched = new Map<number, string>();
  for (const [index, entry] of entries.entries()) {
    const criteria = entry.request?.ifNoneExist;
    const type = entry.resource?.resourceType;
    if (entry.request?.method !== 'POST' || !criteria || !type) continue;
    const ids = await findMatches(ctx, type, criteria).catch((error: unknown) => {
      throw locate(error, index);
    });
    if (ids.length > 1) throw locate(preconditionFailed(`ifNoneExist matched ${ids.length} ${type} resources`), index);
    if (ids.length === 1) matched.set(index, ids[0]);
  }
  return matched;
}

/**
 * Gives new resources their ids and rewrites `urn:uuid:` references to them everywhere; a
 * conditional create that matched points its references at the resource it matched.
 */
function planTransaction(entries: BundleEntry[], matched: Map<number, string>): PlannedEntry[] {
  const placeholders = new Map<string, string>();
  for (const [index, entry] of entries.entries()) {
    const fullUrl = entry.fullUrl;
    if (!fullUrl?.startsWith('urn:uuid:') || !entry.resource?.resourceType) continue;
    if (placeholders.has(fullUrl)) throw badRequest(`fullUrl ${fullUrl} appears twice`);
    const method = entry.request?.method;
    const urlId = method === 'PUT' ? entry.request?.url?.split('/')[1]?.split('?')[0] : matched.get(index);
    placeholders.set(fullUrl, `${entry.resource.resourceType}/${urlId ?? crypto.randomUUID()}`);
  }
  return plan(entries, placeholders).map((entry) =>
    matched.has(entry.index) ? { ...entry, method: 'MATCHED', id: matched.get(entry.index) } : entry,
  );
}

function plan(entries: BundleEntry[], placeholders: Map<string, string>): PlannedEntry[] {
  return entries.map((entry, index) => {
    const method = entry.request?.method as Method | undefined;
    const url = entry.request?.url;
    if (!method || !ORDER.includes(method) || !url) throw locate(badRequest('Each entry needs request.method (GET, POST, PUT or DELETE) and request.url'), index);
    const [path] = url.replace(/^\//, '').split('?');
    const [type, id] = path.split('/');
    const planned: PlannedEntry = { index, method, type, id, ifMatch: parseIfMatch(entry.request?.ifMatch) };
    if (method === 'POST' || method === 'PUT') {
      const raw = replacePlaceholders(entry.resource, placeholders);
      if (method === 'POST' && entry.fullUrl && placeholders.has(entry.fullUrl)) planned.id = placeholders.get(entry.fullUrl)!.split('/')[1];
      planned.resource = validateEntryResource(raw, type, index);
      if (method === 'PUT' && planned.resource.id !== undefined && planned.resource.id !== id) {
        throw locate(badRequest(`The resource id "${planned.resource.id}" differs from request.url's "${id}"`), index);
      }
    }
    return planned;
  });
}

function validateEntryResource(raw: unknown, type: string, index: number): Resource {
  try {
    return validateFhirResource(raw, { expectedType: type });
  } catch (error) {
    throw locate(error, index);
  }
}

/** The entry's type is served, offers the entry's interaction, and the caller may do it. */
function checkEntry(ctx: FhirContext, entry: PlannedEntry): string {
  const type = requireType(entry.type);
  const interaction = ({ POST: 'create', PUT: 'update', DELETE: 'delete' } as Record<string, Interaction>)[entry.method];
  if (interaction) requireInteraction(type, interaction);
  return permit(ctx, type, interaction ? 'write' : 'read');
}

async function runEntry(ctx: FhirContext, entry: PlannedEntry, session: WriteSession): Promise<BundleEntry> {
  const type = checkEntry(ctx, entry);
  const options = { owner: ctx.owner, ifMatch: entry.ifMatch };
  switch (entry.method) {
    case 'MATCHED': {
      const stored = await ctx.store.read(type, entry.id!, session.db);
      const location = `${type}/${stored.id}/_history/${stored.version}`;
      return { fullUrl: `${ctx.baseUrl}/${type}/${stored.id}`, response: { status: '200 OK', location, etag: `W/"${stored.version}"` } };
    }
    case 'GET': {
      const stored = await ctx.store.read(type, requireId(entry.id ?? ''), session.db);
      return { resource: JSON.parse(stored.content), response: { status: '200 OK', etag: `W/"${stored.version}"` } };
    }
    case 'DELETE': {
      const result = await ctx.store.delete(type, requireId(entry.id ?? ''), options, session);
      return { response: { status: '200 OK', ...(result ? { etag: `W/"${result.stored.version}"` } : {}) } };
    }
    case 'POST': {
      const resource = entry.resource!;
      const result = entry.id
        ? await ctx.store.update({ ...resource, id: entry.id }, { ...options, ifMatch: undefined }, session)
        : await ctx.store.create(resource, options, session);
      return writtenEntry(ctx, result);
    }
    case 'PUT': {
      const id = requireId(entry.id ?? '');
      if (entry.resource!.id !== undefined && entry.resource!.id !== id) throw badRequest(`The resource id "${entry.resource!.id}" differs from request.url's "${id}"`);
      return writtenEntry(ctx, await ctx.store.update({ ...entry.resource!, id }, options, session));
    }
  }
}

function writtenEntry(ctx: FhirContext, result: WriteResult): BundleEntry {
  const { stored } = result;
  const location = `${stored.resourceType}/${stored.id}/_history/${stored.version}`;
  const entry: BundleEntry = {
    fullUrl: `${ctx.baseUrl}/${stored.resourceType}/${stored.id}`,
    response: { status: result.outcome === 'created' ? '201 Created' : '200 OK', location, etag: `W/"${stored.version}"`, lastModified: stored.lastUpdated.toISOString() },
  };
  if (preferredReturn(ctx.req) === 'representation') entry.resource = JSON.parse(stored.content) as Resource;
  return entry;
}

function replacePlaceholders(resource: unknown, placeholders: Map<string, string>): unknown {
  if (placeholders.size === 0 || resource === undefined) return resource;
  return JSON.parse(JSON.stringify(resource), (key, value) =>
    key === 'reference' && typeof value === 'string' && placeholders.has(value) ? placeholders.get(value) : value,
  );
}

/** Prefixes an error's issues with the entry it came from, so a client can find it. */
function locate(error: unknown, index: number): unknown {
  if (!(error instanceof FhirError)) return error;
  for (const found of error.outcome.issue ?? []) {
    found.diagnostics = `Bundle.entry[${index}]: ${found.diagnostics ?? found.code}`;
  }
  return error;
}

function failedEntry(error: unknown): BundleEntry {
  const status = error instanceof FhirError ? error.status : 500;
  const outcome = error instanceof FhirError ? error.outcome : operationOutcome([issue('error', 'exception', 'The entry failed')]);
  return { response: { status: String(status), outcome } };
}
