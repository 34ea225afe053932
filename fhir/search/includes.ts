/**
 * `_include` and `_revinclude`, resolved after the page is fetched: one query per rule through
 * the reference index. `:iterate` rules are applied again to what the previous round added, a
 * few rounds at most. Every resource appears once (a match is never repeated as an include).
 */
import type { Queryable } from '../store/session.js';
import type { IncludeRule, SearchRequest } from './request.js';

/** Per rule and round: bounds the work an `_revinclude` on a large parent can cause. */
export const MAX_INCLUDED_PER_RULE = 1000;
const MAX_ROUNDS = 4;

export interface IncludedResource {
  resourceType: string;
  id: string;
  content: string;
}

interface Ref {
  resourceType: string;
  id: string;
}

export async function loadIncludes(
  db: Queryable,
  request: Pick<SearchRequest, 'resourceType' | 'includes'>,
  matchIds: string[],
): Promise<{ included: IncludedResource[]; truncated: string[] }> {
  const seen = new Set(matchIds.map((id) => `${request.resourceType}/${id}`));
  const included: IncludedResource[] = [];
  const truncated = new Set<string>();
  let frontier: Ref[] = matchIds.map((id) => ({ resourceType: request.resourceType, id }));
  for (let round = 0; round < MAX_ROUNDS && frontier.length > 0; round++) {
    const rules = request.includes.filter((rule) => round === 0 || rule.iterate);
    const added: IncludedResource[] = [];
    for (const rule of rules) {
      const rows = await (rule.reverse ? referring(db, rule, frontier) : referenced(db, rule, frontier));
      if (rows.length > MAX_INCLUDED_PER_RULE) {
        truncated.add(describe(rule));
        rows.length = MAX_INCLUDED_PER_RULE;
      }
      for (const row of rows) {
        const key = `${row.resourceType}/${row.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        added.push(row);
      }
    }
    included.push(...added);
    frontier = added;
  }
  return { included, truncated: [...truncated] };
}

function describe(rule: IncludeRule): string {
  return `${rule.reverse ? '_revinclude' : '_include'}=${rule.sourceType}:${rule.param}${rule.targetType ? `:${rule.targetType}` : ''}`;
}

/** _include: the resources the frontier's sources point at through the rule's parameter. */
async function referenced(db: Queryable, rule: IncludeRule, frontier: Ref[]): Promise<IncludedResource[]> {
  const sources = frontier.filter((ref) => ref.resourceType === rule.sourceType).map((ref) => ref.id);
  if (sources.length === 0) return [];
  const { rows } = await db.query(
    `SELECT t.resource_type AS "resourceType", t.id, t.content FROM fhir_resource t
      WHERE NOT t.deleted AND (t.resource_type, t.id) IN (
            SELECT f.target_type, f.target_id FROM fhir_reference f
             WHERE f.resource_type = $1 AND f.param = $2 AND f.id = ANY($3::text[])
               AND ($4::text IS NULL OR f.target_type = $4::text))
      ORDER BY t.resource_type, t.id
      LIMIT $5`,
    [rule.sourceType, rule.param, sources, rule.targetType ?? null, MAX_INCLUDED_PER_RULE + 1],
  );
  return rows as IncludedResource[];
}

/** _revinclude: the resources of the rule's source type that point at the frontier. */
async function referring(db: Queryable, rule: IncludeRule, frontier: Ref[]): Promise<IncludedResource[]> {
  const targets = rule.targetType ? frontier.filter((ref) => ref.resourceType === rule.targetType) : frontier;
  if (targets.length === 0) return [];
  const { rows } = await db.query(
    `SELECT s.resource_type AS "resourceType", s.id, s.content FROM fhir_resource s
      WHERE s.resource_type = $1 AND NOT s.deleted AND s.id IN (
            SELECT f.id FROM fhir_reference f
             WHERE f.resource_type = $1 AND f.param = $2
               AND (f.target_type, f.target_id) IN (SELECT * FROM unnest($3::text[], $4::text[])))
      ORDER BY s.id
      LIMIT $5`,
    [rule.sourceType, rule.param, targets.map((ref) => ref.resourceType), targets.map((ref) => ref.id), MAX_INCLUDED_PER_RULE + 1],
  );
  return rows as IncludedResource[];
}
