/**
 * History queries (instance, type and system level) with keyset paging pinned to a snapshot.
 *
 * The first page records the database snapshot it saw; later pages only show history rows whose
 * writing transaction is visible in that snapshot (pg_visible_in_snapshot), and continue after the
 * last (lastUpdated, seq) shown. So a client paging while others write never misses or repeats an
 * entry, and a cursor stays valid for as long as the client keeps it.
 */
import type { Queryable } from './session.js';

export interface HistoryQuery {
  resourceType?: string;
  id?: string;
  since?: Date;
  /** Only the versions current at this instant (FHIR `_at`). */
  at?: Date;
  count: number;
  cursor?: HistoryCursor;
}

export interface HistoryCursor {
  snapshot: string;
  lastUpdated: string;
  seq: string;
  /** Instant the whole feed is valid up to (Bundle.meta.lastUpdated of every page). */
  safeSince: string;
}

export interface HistoryRow {
  seq: string;
  resource_type: string;
  id: string;
  version: number;
  last_updated: Date;
  method: 'POST' | 'PUT' | 'DELETE';
  content: string | null;
}

export interface HistoryPage {
  rows: HistoryRow[];
  next?: HistoryCursor;
  /** A `_since` a client may use next time without missing anything committed later. */
  safeSince: string;
}

export async function queryHistory(db: Queryable, query: HistoryQuery): Promise<HistoryPage> {
  const pin = query.cursor ?? (await currentPin(db));
  const where: string[] = ['pg_visible_in_snapshot(tx, $1::pg_snapshot)'];
  const params: unknown[] = [pin.snapshot];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (query.resourceType) add('resource_type = ?', query.resourceType);
  if (query.id) add('id = ?', query.id);
  if (query.since) add('last_updated >= ?', query.since);
  if (query.at) {
    // `_at`: the versions current at that instant: written by then and not yet superseded.
    add('last_updated <= ?', query.at);
    where.push(`NOT EXISTS (SELECT 1 FROM fhir_history n WHERE n.resource_type = fhir_history.resource_type AND n.id = fhir_history.id
                             AND n.version > fhir_history.version AND n.last_updated <= $${params.length})`);
  }
  if (query.cursor) {
    params.push(query.cursor.lastUpdated, query.cursor.seq);
    where.push(`(last_updated, seq) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
  }
  params.push(query.count + 1);
  const { rows } = await db.query(
    // Ordered by the bigint column, not the text alias: "9" sorts after "10" as text.
    `SELECT seq::text, resource_type, id, version, last_updated, method, content FROM fhir_history
      WHERE ${where.join(' AND ')} ORDER BY fhir_history.last_updated DESC, fhir_history.seq DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, query.count) as HistoryRow[];
  const last = page[page.length - 1];
  const next = rows.length > query.count && last
    ? { snapshot: pin.snapshot, lastUpdated: last.last_updated.toISOString(), seq: last.seq, safeSince: pin.safeSince }
    : undefined;
  return { rows: page, next, safeSince: pin.safeSince };
}

/**
 * The snapshot a feed is pinned to, and the instant up to which it is complete: now, or the start
 * of the oldest write transaction still running (its versions will carry a later-committed but
 * earlier lastUpdated, so a client syncing `_since` the feed's instant must not skip past them).
 */
async function currentPin(db: Queryable): Promise<{ snapshot: string; safeSince: string }> {
  const { rows } = await db.query(
    `SELECT pg_current_snapshot()::text AS snapshot,
            least(clock_timestamp(), (SELECT min(xact_start) FROM pg_stat_activity
                                       WHERE backend_xid IS NOT NULL AND datname = current_database()
                                         AND pid <> pg_backend_pid())) AS safe`,
  );
  return { snapshot: rows[0].snapshot, safeSince: new Date(rows[0].safe).toISOString() };
}

export function encodeCursor(cursor: HistoryCursor): string {
  return Buffer.from(JSON.stringify([cursor.snapshot, cursor.lastUpdated, cursor.seq, cursor.safeSince])).toString('base64url');
}

export function decodeCursor(text: string): HistoryCursor | undefined {
  try {
    const [snapshot, lastUpdated, seq, safeSince] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    const valid = /^\d+:\d+:[\d,]*$/.test(snapshot) && !Number.isNaN(Date.parse(lastUpdated)) && /^\d+$/.test(seq) && !Number.isNaN(Date.parse(safeSince));
    return valid ? { snapshot, lastUpdated, seq, safeSince } : undefined;
  } catch {
    return undefined;
  }
}
