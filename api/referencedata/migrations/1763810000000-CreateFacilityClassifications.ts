import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Facility types, facility operators and geographic levels (configuration guide, "Setup Associated Facilities"). */
export class CreateFacilityClassifications1763810000000 implements MigrationInterface {
  name = 'CreateFacilityClassifications1763810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE facility_types (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CONSTRAINT facility_types_code_unique UNIQUE CHECK (btrim(code) <> ''),
        name text NOT NULL CHECK (btrim(name) <> ''),
        description text,
        display_order integer CHECK (display_order >= 0),
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`
      CREATE TABLE facility_operators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CONSTRAINT facility_operators_code_unique UNIQUE CHECK (btrim(code) <> ''),
        name text NOT NULL CHECK (btrim(name) <> ''),
        description text,
        display_order integer CHECK (display_order >= 0),
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`
      CREATE TABLE geographic_levels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CONSTRAINT geographic_levels_code_unique UNIQUE CHECK (btrim(code) <> ''),
        name text NOT NULL CHECK (btrim(name) <> ''),
        description text,
        level_number integer NOT NULL CONSTRAINT geographic_levels_level_number_unique UNIQUE CHECK (level_number >= 1),
        version integer NOT NULL DEFAULT 1
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE geographic_levels');
    await db.query('DROP TABLE facility_operators');
    await db.query('DROP TABLE facility_types');
  }
}
