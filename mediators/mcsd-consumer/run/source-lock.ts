/**
 * One pull per source at a time, across every app instance and CLI process on the database: a
 * session-level PostgreSQL advisory lock, held on a connection of its own for the whole run. A
 * second run does not wait: it is refused at once (the API answers 409, the scheduler skips the
 * turn, the CLI exits). When a process dies, its connection closes and the lock goes with it.
 */
import type pg from 'pg';

/** The first key of the two-key advisory lock: 'mcsd' in ASCII, so other modules' locks never collide. */
const NAMESPACE = 0x6d637364;

export interface SourceLock {
  release(): Promise<void>;
}

export async function tryLockSource(pool: pg.Pool, sourceId: string): Promise<SourceLock | undefined> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [NAMESPACE, sourceId]);
    if (!rows[0].locked) {
      client.release();
      return undefined;
    }
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      try {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [NAMESPACE, sourceId]);
        client.release();
      } catch (error) {
        client.release(error as Error); // a broken connection is dropped, and its lock with it
      }
    },
  };
}
