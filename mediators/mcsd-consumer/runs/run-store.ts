/**
 * Runs of the consumer and what went wrong in them: one row per run (counts kept current while
 * it runs, so the API shows progress), one row per skipped or conflicting registry entry.
 */
import type { Db } from '../db.js';
import type { Checkpoints } from '../run/pull-state.js';

export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'interrupted';
export type RunTrigger = 'schedule' | 'api' | 'cli';

export interface RunCounts {
  pages: number;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  skipped: number;
  conflicts: number;
}

export interface RunRecord extends RunCounts {
  id: string;
  sourceId: string;
  sourceName: string;
  trigger: RunTrigger;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /** Whether the run continued a pull an earlier run left unfinished. */
  resumed: boolean;
  /** The checkpoints saved when the run finished (none when it did not finish the pull). */
  checkpoints: Checkpoints | null;
  errors: string[];
}

export interface RunIssue {
  kind: 'skipped' | 'conflict';
  resourceType?: string;
  remoteId?: string;
  reason: string;
}

export const emptyCounts = (): RunCounts => ({ pages: 0, fetched: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, skipped: 0, conflicts: 0 });

const MAX_ERRORS = 50;
const COLUMNS = `id, source_id, source_name, trigger, status, started_at, finished_at, duration_ms, pages, fetched, created, updated,
  unchanged, deleted, skipped, conflicts, resumed, checkpoints, errors`;

/** A new run; runs of the source still marked running died with their process (we hold the lock). */
export async function startRun(db: Db, source: { id: string; name: string }, trigger: RunTrigger, resumed: boolean): Promise<RunRecord> {
  await db.query(
    `UPDATE mcsd_runs SET status = 'interrupted', finished_at = now(),
            duration_ms = (extract(epoch FROM now() - started_at) * 1000)::int
      WHERE source_id = $1 AND status = 'running'`,
    [source.id],
  );
  const { rows } = await db.query(
    `INSERT INTO mcsd_runs (source_id, source_name, trigger, status, resumed) VALUES ($1, $2, $3, 'running', $4) RETURNING ${COLUMNS}`,
    [source.id, source.name, trigger, resumed],
  );
  return toRecord(rows[0]);
}

export async function saveCounts(db: Db, runId: string, counts: RunCounts): Promise<void> {
  await db.query(
    `UPDATE mcsd_runs SET pages = $2, fetched = $3, created = $4, updated = $5, unchanged = $6, deleted = $7, skipped = $8, conflicts = $9 WHERE id = $1`,
    [runId, counts.pages, counts.fetched, counts.created, counts.updated, counts.unchanged, counts.deleted, counts.skipped, counts.conflicts],
  );
}

export async function finishRun(db: Db, runId: string, status: RunStatus, counts: RunCounts, errors: string[], checkpoints: Checkpoints | null): Promise<RunRecord> {
  await saveCounts(db, runId, counts);
  const { rows } = await db.query(
    `UPDATE mcsd_runs SET status = $2, errors = $3, checkpoints = $4, finished_at = clock_timestamp(),
            duration_ms = (extract(epoch FROM clock_timestamp() - started_at) * 1000)::int
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [runId, status, JSON.stringify(errors.slice(0, MAX_ERRORS)), checkpoints === null ? null : JSON.stringify(checkpoints)],
  );
  return toRecord(rows[0]);
}

export async function recordIssues(db: Db, runId: string, issues: RunIssue[]): Promise<void> {
  if (issues.length === 0) return;
  await db.query(
    `INSERT INTO mcsd_run_issues (run_id, kind, resource_type, remote_id, reason)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])`,
    [runId, issues.map((i) => i.kind), issues.map((i) => i.resourceType ?? null), issues.map((i) => i.remoteId ?? null), issues.map((i) => i.reason)],
  );
}

export async function getRun(db: Db, id: string): Promise<RunRecord | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM mcsd_runs WHERE id = $1`, [id]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** Newest first. */
export async function listRuns(db: Db, filter: { sourceId?: string; status?: string }, offset: number, limit: number): Promise<{ runs: RunRecord[]; total: number }> {
  const params: unknown[] = [filter.sourceId ?? null, filter.status ?? null];
  const where = '($1::uuid IS NULL OR source_id = $1) AND ($2::text IS NULL OR status = $2)';
  const [page, count] = await Promise.all([
    db.query(`SELECT ${COLUMNS} FROM mcsd_runs WHERE ${where} ORDER BY started_at DESC, id OFFSET $3 LIMIT $4`, [...params, offset, limit]),
    db.query(`SELECT count(*)::int AS total FROM mcsd_runs WHERE ${where}`, params),
  ]);
  return { runs: page.rows.map(toRecord), total: count.rows[0].total };
}

export async function listIssues(db: Db, runId: string, offset: number, limit: number): Promise<{ issues: Array<RunIssue & { at: string }>; total: number }> {
  const [page, count] = await Promise.all([
    db.query('SELECT kind, resource_type, remote_id, reason, at FROM mcsd_run_issues WHERE run_id = $1 ORDER BY id OFFSET $2 LIMIT $3', [runId, offset, limit]),
    db.query('SELECT count(*)::int AS total FROM mcsd_run_issues WHERE run_id = $1', [runId]),
  ]);
  const issues = page.rows.map((row) => ({
    kind: row.kind, resourceType: row.resource_type ?? undefined, remoteId: row.remote_id ?? undefined, reason: row.reason, at: row.at.toISOString(),
  }));
  return { issues, total: count.rows[0].total };
}

/** When the source last started a run: the scheduler's clock, shared by every app instance. */
export async function lastRunStarts(db: Db): Promise<Map<string, Date>> {
  const { rows } = await db.query('SELECT source_id, max(started_at) AS started FROM mcsd_runs GROUP BY source_id');
  return new Map(rows.map((row) => [row.source_id, row.started]));
}

function toRecord(row: Record<string, any>): RunRecord {
  return {
    id: row.id,
    sourceId: row.source_id,
    sourceName: row.source_name,
    trigger: row.trigger,
    status: row.status,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    durationMs: row.duration_ms,
    pages: row.pages,
    fetched: row.fetched,
    created: row.created,
    updated: row.updated,
    unchanged: row.unchanged,
    deleted: row.deleted,
    skipped: row.skipped,
    conflicts: row.conflicts,
    resumed: row.resumed,
    checkpoints: row.checkpoints,
    errors: row.errors,
  };
}
