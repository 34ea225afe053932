/**
 * Keeps fhir_location_directory in step with Location writes, inside the writing transaction.
 * Paths are computed when the session commits (a deferred step), because a transaction Bundle may
 * write a child before its parent; moving a zone rewrites the paths of its whole subtree.
 */
import type { Location, Resource } from '@medplum/fhirtypes';
import { unprocessable } from '../outcomes.js';
import type { StoredResource } from '../store/resource-store.js';
import type { WriteSession } from '../store/session.js';
import { lastmileCode, locationKind, parentId, typeCodes } from './location-kind.js';

export const LOCATION_CHANGED_CHANNEL = 'lastmile_location_changed';

export async function writeDirectoryEntry(session: WriteSession, resource: Resource, stored: StoredResource): Promise<void> {
  if (resource.resourceType !== 'Location') return;
  const location = resource as Location;
  const code = lastmileCode(location) ?? null;
  if (code) await checkCodeFree(session, code, stored.id);
  await session.db.query(
    `INSERT INTO fhir_location_directory (id, code, name, kind, type_codes, parent_id, path, status, owner, last_updated)
     VALUES ($1, $2, $3, $4, $5, $6, ARRAY[$1], $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, kind = excluded.kind,
       type_codes = excluded.type_codes, parent_id = excluded.parent_id, status = excluded.status,
       owner = excluded.owner, last_updated = excluded.last_updated`,
    [stored.id, code, location.name ?? '', locationKind(location), typeCodes(location), parentId(location) ?? null, location.status ?? 'active', stored.owner, stored.lastUpdated],
  );
  session.defer((db) => refreshPaths(db, stored.id));
  await notifyChange(session, stored.id);
}

export async function removeDirectoryEntry(session: WriteSession, resourceType: string, id: string): Promise<void> {
  if (resourceType !== 'Location') return;
  await session.db.query('DELETE FROM fhir_location_directory WHERE id = $1', [id]);
  await notifyChange(session, id);
}

async function checkCodeFree(session: WriteSession, code: string, id: string): Promise<void> {
  const { rows } = await session.db.query('SELECT id FROM fhir_location_directory WHERE code = $1 AND id <> $2', [code, id]);
  if (rows.length > 0) throw unprocessable(`The Lastmile code "${code}" is already used by Location/${rows[0].id}`);
}

/** The node's path from the root (by parent links), then its descendants' paths re-rooted on it. */
async function refreshPaths(db: WriteSession['db'], id: string): Promise<void> {
  const { rows } = await db.query(
    `WITH RECURSIVE up(id, parent_id, depth) AS (
        SELECT id, parent_id, 0 FROM fhir_location_directory WHERE id = $1
        UNION ALL
        SELECT d.id, d.parent_id, up.depth + 1 FROM fhir_location_directory d JOIN up ON d.id = up.parent_id WHERE up.depth < 64)
     SELECT array_agg(id ORDER BY depth DESC) AS path,
            (SELECT path FROM fhir_location_directory WHERE id = $1) AS old_path FROM up`,
    [id],
  );
  const path: string[] | null = rows[0]?.path ?? null;
  if (!path) return; // deleted again later in the same transaction
  if (path.join('/') === (rows[0].old_path as string[] | null)?.join('/')) return; // not moved: descendants unchanged
  await db.query('UPDATE fhir_location_directory SET path = $2 WHERE id = $1', [id, path]);
  await db.query(
    `UPDATE fhir_location_directory SET path = $2::text[] || path[array_position(path, $1) + 1 :]
      WHERE path @> ARRAY[$1] AND id <> $1`,
    [id, path],
  );
}

/** Every app instance listening learns of the change when (and only if) the transaction commits. */
async function notifyChange(session: WriteSession, id: string): Promise<void> {
  await session.db.query('SELECT pg_notify($1, $2)', [LOCATION_CHANGED_CHANNEL, id]);
}
