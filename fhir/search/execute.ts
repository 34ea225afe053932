/**
 * Runs a parsed search: one query for the page (count + 1 rows, to know whether a next page
 * exists without counting), a COUNT only when the client asked for a total, and the includes.
 */
import type { Queryable } from '../store/session.js';
import { criterionSql } from './filters.js';
import { loadIncludes, type IncludedResource } from './includes.js';
import type { SearchCursor, SearchRequest } from './request.js';
import { sortKey, sortSql } from './sort.js';
import { SqlParams } from './sql.js';

export interface MatchRow {
  id: string;
  content: string;
}

export interface SearchResult {
  matches: MatchRow[];
  next?: SearchCursor;
  total?: number;
  included: IncludedResource[];
  /** Include rules whose results were cut at the limit. */
  truncatedIncludes: string[];
}

/** The WHERE clause over fhir_resource r: the type, not deleted, every criterion. */
export function whereSql(request: Pick<SearchRequest, 'resourceType' | 'criteria'>, p: SqlParams): string {
  const conditions = [`r.resource_type = ${p.add(request.resourceType)}`, 'NOT r.deleted'];
  for (const criterion of request.criteria) conditions.push(criterionSql(criterion, p));
  return conditions.join('\n   AND ');
}

export async function executeSearch(db: Queryable, request: SearchRequest): Promise<SearchResult> {
  const wantsEntries = !request.summaryCount && request.count > 0;
  const countAsked = request.summaryCount || request.total === 'accurate' || (request.count === 0 && request.total !== 'none');
  const [page, counted] = await Promise.all([
    wantsEntries ? fetchPage(db, request) : Promise.resolve({ matches: [] as MatchRow[], next: undefined }),
    countAsked ? countMatches(db, request) : Promise.resolve(undefined),
  ]);
  // A first page that is also the last gives the total for free.
  const complete = wantsEntries && !request.cursor && !page.next && request.total !== 'none';
  const total = counted ?? (complete ? page.matches.length : undefined);
  const { included, truncated } = wantsEntries && request.includes.length > 0
    ? await loadIncludes(db, request, page.matches.map((match) => match.id))
    : { included: [], truncated: [] };
  return { matches: page.matches, next: page.next, total, included, truncatedIncludes: truncated };
}

async function fetchPage(db: Queryable, request: SearchRequest): Promise<{ matches: MatchRow[]; next?: SearchCursor }> {
  const p = new SqlParams();
  const sort = sortSql(request.sort, p);
  let where = whereSql(request, p);
  if (request.cursor) where += `\n   AND ${sort.after(request.cursor, p)}`;
  const { rows } = await db.query(
    `SELECT r.id, r.content, ${sort.value} AS sort_value
       FROM fhir_resource r ${sort.join}
      WHERE ${where}
      ORDER BY ${sort.order}
      LIMIT ${p.add(request.count + 1)}`,
    p.values,
  );
  const hasMore = rows.length > request.count;
  const matches = (hasMore ? rows.slice(0, request.count) : rows) as Array<MatchRow & { sort_value: string | null }>;
  const last = matches[matches.length - 1];
  const next = hasMore && last ? { sort: sortKey(request.sort), value: last.sort_value, id: last.id } : undefined;
  return { matches, next };
}

export async function countMatches(db: Queryable, request: Pick<SearchRequest, 'resourceType' | 'criteria'>): Promise<number> {
  const p = new SqlParams();
  const { rows } = await db.query(`SELECT count(*)::int AS total FROM fhir_resource r WHERE ${whereSql(request, p)}`, p.values);
  return rows[0].total as number;
}

/** The ids matching the criteria (ordered, at most `limit`): what conditional operations need. */
export async function matchingIds(db: Queryable, request: Pick<SearchRequest, 'resourceType' | 'criteria'>, limit: number): Promise<string[]> {
  const p = new SqlParams();
  const { rows } = await db.query(`SELECT r.id FROM fhir_resource r WHERE ${whereSql(request, p)} ORDER BY r.id LIMIT ${p.add(limit)}`, p.values);
  return rows.map((row) => row.id as string);
}
