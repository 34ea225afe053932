import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The embedded OpenID Connect provider's state, shared by every instance on the database:
 * oidc-provider's models (sessions, grants, codes, refresh tokens, interactions) in one table with
 * their expiry, the signing and cookie keys, and the registered OAuth clients.
 */
export class CreateOidcStore1763921000000 implements MigrationInterface {
  name = 'CreateOidcStore1763921000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE oidc_payloads (
        model text NOT NULL,
        id text NOT NULL,
        payload jsonb NOT NULL,
        grant_id text,
        uid text,
        user_code text,
        expires_at timestamptz,
        consumed_at timestamptz,
        PRIMARY KEY (model, id)
      )`);
    await db.query('CREATE INDEX oidc_payloads_grant ON oidc_payloads (grant_id) WHERE grant_id IS NOT NULL');
    await db.query('CREATE INDEX oidc_payloads_uid ON oidc_payloads (model, uid) WHERE uid IS NOT NULL');
    await db.query('CREATE INDEX oidc_payloads_user_code ON oidc_payloads (model, user_code) WHERE user_code IS NOT NULL');
    await db.query('CREATE INDEX oidc_payloads_expires ON oidc_payloads (expires_at) WHERE expires_at IS NOT NULL');

    await db.query(`
      CREATE TABLE auth_keys (
        kid text PRIMARY KEY,
        kind text NOT NULL,
        material jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz,
        CONSTRAINT auth_keys_kind CHECK (kind IN ('signing', 'cookie'))
      )`);

    await db.query(`
      CREATE TABLE oauth_clients (
        client_id text PRIMARY KEY,
        name text,
        secret_hash text,
        auth_method text NOT NULL DEFAULT 'client_secret_basic',
        grant_types text[] NOT NULL,
        redirect_uris text[] NOT NULL DEFAULT '{}',
        post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
        allowed_scopes text[] NOT NULL DEFAULT '{}',
        owner_registry text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT oauth_clients_id_format CHECK (client_id ~ '^[A-Za-z0-9._:-]{1,128}$'),
        CONSTRAINT oauth_clients_auth_method CHECK (auth_method IN ('client_secret_basic', 'client_secret_post', 'none')),
        CONSTRAINT oauth_clients_secret CHECK ((auth_method = 'none') = (secret_hash IS NULL)),
        CONSTRAINT oauth_clients_grant_types CHECK (grant_types <@ ARRAY['authorization_code', 'refresh_token', 'client_credentials']::text[])
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE oauth_clients');
    await db.query('DROP TABLE auth_keys');
    await db.query('DROP TABLE oidc_payloads');
  }
}
