/**
 * Runs and inspects migrations. Several app instances may start at once on one database, so
 * migrations run under a PostgreSQL advisory lock: the first instance migrates, the others wait
 * and then find nothing pending.
 */
import { MigrationExecutor, type DataSource } from 'typeorm';

const MIGRATION_LOCK_KEY = 7_317_040_001; // arbitrary, fixed: "lastmile migrations"

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  // One connection holds the lock and runs the migrations, so even a pool of one suffices.
  const connection = dataSource.createQueryRunner();
  await connection.connect();
  try {
    await connection.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const executor = new MigrationExecutor(dataSource, connection);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await connection.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await connection.release();
  }
}

/** Reverts every applied migration, newest first (used by tests of the down migrations). */
export async function revertAllMigrations(dataSource: DataSource): Promise<number> {
  let reverted = 0;
  while ((await appliedMigrationNames(dataSource)).length > 0) {
    await dataSource.undoLastMigration({ transaction: 'each' });
    reverted += 1;
  }
  return reverted;
}

export async function appliedMigrationNames(dataSource: DataSource): Promise<string[]> {
  const table = await dataSource.query(`SELECT to_regclass('migrations') AS name`);
  if (!table[0]?.name) return [];
  const rows: Array<{ name: string }> = await dataSource.query('SELECT name FROM migrations ORDER BY id');
  return rows.map((row) => row.name);
}

export async function pendingMigrationNames(dataSource: DataSource): Promise<string[]> {
  const applied = new Set(await appliedMigrationNames(dataSource));
  return dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name).filter((name) => !applied.has(name));
}
