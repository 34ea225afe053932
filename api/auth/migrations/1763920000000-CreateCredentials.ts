import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Passwords of the embedded identity provider: one argon2id hash per user with the lockout state,
 * and the one-time setup tokens that let a production installation set its first administrator's
 * password (stored hashed, like the passwords).
 */
export class CreateCredentials1763920000000 implements MigrationInterface {
  name = 'CreateCredentials1763920000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE user_credentials (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        password_hash text NOT NULL,
        failed_attempts integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz,
        default_password boolean NOT NULL DEFAULT false,
        CONSTRAINT user_credentials_failed_attempts CHECK (failed_attempts >= 0)
      )`);
    await db.query(`
      CREATE TABLE auth_setup_tokens (
        token_hash text PRIMARY KEY,
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE auth_setup_tokens');
    await db.query('DROP TABLE user_credentials');
  }
}
