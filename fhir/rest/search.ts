/**
 * search-type: GET [base]/[type]?params and POST [base]/[type]/_search. Answers a searchset
 * Bundle assembled as text around the stored JSON of each resource: the hot path (a page of a
 * Location hierarchy) never parses or re-serialises a resource.
 */
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { applySummary } from '../format/summary.js';
import { issue, operationOutcome } from '../outcomes.js';
import { executeSearch, type SearchResult } from '../search/execute.js';
import { parseSearchRequest } from '../search/parse.js';
import type { SearchRequest } from '../search/request.js';
import { encodeSearchCursor } from '../search/cursor.js';
import { prefersStrictHandling, type FhirContext, type FhirResponse } from './context.js';
import { requireType } from './resource-paths.js';
import { permit } from './access.js';

export async function searchInteraction(ctx: FhirContext, type: string, params: URLSearchParams): Promise<FhirResponse> {
  permit(ctx, requireType(type), 'read');
  const request = parseSearchRequest(type, params, { strict: prefersStrictHandling(ctx.req) });
  const found = await executeSearch(ctx.store.pool, request);
  // _include and _revinclude bring only the types the caller may read.
  const result = { ...found, included: found.included.filter((resource) => ctx.caller.may(resource.resourceType, 'read')) };
  return { status: 200, body: searchsetBundle(ctx.baseUrl, request, result, shapingOf(request)) };
}

interface Shaping {
  summary?: string;
  elements?: string[];
}

/** `_summary` (other than count) and `_elements` as accepted, applied to each matched resource. */
function shapingOf(request: SearchRequest): Shaping | undefined {
  const value = (name: string) => request.accepted.find(([param]) => param === name)?.[1];
  const summary = value('_summary');
  const elements = value('_elements')?.split(',').map((e) => e.trim()).filter(Boolean);
  if ((summary === undefined || summary === 'count' || summary === 'false') && !elements?.length) return undefined;
  return { summary: summary === 'count' ? undefined : summary, elements };
}

const SAFE_ID = /^[A-Za-z0-9\-.]+$/;

export function searchsetBundle(baseUrl: string, request: SearchRequest, result: SearchResult, shaping?: Shaping): string {
  const path = `${baseUrl}/${request.resourceType}`;
  const links = [{ relation: 'self', url: linkUrl(path, request.accepted, request.cursor && encodeSearchCursor(request.cursor)) }];
  if (result.next) links.push({ relation: 'next', url: linkUrl(path, request.accepted, encodeSearchCursor(result.next)) });

  const entries: string[] = [];
  // fullUrl prefix as JSON text without its closing quote: a FHIR id needs no escaping.
  const matchPrefix = `{"fullUrl":${JSON.stringify(`${path}/`).slice(0, -1)}`;
  for (const { id, content } of result.matches) {
    const fullUrl = SAFE_ID.test(id) ? `${matchPrefix}${id}"` : `{"fullUrl":${JSON.stringify(`${path}/${id}`)}`;
    entries.push(`${fullUrl},"resource":${shaping ? shape(content, shaping) : content},"search":{"mode":"match"}}`);
  }
  for (const { resourceType, id, content } of result.included) {
    entries.push(`{"fullUrl":${JSON.stringify(`${baseUrl}/${resourceType}/${id}`)},"resource":${content},"search":{"mode":"include"}}`);
  }
  const warnings = outcomeIssues(request, result);
  if (warnings.length > 0) {
    entries.push(`{"resource":${JSON.stringify(operationOutcome(warnings))},"search":{"mode":"outcome"}}`);
  }
  const total = result.total === undefined ? '' : `"total":${result.total},`;
  const head = `{"resourceType":"Bundle","type":"searchset","meta":{"lastUpdated":"${new Date().toISOString()}"},${total}"link":${JSON.stringify(links)}`;
  return `${head},"entry":[${entries.join(',')}]}`;
}

function outcomeIssues(request: SearchRequest, result: SearchResult): OperationOutcomeIssue[] {
  const truncated = result.truncatedIncludes.map((rule) =>
    issue('warning', 'too-costly', `${rule} matched more resources than this server includes per page; the included resources are incomplete`),
  );
  return [...request.ignored, ...truncated];
}

/**
 * The query of a link: the parameters that were applied, in the client's order, then the cursor.
 * `:` and `,` stay readable (both are legal in a query and decode to themselves).
 */
function linkUrl(path: string, params: Array<[string, string]>, cursor?: string): string {
  const pairs = cursor === undefined ? params : [...params, ['_cursor', cursor] as [string, string]];
  if (pairs.length === 0) return path;
  const encode = (text: string) => encodeURIComponent(text).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
  return `${path}?${pairs.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&')}`;
}

/** Stored text is kept as it is unless shaping actually drops something. */
function shape(content: string, shaping: Shaping): string {
  const resource = JSON.parse(content) as object;
  const shaped = applySummary(resource, shaping);
  return shaped === resource ? content : JSON.stringify(shaped);
}
