/**
 * The TypeORM data source on PostgreSQL. The schema comes only from migrations (never
 * `synchronize`), and the underlying pg pool is exposed for metrics.
 */
import 'reflect-metadata';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';

// A SQL `date` is a calendar day, not an instant: keep it as 'YYYY-MM-DD' instead of a Date at
// local midnight, which shifts by a day in time zones west of UTC.
const SQL_DATE = 1082;
pg.types.setTypeParser(SQL_DATE, (value) => value);

export interface DataSourceOptions {
  url: string;
  poolMax?: number;
  applicationName?: string;
}

export function createDataSource({ url, poolMax = 10, applicationName = 'lastmile' }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolMax, connectionTimeoutMillis: 5000, application_name: applicationName },
  });
}

/** The pg pool behind the data source (TypeORM's postgres driver keeps it as `master`). */
export function poolOf(dataSource: DataSource): pg.Pool | undefined {
  const driver = dataSource.driver as unknown as { master?: pg.Pool };
  return driver.master;
}
