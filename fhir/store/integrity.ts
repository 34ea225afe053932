/**
 * Referential integrity, checked when a write session commits, with one set-based query per
 * check for all the session's writes: references between stored resources must resolve (422), a
 * hierarchy (partOf) must not loop (422), and a resource that still has children in its
 * hierarchy cannot be deleted (409).
 */
import type pg from 'pg';
import { conflict, unprocessable } from '../outcomes.js';
import { isRegisteredType } from '../registry.js';
import type { WriteSession } from './session.js';

const HIERARCHY_PARAM = 'partof';
const MAX_DEPTH = 64;
const SHOWN = 5;

/** A reference from a written resource, as indexed: [sourceType, sourceId, param, targetType, targetId]. */
export type ReferenceTuple = [string, string, string, string, string];

/** Types whose hierarchy a read model checks for loops as it maintains paths (Location: the directory). */
const hierarchiesCheckedElsewhere = new Set<string>();

export function delegateHierarchyCheck(resourceType: string): void {
  hierarchiesCheckedElsewhere.add(resourceType);
}

export function deferReferenceChecks(session: WriteSession, references: ReferenceTuple[]): void {
  const local = references.filter(([, , , targetType]) => isRegisteredType(targetType));
  if (local.length > 0) session.deferBatch('references', checkReferences, ...local);
}

export function deferChildrenCheck(session: WriteSession, resourceType: string, id: string): void {
  session.deferBatch('children', checkNoChildren, [resourceType, id] as [string, string]);
}

async function checkReferences(db: pg.PoolClient, references: ReferenceTuple[]): Promise<void> {
  const column = (i: number) => references.map((reference) => reference[i]);
  const { rows } = await db.query(
    `SELECT t.source_type, t.source_id, t.param, t.target_type, t.target_id
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(source_type, source_id, param, target_type, target_id)
      WHERE NOT EXISTS (SELECT 1 FROM fhir_resource r
                         WHERE r.resource_type = t.target_type AND r.id = t.target_id AND NOT r.deleted)
      LIMIT ${SHOWN + 1}`,
    [column(0), column(1), column(2), column(3), column(4)],
  );
  if (rows.length > 0) {
    const missing = rows.slice(0, SHOWN).map((r) => `${r.source_type}/${r.source_id} ${r.param} -> ${r.target_type}/${r.target_id}`);
    throw unprocessable(`References to resources that do not exist: ${missing.join(', ')}${rows.length > SHOWN ? ', ...' : ''}`);
  }
  const hierarchy = references.filter(
    ([sourceType, , param, targetType]) => param === HIERARCHY_PARAM && targetType === sourceType && !hierarchiesCheckedElsewhere.has(sourceType),
  );
  for (const type of new Set(hierarchy.map(([sourceType]) => sourceType))) {
    await checkNoCycle(db, type, hierarchy.filter(([sourceType]) => sourceType === type).map(([, sourceId]) => sourceId));
  }
}

/**
 * Walks up from every written node at once; a walk that meets its own start is a loop. The step
 * is a LATERAL lookup by id so the plan stays an index probe per node even when the statistics
 * are stale in the middle of a bulk load (a join here degenerated to a nested loop over all rows);
 * OFFSET 0 keeps PostgreSQL from pulling the subquery up into that join again.
 */
async function checkNoCycle(db: pg.PoolClient, resourceType: string, ids: string[]): Promise<void> {
  const { rows } = await db.query(
    `WITH RECURSIVE up(start, id, depth) AS (
        SELECT r.id, r.target_id, 1 FROM fhir_reference r
         WHERE r.resource_type = $1 AND r.id = ANY($2::text[]) AND r.param = $3 AND r.target_type = $1
        UNION
        SELECT up.start, parent.target_id, up.depth + 1 FROM up
          CROSS JOIN LATERAL (SELECT r.target_id FROM fhir_reference r
                               WHERE r.resource_type = $1 AND r.id = up.id AND r.param = $3 AND r.target_type = $1 OFFSET 0) parent
         WHERE up.depth < $4 AND up.id <> up.start)
     SELECT start FROM up WHERE id = start LIMIT 1`,
    [resourceType, ids, HIERARCHY_PARAM, MAX_DEPTH],
  );
  if (rows.length > 0) throw unprocessable(`${resourceType}/${rows[0].start} cannot be part of itself or of one of its descendants`);
}

async function checkNoChildren(db: pg.PoolClient, deletions: Array<[string, string]>): Promise<void> {
  const { rows } = await db.query(
    `SELECT r.target_type, r.target_id, r.id FROM fhir_reference r
       JOIN unnest($1::text[], $2::text[]) AS d(resource_type, id)
         ON r.resource_type = d.resource_type AND r.target_type = d.resource_type AND r.target_id = d.id
      WHERE r.param = $3 LIMIT ${SHOWN + 1}`,
    [deletions.map((d) => d[0]), deletions.map((d) => d[1]), HIERARCHY_PARAM],
  );
  if (rows.length > 0) {
    const { target_type: type, target_id: parent } = rows[0];
    const children = rows.filter((r) => r.target_id === parent).map((r) => `${type}/${r.id}`);
    throw conflict(`${type}/${parent} still has children (${children.join(', ')}${rows.length > SHOWN ? ', ...' : ''}); move or delete them first`);
  }
}
