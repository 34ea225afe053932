import type { DataSource } from 'typeorm';
import { createDataSource } from '../../api/db/data-source.js';
import { appliedMigrationNames, pendingMigrationNames, revertAllMigrations, runMigrations } from '../../api/db/migrate.js';
import { migrations } from '../../api/db/migrations/index.js';
import { createTestDatabase } from '../helpers/database.js';

async function tables(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ tablename: string }> = await dataSource.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY tablename`,
  );
  return rows.map((row) => row.tablename);
}

describe('migrations', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = createDataSource({ url: await createTestDatabase({ empty: true }) });
    await dataSource.initialize();
  });
  afterAll(() => dataSource.destroy());

  it('apply every migration to an empty database, revert them all, and apply again', async () => {
    expect(await tables(dataSource)).toEqual([]);
    expect(await pendingMigrationNames(dataSource)).toHaveLength(migrations.length);

    const applied = await runMigrations(dataSource);
    expect(applied).toHaveLength(migrations.length);
    expect(await pendingMigrationNames(dataSource)).toEqual([]);
    const migratedTables = await tables(dataSource);
    expect(migratedTables).toContain('installation');

    expect(await revertAllMigrations(dataSource)).toBe(migrations.length);
    expect(await tables(dataSource)).toEqual([]);
    expect(await appliedMigrationNames(dataSource)).toEqual([]);

    await runMigrations(dataSource);
    expect(await tables(dataSource)).toEqual(migratedTables);
  });

  it('run once when two instances start together', async () => {
    const url = await createTestDatabase({ empty: true });
    const [other, again] = [createDataSource({ url }), createDataSource({ url })];
    await Promise.all([other.initialize(), again.initialize()]);
    try {
      const [first, second] = await Promise.all([runMigrations(other), runMigrations(again)]);
      expect(first.length + second.length).toBe(migrations.length);
      expect(await appliedMigrationNames(other)).toHaveLength(migrations.length);
    } finally {
      await Promise.all([other.destroy(), again.destroy()]);
    }
  });

  it('create exactly one installation row', async () => {
    const rows = await dataSource.query('SELECT id FROM installation');
    expect(rows).toHaveLength(1);
    await expect(dataSource.query('INSERT INTO installation DEFAULT VALUES')).rejects.toThrow(/duplicate key/);
  });
});
