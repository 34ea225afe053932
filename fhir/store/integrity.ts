/**
 * Referential integrity, checked when a write session commits: references between stored
 * resources must resolve (422), a hierarchy (partOf) must not loop (422), and a resource that
 * still has children in its hierarchy cannot be deleted (409).
 */
import type pg from 'pg';
import { conflict, unprocessable } from '../outcomes.js';
import { isRegisteredType } from '../registry.js';

const HIERARCHY_PARAM = 'partof';
const MAX_DEPTH = 64;

export async function checkReferences(db: pg.PoolClient, resourceType: string, id: string, references: Array<[string, string, string]>): Promise<void> {
  const local = references.filter(([, targetType]) => isRegisteredType(targetType));
  if (local.length === 0) return;
  const { rows } = await db.query(
    `SELECT t.param, t.target_type, t.target_id
       FROM unnest($1::text[], $2::text[], $3::text[]) AS t(param, target_type, target_id)
      WHERE NOT EXISTS (SELECT 1 FROM fhir_resource r
                         WHERE r.resource_type = t.target_type AND r.id = t.target_id AND NOT r.deleted)`,
    [local.map((r) => r[0]), local.map((r) => r[1]), local.map((r) => r[2])],
  );
  if (rows.length > 0) {
    const missing = rows.map((row) => `${row.param} -> ${row.target_type}/${row.target_id}`).join(', ');
    throw unprocessable(`${resourceType}/${id} refers to resources that do not exist: ${missing}`);
  }
  if (local.some(([param, targetType]) => param === HIERARCHY_PARAM && targetType === resourceType)) {
    await checkNoCycle(db, resourceType, id);
  }
}

async function checkNoCycle(db: pg.PoolClient, resourceType: string, id: string): Promise<void> {
  const { rows } = await db.query(
    `WITH RECURSIVE up(id, depth) AS (
        SELECT target_id, 1 FROM fhir_reference
         WHERE resource_type = $1 AND id = $2 AND param = $3 AND target_type = $1
        UNION
        SELECT r.target_id, up.depth + 1 FROM fhir_reference r JOIN up ON r.id = up.id
         WHERE r.resource_type = $1 AND r.param = $3 AND r.target_type = $1 AND up.depth < $4)
     SELECT 1 FROM up WHERE id = $2 LIMIT 1`,
    [resourceType, id, HIERARCHY_PARAM, MAX_DEPTH],
  );
  if (rows.length > 0) throw unprocessable(`${resourceType}/${id} cannot be part of itself or of one of its descendants`);
}

export async function checkNoChildren(db: pg.PoolClient, resourceType: string, id: string): Promise<void> {
  const { rows } = await db.query(
    `SELECT id FROM fhir_reference WHERE resource_type = $1 AND param = $2 AND target_type = $1 AND target_id = $3 LIMIT 3`,
    [resourceType, HIERARCHY_PARAM, id],
  );
  if (rows.length > 0) {
    const children = rows.map((row) => `${resourceType}/${row.id}`).join(', ');
    throw conflict(`${resourceType}/${id} still has children (${children}${rows.length === 3 ? ', ...' : ''}); move or delete them first`);
  }
}
