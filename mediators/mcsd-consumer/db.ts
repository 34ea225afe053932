/** Database access of the consumer: plain SQL on the platform's pool. */
import type pg from 'pg';

/** Anything that runs a query: the pool, or the client of a transaction in progress. */
export type Db = Pick<pg.Pool, 'query'>;

/** Runs `work` in one transaction on a client of its own. */
export async function inTransaction<T>(pool: pg.Pool, work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
