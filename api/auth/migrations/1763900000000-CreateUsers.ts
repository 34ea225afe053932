import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users (configuration guide, "Setup Users"). Usernames and emails are unique regardless of case. */
export class CreateUsers1763900000000 implements MigrationInterface {
  name = 'CreateUsers1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL,
        first_name text,
        last_name text,
        email text,
        email_verified boolean NOT NULL DEFAULT false,
        phone_number text,
        job_title text,
        active boolean NOT NULL DEFAULT true,
        login_restricted boolean NOT NULL DEFAULT false,
        home_facility_id text,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT users_username_format CHECK (username ~ '^[A-Za-z0-9._@-]{1,64}$')
      )`);
    await db.query('CREATE UNIQUE INDEX users_username_unique ON users (lower(username))');
    await db.query('CREATE UNIQUE INDEX users_email_unique ON users (lower(email)) WHERE email IS NOT NULL');
    await db.query('CREATE INDEX users_home_facility ON users (home_facility_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE users');
  }
}
