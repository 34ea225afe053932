import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sessions of the relying party (/api/login): the cookie holds a random id, this table its
 * hash with the user and the tokens the identity provider gave (for logout and revocation).
 */
export class CreateLoginSessions1763922000000 implements MigrationInterface {
  name = 'CreateLoginSessions1763922000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE login_sessions (
        id_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        issuer text NOT NULL,
        id_token text,
        refresh_token text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX login_sessions_user ON login_sessions (user_id)');
    await db.query('CREATE INDEX login_sessions_expires ON login_sessions (expires_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE login_sessions');
  }
}
