import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Programs (configuration guide, "Setup Programs"). Codes are unique and case-sensitive. */
export class CreatePrograms1763800000000 implements MigrationInterface {
  name = 'CreatePrograms1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE programs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CONSTRAINT programs_code_unique UNIQUE,
        name text NOT NULL,
        description text,
        active boolean NOT NULL DEFAULT true,
        periods_skippable boolean NOT NULL DEFAULT false,
        show_non_full_supply_tab boolean NOT NULL DEFAULT false,
        skip_authorization boolean NOT NULL DEFAULT false,
        enable_date_physical_stock_count_completed boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT programs_code_not_blank CHECK (btrim(code) <> ''),
        CONSTRAINT programs_name_not_blank CHECK (btrim(name) <> '')
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE programs');
  }
}
