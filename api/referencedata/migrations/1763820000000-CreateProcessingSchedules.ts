import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Processing schedules and their periods. Within a schedule, periods do not overlap (an exclusion
 * constraint, so even concurrent writers cannot break it); contiguity is checked by the service,
 * which locks the schedule while it adds or removes periods.
 */
export class CreateProcessingSchedules1763820000000 implements MigrationInterface {
  name = 'CreateProcessingSchedules1763820000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await db.query(`
      CREATE TABLE processing_schedules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CONSTRAINT processing_schedules_code_unique UNIQUE CHECK (btrim(code) <> ''),
        name text NOT NULL CHECK (btrim(name) <> ''),
        description text,
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`
      CREATE TABLE processing_periods (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        processing_schedule_id uuid NOT NULL REFERENCES processing_schedules (id),
        name text NOT NULL CHECK (btrim(name) <> ''),
        description text,
        start_date date NOT NULL,
        end_date date NOT NULL,
        report_only boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT processing_periods_dates CHECK (end_date > start_date),
        CONSTRAINT processing_periods_name_unique UNIQUE (processing_schedule_id, name),
        CONSTRAINT processing_periods_no_overlap EXCLUDE USING gist (processing_schedule_id WITH =, daterange(start_date, end_date, '[]') WITH &&)
      )`);
    await db.query('CREATE INDEX processing_periods_schedule_start ON processing_periods (processing_schedule_id, start_date)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE processing_periods');
    await db.query('DROP TABLE processing_schedules');
  }
}
