/**
 * Keeps fhir_location_directory in step with Location writes, inside the writing transaction and
 * for any number of Locations with a fixed number of statements. Paths are computed when the
 * session commits (a deferred batch), because a transaction Bundle may write a child before its
 * parent; a Location that moved re-roots its whole subtree.
 */
import type { Location } from '@medplum/fhirtypes';
import type pg from 'pg';
import { unprocessable } from '../outcomes.js';
import type { Written } from '../store/resource-store.js';
import type { WriteSession } from '../store/session.js';
import { lastmileCode, locationKind, parentId, typeCodes } from './location-kind.js';

export const LOCATION_CHANGED_CHANNEL = 'lastmile_location_changed';
const MAX_DEPTH = 64;

/** A Location whose path must be (re)computed; `moved` ones may carry older descendants along. */
type PathRefresh = [id: string, mayHaveDescendants: boolean];

export async function writeDirectoryEntries(session: WriteSession, written: Written[]): Promise<void> {
  const locations = written.filter((w) => w.resource.resourceType === 'Location');
  if (locations.length === 0) return;
  const rows = locations.map(({ resource, stored }) => {
    const location = resource as Location;
    return [stored.id, lastmileCode(location) ?? null, location.name ?? '', locationKind(location), `{${typeCodes(location).map(quote).join(',')}}`, parentId(location) ?? null, location.status ?? 'active', stored.owner, stored.lastUpdated];
  });
  const column = (i: number) => rows.map((row) => row[i]);
  const { rows: upserted } = await session.db.query(
    `INSERT INTO fhir_location_directory (id, code, name, kind, type_codes, parent_id, path, status, owner, last_updated)
     SELECT id, code, name, kind, type_codes::text[], parent_id, ARRAY[id], status, owner, last_updated
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
         AS x(id, code, name, kind, type_codes, parent_id, status, owner, last_updated)
     ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, kind = excluded.kind,
       type_codes = excluded.type_codes, parent_id = excluded.parent_id, status = excluded.status,
       owner = excluded.owner, last_updated = excluded.last_updated
     RETURNING id, (xmax = 0) AS inserted, pg_notify($10, id)`,
    [column(0), column(1), column(2), column(3), column(4), column(5), column(6), column(7), column(8), LOCATION_CHANGED_CHANNEL],
  );
  // A Location new to the directory has no descendants yet (children written in the same
  // transaction compute their own paths), so only one that already existed may re-root a subtree.
  session.deferBatch('directory-codes', checkCodesUnique, ...locations.map((l) => l.stored.id));
  // The RETURNING clause announced each change (pg_notify, delivered at commit): no extra round trip.
  session.deferBatch('directory-paths', refreshPaths, ...upserted.map((row): PathRefresh => [row.id, !row.inserted]));
}

export async function removeDirectoryEntry(session: WriteSession, resourceType: string, id: string): Promise<void> {
  if (resourceType !== 'Location') return;
  await session.db.query('DELETE FROM fhir_location_directory WHERE id = $1', [id]);
  await notifyChanges(session, [id]);
}

/** A type code as an element of a PostgreSQL array literal. */
function quote(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

async function checkCodesUnique(db: pg.PoolClient, ids: string[]): Promise<void> {
  const { rows } = await db.query(
    `SELECT w.id, w.code, other.id AS other_id FROM fhir_location_directory w
       JOIN fhir_location_directory other ON other.code = w.code AND other.id <> w.id
      WHERE w.id = ANY($1::text[]) LIMIT 1`,
    [ids],
  );
  if (rows.length > 0) throw unprocessable(`The Lastmile code "${rows[0].code}" of Location/${rows[0].id} is already used by Location/${rows[0].other_id}`);
}

/**
 * Every refreshed node's path from the root by parent links, then moved nodes' subtrees. The walk
 * also finds loops (a node that meets itself on the way up): Location hierarchies are checked for
 * cycles here, on a table whose only index is its primary key, so the plan is always a key probe.
 */
async function refreshPaths(db: pg.PoolClient, refreshes: PathRefresh[]): Promise<void> {
  const { rows } = await db.query(
    `WITH RECURSIVE up(start, id, parent_id, depth) AS (
        SELECT id, id, parent_id, 0 FROM fhir_location_directory WHERE id = ANY($1::text[])
        UNION ALL
        SELECT up.start, parent.id, parent.parent_id, up.depth + 1 FROM up
          CROSS JOIN LATERAL (SELECT d.id, d.parent_id FROM fhir_location_directory d WHERE d.id = up.parent_id OFFSET 0) parent
         WHERE up.depth < $3 AND (up.depth = 0 OR up.id <> up.start)),
     loops AS (SELECT start FROM up WHERE depth > 0 AND id = start LIMIT 1),
     paths AS (SELECT start, array_agg(id ORDER BY depth DESC) AS path FROM up GROUP BY start),
     changed AS (
        UPDATE fhir_location_directory d SET path = paths.path FROM paths
         WHERE d.id = paths.start AND d.path IS DISTINCT FROM paths.path AND NOT EXISTS (SELECT 1 FROM loops)
        RETURNING d.id, d.path)
     SELECT 'loop' AS kind, start AS id, NULL::text[] AS path FROM loops
     UNION ALL
     SELECT 'moved', id, path FROM changed WHERE id = ANY($2::text[])`,
    [refreshes.map((r) => r[0]), refreshes.filter((r) => r[1]).map((r) => r[0]), MAX_DEPTH],
  );
  const loop = rows.find((row) => row.kind === 'loop');
  if (loop) throw unprocessable(`Location/${loop.id} cannot be part of itself or of one of its descendants`);
  for (const { id, path } of rows) {
    await db.query(
      `UPDATE fhir_location_directory SET path = $2::text[] || path[array_position(path, $1) + 1 :]
        WHERE path @> ARRAY[$1] AND id <> $1`,
      [id, path],
    );
  }
}

/** Every app instance listening learns of the changes when (and only if) the transaction commits. */
async function notifyChanges(session: WriteSession, ids: string[]): Promise<void> {
  await session.db.query('SELECT pg_notify($1, id) FROM unnest($2::text[]) AS id', [LOCATION_CHANGED_CHANNEL, ids]);
}
