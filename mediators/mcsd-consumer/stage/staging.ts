/**
 * The staging area: a pull lands here page by page (only the newest version of each registry
 * resource is kept), and is applied from here in dependency order, in bounded batches, so memory
 * stays flat whatever the size of the registry. Each row's state moves from pending to applied
 * (in the same transaction as the FHIR write), skipped, or conflict; conflicts stay after the pull
 * and are tried again by the next one (a parent may arrive later).
 */
import type { Db } from '../db.js';
import type { StagedEntry } from '../pull/entries.js';
import type { SyncType } from '../sources/source-definition.js';

export interface StagedRow {
  remoteId: string;
  method: 'PUT' | 'DELETE';
  content: string | null;
  parentRemoteId: string | null;
}

export interface Outcome {
  remoteId: string;
  state: 'applied' | 'conflict' | 'skipped';
  reason?: string;
}

const MAX_DEPTH = 64;

export async function stageEntries(db: Db, sourceId: string, entries: StagedEntry[]): Promise<void> {
  const rows = newestOnly(entries);
  if (rows.length === 0) return;
  const column = <K extends keyof StagedEntry>(key: K) => rows.map((row) => row[key] ?? null);
  // A row parked as a conflict by an earlier pull is always older than what this pull brings.
  await db.query(
    `INSERT INTO mcsd_staged AS s (source_id, resource_type, remote_id, method, version_time, version_id, content, parent_remote_id, state, reason)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::text[])
     ON CONFLICT (source_id, resource_type, remote_id) DO UPDATE
        SET method = excluded.method, version_time = excluded.version_time, version_id = excluded.version_id, content = excluded.content,
            parent_remote_id = excluded.parent_remote_id, depth = NULL, state = excluded.state, reason = excluded.reason
      WHERE s.state = 'conflict'
         OR (excluded.version_time, coalesce(excluded.version_id, 0)) > (s.version_time, coalesce(s.version_id, 0))`,
    [sourceId, column('type'), column('remoteId'), column('method'), column('versionTime'), column('versionId'), column('content'), column('parentRemoteId'), column('state'), column('reason')],
  );
}

/** One row per resource (a statement may not touch a row twice): the newer, or the first seen. */
function newestOnly(entries: StagedEntry[]): StagedEntry[] {
  const kept = new Map<string, StagedEntry>();
  for (const entry of entries) {
    const key = `${entry.type}/${entry.remoteId}`;
    const previous = kept.get(key);
    if (!previous || isNewer(entry, previous)) kept.set(key, entry);
  }
  return [...kept.values()];
}

function isNewer(a: StagedEntry, b: StagedEntry): boolean {
  if (!a.versionTime || !b.versionTime) return false;
  if (a.versionTime !== b.versionTime) return a.versionTime > b.versionTime;
  return (a.versionId ?? 0) > (b.versionId ?? 0);
}

/** Conflicts of earlier pulls become pending again: what blocked them may be gone. */
export async function retryParked(db: Db, sourceId: string): Promise<void> {
  await db.query(`UPDATE mcsd_staged SET state = 'pending', reason = NULL WHERE source_id = $1 AND state = 'conflict'`, [sourceId]);
}

/**
 * Depth of each pending create/update within the pending ones of its type (0: its parent is not
 * among them), level by level: each level is one join on the parent id, whatever the size of the
 * pull. Rows left without a depth sit on a loop in the registry's hierarchy (or below one).
 */
export async function computeDepths(db: Db, sourceId: string, type: SyncType): Promise<void> {
  const pending = (alias: string) => `${alias}.source_id = $1 AND ${alias}.resource_type = $2 AND ${alias}.state = 'pending' AND ${alias}.method = 'PUT'`;
  await db.query(`UPDATE mcsd_staged s SET depth = NULL WHERE ${pending('s')} AND depth IS NOT NULL`, [sourceId, type]);
  // The table was just filled: without fresh statistics the joins below are planned as scans.
  await db.query('ANALYZE mcsd_staged');
  await db.query(
    `UPDATE mcsd_staged s SET depth = 0 WHERE ${pending('s')}
        AND NOT EXISTS (SELECT 1 FROM mcsd_staged p WHERE ${pending('p')} AND p.remote_id = s.parent_remote_id)`,
    [sourceId, type],
  );
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const { rowCount } = await db.query(
      `UPDATE mcsd_staged c SET depth = $3 + 1 FROM mcsd_staged p
        WHERE ${pending('c')} AND c.depth IS NULL AND ${pending('p')} AND p.remote_id = c.parent_remote_id AND p.depth = $3`,
      [sourceId, type, depth],
    );
    if (!rowCount) break;
  }
}

