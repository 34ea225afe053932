import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail: one row per login, token request and change made through /api or /fhir.
 * Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE, so not even the application's own
 * database user can rewrite history (dropping the table needs a migration, which is reviewed).
 */
export class CreateAuditEvents1763930000000 implements MigrationInterface {
  name = 'CreateAuditEvents1763930000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        recorded timestamptz NOT NULL DEFAULT clock_timestamp(),
        action text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
        reason text,
        user_id uuid,
        username text,
        client_id text,
        ip text,
        user_agent text,
        method text,
        path text,
        resource_type text,
        resource_id text,
        status integer,
        request_id text
      )`);
    await db.query('CREATE INDEX audit_events_recorded ON audit_events (recorded DESC, id DESC)');
    await db.query('CREATE INDEX audit_events_action ON audit_events (action, recorded DESC)');
    await db.query('CREATE INDEX audit_events_user ON audit_events (user_id, recorded DESC) WHERE user_id IS NOT NULL');
    await db.query(`
      CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`);
    await db.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE audit_events');
    await db.query('DROP FUNCTION audit_events_refuse_change()');
  }
}
