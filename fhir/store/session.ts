/**
 * A write session: one PostgreSQL transaction plus the checks that must hold when it commits.
 * Reference and hierarchy checks are deferred to the end, so a transaction Bundle may create a
 * child before its parent, and every write in one session commits or rolls back together.
 */
import type pg from 'pg';

export type Queryable = Pick<pg.Pool, 'query'>;

export interface DeferredCheck {
  (db: pg.PoolClient): Promise<void>;
}

export class WriteSession {
  private readonly checks: DeferredCheck[] = [];
  private clock?: Date;

  constructor(readonly db: pg.PoolClient) {}

  /**
   * The database's clock, read once per session (so one transaction is one instant) and after
   * BEGIN: a version's lastUpdated is never earlier than its transaction's start, which is what
   * makes a history feed's "safe since" instant (see history-store.ts) safe.
   */
  async instant(): Promise<Date> {
    if (!this.clock) {
      const { rows } = await this.db.query(`SELECT date_trunc('milliseconds', clock_timestamp()) AS now`);
      this.clock = rows[0].now as Date;
    }
    return this.clock;
  }

  defer(check: DeferredCheck): void {
    this.checks.push(check);
  }

  async runChecks(): Promise<void> {
    for (const check of this.checks.splice(0)) await check(this.db);
  }
}

/** Runs `work` in one transaction; rolls back on any error, including a failed deferred check. */
export async function inTransaction<T>(pool: pg.Pool, work: (session: WriteSession) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const session = new WriteSession(client);
    const result = await work(session);
    await session.runChecks();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