export async function maxDepth(db: Db, sourceId: string, type: SyncType): Promise<number> {
  const { rows } = await db.query(
    `SELECT coalesce(max(depth), -1) AS depth FROM mcsd_staged WHERE source_id = $1 AND resource_type = $2 AND state = 'pending' AND method = 'PUT'`,
    [sourceId, type],
  );
  return rows[0].depth;
}

/** The next pending creates/updates at one depth (null: those on a loop). */
export async function pendingPuts(db: Db, sourceId: string, type: SyncType, depth: number | null, limit: number): Promise<StagedRow[]> {
  // `depth = $3` and `depth IS NULL` as two statements: either walks the queue index in order.
  const { rows } = await db.query(
    `SELECT remote_id, method, content, parent_remote_id FROM mcsd_staged
      WHERE source_id = $1 AND resource_type = $2 AND state = 'pending' AND method = 'PUT' AND ${depth === null ? 'depth IS NULL' : 'depth = $4'}
      ORDER BY remote_id LIMIT $3`,
    depth === null ? [sourceId, type, limit] : [sourceId, type, limit, depth],
  );
  return rows.map(toRow);
}

/** Pending deletes, deepest local Location first (children before parents), skipping `exclude`. */
export async function pendingDeletes(db: Db, sourceId: string, type: SyncType, idPrefix: string, exclude: string[], limit: number): Promise<StagedRow[]> {
  const depthOrder = type === 'Location'
    ? '(SELECT coalesce(array_length(d.zone_path, 1), 0) FROM location_directory d WHERE d.id = t.local_id) DESC NULLS LAST,'
    : '';
  const { rows } = await db.query(
    `SELECT * FROM (
       SELECT s.remote_id, s.method, s.content, s.parent_remote_id, coalesce(l.local_id, $3::text || s.remote_id) AS local_id FROM mcsd_staged s
         LEFT JOIN mcsd_links l ON l.source_id = s.source_id AND l.resource_type = s.resource_type AND l.remote_id = s.remote_id
        WHERE s.source_id = $1 AND s.resource_type = $2 AND s.state = 'pending' AND s.method = 'DELETE' AND NOT s.remote_id = ANY($4::text[])) t
      ORDER BY ${depthOrder} t.remote_id LIMIT $5`,
    [sourceId, type, idPrefix, exclude, limit],
  );
  return rows.map(toRow);
}

export async function countPending(db: Db, sourceId: string): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM mcsd_staged WHERE source_id = $1 AND state = 'pending'`, [sourceId]);
  return rows[0].n;
}

export async function saveOutcomes(db: Db, sourceId: string, type: SyncType, outcomes: Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await db.query(
    `UPDATE mcsd_staged s SET state = o.state, reason = o.reason
       FROM unnest($3::text[], $4::text[], $5::text[]) AS o(remote_id, state, reason)
      WHERE s.source_id = $1 AND s.resource_type = $2 AND s.remote_id = o.remote_id`,
    [sourceId, type, outcomes.map((o) => o.remoteId), outcomes.map((o) => o.state), outcomes.map((o) => o.reason ?? null)],
  );
}

/** The pull is applied: only the conflicts stay, for the next pull to try again. */
export async function clearApplied(db: Db, sourceId: string): Promise<void> {
  await db.query(`DELETE FROM mcsd_staged WHERE source_id = $1 AND state IN ('applied', 'skipped')`, [sourceId]);
}

export async function parkedConflicts(db: Db, sourceId: string, offset: number, limit: number): Promise<{ rows: Array<{ resourceType: string; remoteId: string; method: string; reason: string | null }>; total: number }> {
  const [page, count] = await Promise.all([
    db.query(
      `SELECT resource_type, remote_id, method, reason FROM mcsd_staged WHERE source_id = $1 AND state = 'conflict' ORDER BY resource_type, remote_id OFFSET $2 LIMIT $3`,
      [sourceId, offset, limit],
    ),
    db.query(`SELECT count(*)::int AS n FROM mcsd_staged WHERE source_id = $1 AND state = 'conflict'`, [sourceId]),
  ]);
  return {
    rows: page.rows.map((row) => ({ resourceType: row.resource_type, remoteId: row.remote_id, method: row.method, reason: row.reason })),
    total: count.rows[0].n,
  };
}

function toRow(row: Record<string, any>): StagedRow {
  return { remoteId: row.remote_id, method: row.method, content: row.content, parentRemoteId: row.parent_remote_id };
}
