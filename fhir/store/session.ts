/**
 * A write session: one PostgreSQL transaction plus the checks that must hold when it commits.
 * Reference and hierarchy checks are deferred to the end, so a transaction Bundle may create a
 * child before its parent, and every write in one session commits or rolls back together.
 * Deferred work is batched: items collected under one key are checked with one set-based query,
 * so a Bundle of 500 entries costs a handful of queries at commit, not 500 times a handful.
 */
import type pg from 'pg';

export type Queryable = Pick<pg.Pool, 'query'>;

export type BatchCheck<T> = (db: pg.PoolClient, items: T[]) => Promise<void>;

interface PendingBatch {
  check: BatchCheck<unknown>;
  items: unknown[];
}

export class WriteSession {
  private readonly batches = new Map<string, PendingBatch>();
  /** `Type/id` of every resource this session wrote or deleted. */
  readonly changed: string[] = [];
  private clock?: Date;

  constructor(
    readonly db: pg.PoolClient,
    clock?: Date,
  ) {
    this.clock = clock;
  }

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

  /** Adds items to the batch `key`; `check` runs once over all of them when the session commits. */
  deferBatch<T>(key: string, check: BatchCheck<T>, ...items: T[]): void {
    const pending = this.batches.get(key) ?? { check: check as BatchCheck<unknown>, items: [] };
    pending.items.push(...items);
    this.batches.set(key, pending);
  }

  /** Runs every batch in the order its key was first used; a batch may add to a later one. */
  async runChecks(): Promise<void> {
    for (const [key, pending] of this.batches) {
      this.batches.delete(key);
      if (pending.items.length > 0) await pending.check(this.db, pending.items);
    }
  }
}

export interface TransactionHooks {
  afterCommit?(session: WriteSession): void;
}

/** Runs `work` in one transaction; rolls back on any error, including a failed deferred check. */
export async function inTransaction<T>(pool: pg.Pool, work: (session: WriteSession) => Promise<T>, hooks: TransactionHooks = {}): Promise<T> {
  const client = await pool.connect();
  try {
    // BEGIN and the clock in one round trip (a simple-protocol query may hold two statements).
    const [, clock] = (await client.query(`BEGIN; SELECT date_trunc('milliseconds', clock_timestamp()) AS now`)) as unknown as pg.QueryResult[];
    const session = new WriteSession(client, clock.rows[0].now as Date);
    const result = await work(session);
    await session.runChecks();
    await client.query('COMMIT');
    hooks.afterCommit?.(session);
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
