/**
 * history: GET [base]/_history, [base]/[type]/_history, [base]/[type]/[id]/_history with
 * `_since`, `_at`, `_count` and `_cursor` paging links. Entries are newest first; a deletion is
 * an entry without a resource, with request.method DELETE. The Bundle is assembled as text around
 * the stored JSON, so a full pull streams what is stored without re-serialising it.
 */
import { badRequest } from '../outcomes.js';
import { parseInstant } from '../search/dates.js';
import { decodeCursor, encodeCursor, queryHistory, type HistoryPage, type HistoryQuery, type HistoryRow } from '../store/history-store.js';
import { queryValue, type FhirContext, type FhirResponse } from './context.js';
import { requireId, requireType } from './resource-paths.js';
import { permit } from './access.js';

const DEFAULT_COUNT = 50;
const MAX_COUNT = 1000;

export async function historyInteraction(ctx: FhirContext, type?: string, id?: string): Promise<FhirResponse> {
  permit(ctx, type ? requireType(type) : '*', 'read');
  if (id) requireId(id);
  if (type && id) await ctx.store.read(type, id).catch((error: { status?: number }) => {
    if (error.status !== 410) throw error; // a deleted resource still has a history
  });
  const query: HistoryQuery = {
    resourceType: type,
    id,
    since: instantParam(ctx, '_since'),
    at: instantParam(ctx, '_at'),
    count: countParam(ctx),
    cursor: cursorParam(ctx),
  };
  const page = await queryHistory(ctx.store.pool, query);
  return { status: 200, body: historyBundle(ctx, page, selfPath(type, id)) };
}

function instantParam(ctx: FhirContext, name: string): Date | undefined {
  const text = queryValue(ctx.req, name);
  if (text === undefined) return undefined;
  const instant = parseInstant(text);
  if (!instant) throw badRequest(`${name} must be a FHIR instant like 2024-05-01T10:00:00Z or +02:00; got "${text}"`);
  return instant;
}

function countParam(ctx: FhirContext): number {
  const text = queryValue(ctx.req, '_count');
  if (text === undefined) return DEFAULT_COUNT;
  if (!/^\d+$/.test(text)) throw badRequest(`_count must be a whole number; got "${text}"`);
  return Math.min(Number(text), MAX_COUNT);
}

function cursorParam(ctx: FhirContext) {
  const text = queryValue(ctx.req, '_cursor');
  if (text === undefined) return undefined;
  const cursor = decodeCursor(text);
  if (!cursor) throw badRequest('_cursor is not a cursor this server issued');
  return cursor;
}

function selfPath(type?: string, id?: string): string {
  return ['', type, id, '_history'].filter((part) => part !== undefined).join('/');
}

function historyBundle(ctx: FhirContext, page: HistoryPage, path: string): string {
  const params = new URLSearchParams();
  for (const name of ['_since', '_at', '_count']) {
    const value = queryValue(ctx.req, name);
    if (value !== undefined) params.set(name, value);
  }
  const self = `${ctx.baseUrl}${path}${params.size ? `?${params}` : ''}`;
  const links = [{ relation: 'self', url: self }];
  if (page.next) {
    params.set('_cursor', encodeCursor(page.next));
    links.push({ relation: 'next', url: `${ctx.baseUrl}${path}?${params}` });
  }
  const head = `{"resourceType":"Bundle","type":"history","meta":{"lastUpdated":${JSON.stringify(page.safeSince)}},"link":${JSON.stringify(links)},"entry":[`;
  return `${head}${page.rows.map((row) => historyEntry(ctx.baseUrl, row)).join(',')}]}`;
}

function historyEntry(baseUrl: string, row: HistoryRow): string {
  const reference = `${row.resource_type}/${row.id}`;
  const request = { method: row.method, url: row.method === 'POST' ? row.resource_type : reference };
  const response = {
    status: row.method === 'POST' ? '201 Created' : row.method === 'DELETE' ? '204 No Content' : '200 OK',
    etag: `W/"${row.version}"`,
    lastModified: row.last_updated.toISOString(),
  };
  const resource = row.content === null ? '' : `"resource":${row.content},`;
  return `{"fullUrl":${JSON.stringify(`${baseUrl}/${reference}`)},${resource}"request":${JSON.stringify(request)},"response":${JSON.stringify(response)}}`;
}
