/** The sources table: definitions plus each source's checkpoints and unfinished pull. */
import type { Db } from '../db.js';
import type { Checkpoints, PullState } from '../run/pull-state.js';
import type { SourceDefinition } from './source-definition.js';

export interface SourceRecord extends SourceDefinition {
  id: string;
  /** 'env' sources come from MCSD_SOURCES and are read-only through the API. */
  managedBy: 'api' | 'env';
  checkpoints: Checkpoints;
  pullState: PullState | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, name, base_url, auth, resource_types, interval_seconds, identifier_system, id_prefix, page_size, enabled,
  managed_by, checkpoints, pull_state, version, created_at, updated_at`;

export async function listSources(db: Db): Promise<SourceRecord[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM mcsd_sources ORDER BY name`);
  return rows.map(toRecord);
}

export async function getSource(db: Db, id: string): Promise<SourceRecord | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM mcsd_sources WHERE id = $1`, [id]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function getSourceByName(db: Db, name: string): Promise<SourceRecord | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM mcsd_sources WHERE name = $1`, [name]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** Inserts; undefined when the name is taken. */
export async function insertSource(db: Db, def: SourceDefinition, managedBy: 'api' | 'env'): Promise<SourceRecord | undefined> {
  const { rows } = await db.query(
    `INSERT INTO mcsd_sources (name, base_url, auth, resource_types, interval_seconds, identifier_system, id_prefix, page_size, enabled, managed_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (name) DO NOTHING RETURNING ${COLUMNS}`,
    [def.name, def.baseUrl, JSON.stringify(def.auth), def.resourceTypes, def.intervalSeconds, def.identifierSystem, def.idPrefix, def.pageSize, def.enabled, managedBy],
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/**
 * Replaces the definition (not the name or id prefix, which local ids depend on). A new base URL
 * is another registry: its checkpoints, unfinished pull and staged entries no longer mean anything.
 */
export async function updateSource(db: Db, id: string, def: SourceDefinition, managedBy: 'api' | 'env'): Promise<SourceRecord> {
  await db.query(
    `DELETE FROM mcsd_staged WHERE source_id = $1 AND EXISTS (SELECT 1 FROM mcsd_sources WHERE id = $1 AND base_url <> $2)`,
    [id, def.baseUrl],
  );
  const { rows } = await db.query(
    `UPDATE mcsd_sources SET base_url = $2, auth = $3, resource_types = $4, interval_seconds = $5, identifier_system = $6,
            page_size = $7, enabled = $8, managed_by = $9, version = version + 1, updated_at = now(),
            checkpoints = CASE WHEN base_url = $2 THEN checkpoints ELSE '{}' END,
            pull_state = CASE WHEN base_url = $2 THEN pull_state END
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, def.baseUrl, JSON.stringify(def.auth), def.resourceTypes, def.intervalSeconds, def.identifierSystem, def.pageSize, def.enabled, managedBy],
  );
  return toRecord(rows[0]);
}

export async function deleteSource(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM mcsd_sources WHERE id = $1', [id]);
}

export async function savePullState(db: Db, id: string, state: PullState | null): Promise<void> {
  await db.query('UPDATE mcsd_sources SET pull_state = $2 WHERE id = $1', [id, state === null ? null : JSON.stringify(state)]);
}

export async function saveCheckpoints(db: Db, id: string, checkpoints: Checkpoints): Promise<void> {
  await db.query('UPDATE mcsd_sources SET checkpoints = $2, pull_state = NULL WHERE id = $1', [id, JSON.stringify(checkpoints)]);
}

function toRecord(row: Record<string, any>): SourceRecord {
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.base_url,
    auth: row.auth,
    resourceTypes: row.resource_types,
    intervalSeconds: row.interval_seconds,
    identifierSystem: row.identifier_system,
    idPrefix: row.id_prefix,
    pageSize: row.page_size,
    enabled: row.enabled,
    managedBy: row.managed_by,
    checkpoints: row.checkpoints,
    pullState: row.pull_state,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
