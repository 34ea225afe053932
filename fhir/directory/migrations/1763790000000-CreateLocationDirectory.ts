import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The location directory: one row per live Location (facility or zone) with its Lastmile code,
 * kind and path from the country down, kept in the same transaction as every Location write.
 * The view `location_directory` is the FHIR layer's public, read-only SQL interface for set-based
 * work in api/ (lists by zone or type, dashboards, reports).
 */
export class CreateLocationDirectory1763790000000 implements MigrationInterface {
  name = 'CreateLocationDirectory1763790000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE fhir_location_directory (
        id text PRIMARY KEY,
        code text,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('facility', 'jurisdiction', 'other')),
        type_codes text[] NOT NULL,
        parent_id text,
        path text[] NOT NULL,
        status text NOT NULL,
        owner text NOT NULL,
        last_updated timestamptz NOT NULL
      )`);
    // Deferred, so codes may be swapped within one transaction and a duplicate is reported by the
    // commit-time check as a 422 naming both Locations rather than by the index as an error.
    await db.query('ALTER TABLE fhir_location_directory ADD CONSTRAINT fhir_location_directory_code UNIQUE (code) DEFERRABLE INITIALLY DEFERRED');
    await db.query('CREATE INDEX fhir_location_directory_parent ON fhir_location_directory (parent_id)');
    await db.query('CREATE INDEX fhir_location_directory_path ON fhir_location_directory USING gin (path)');
    await db.query(`
      CREATE VIEW location_directory AS
        SELECT id, code, name, kind, type_codes, parent_id, path AS zone_path, status, owner, last_updated
          FROM fhir_location_directory`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP VIEW location_directory');
    await db.query('DROP TABLE fhir_location_directory');
  }
}
