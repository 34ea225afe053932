import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The installation record: one row identifying this Lastmile deployment (see api/system). */
export class CreateInstallation1763770000000 implements MigrationInterface {
  name = 'CreateInstallation1763770000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE installation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        singleton boolean NOT NULL DEFAULT true UNIQUE CHECK (singleton),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('INSERT INTO installation DEFAULT VALUES');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE installation');
  }
}
