import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The FHIR store: current versions, an append-only history, and one index table per search
 * parameter kind. Index rows are rewritten in the same transaction as the resource they describe.
 */
export class CreateFhirStore1763780000000 implements MigrationInterface {
  name = 'CreateFhirStore1763780000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await db.query(`
      CREATE TABLE fhir_resource (
        resource_type text NOT NULL,
        id text NOT NULL,
        version integer NOT NULL,
        last_updated timestamptz NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        owner text NOT NULL,
        content text NOT NULL,
        PRIMARY KEY (resource_type, id)
      )`);
    await db.query('CREATE INDEX fhir_resource_updated ON fhir_resource (resource_type, last_updated, id) WHERE NOT deleted');
    // seq orders writes; tx (the writing transaction) lets a history paging cursor pin a snapshot.
    await db.query(`
      CREATE TABLE fhir_history (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
        resource_type text NOT NULL,
        id text NOT NULL,
        version integer NOT NULL,
        last_updated timestamptz NOT NULL,
        method text NOT NULL CHECK (method IN ('POST', 'PUT', 'DELETE')),
        content text,
        UNIQUE (resource_type, id, version)
      )`);
    await db.query('CREATE INDEX fhir_history_type_time ON fhir_history (resource_type, last_updated DESC, seq DESC)');
    await db.query('CREATE INDEX fhir_history_time ON fhir_history (last_updated DESC, seq DESC)');

    await db.query(`CREATE TABLE fhir_token (resource_type text NOT NULL, id text NOT NULL, param text NOT NULL, system text, code text)`);
    await db.query('CREATE INDEX fhir_token_search ON fhir_token (resource_type, param, code, system)');
    await db.query('CREATE INDEX fhir_token_owner ON fhir_token (resource_type, id)');

    await db.query(`CREATE TABLE fhir_string (resource_type text NOT NULL, id text NOT NULL, param text NOT NULL, value text NOT NULL, norm text NOT NULL)`);
    await db.query('CREATE INDEX fhir_string_prefix ON fhir_string (resource_type, param, norm text_pattern_ops)');
    await db.query('CREATE INDEX fhir_string_contains ON fhir_string USING gin (norm gin_trgm_ops)');
    await db.query('CREATE INDEX fhir_string_owner ON fhir_string (resource_type, id)');

    await db.query(`CREATE TABLE fhir_reference (resource_type text NOT NULL, id text NOT NULL, param text NOT NULL, target_type text NOT NULL, target_id text NOT NULL)`);
    await db.query('CREATE INDEX fhir_reference_search ON fhir_reference (resource_type, param, target_id)');
    await db.query('CREATE INDEX fhir_reference_target ON fhir_reference (target_type, target_id)');
    // (type, id, param) first: hierarchy walks probe "the partof of this id" and must never be
    // planned through the search index, which would scan every partof row per step.
    await db.query('CREATE INDEX fhir_reference_owner ON fhir_reference (resource_type, id, param, target_type)');

    await db.query(`CREATE TABLE fhir_date (resource_type text NOT NULL, id text NOT NULL, param text NOT NULL, low timestamptz, high timestamptz)`);
    await db.query('CREATE INDEX fhir_date_search ON fhir_date (resource_type, param, low, high)');
    await db.query('CREATE INDEX fhir_date_owner ON fhir_date (resource_type, id)');

    await db.query(`CREATE TABLE fhir_number (resource_type text NOT NULL, id text NOT NULL, param text NOT NULL, value numeric, system text, code text)`);
    await db.query('CREATE INDEX fhir_number_search ON fhir_number (resource_type, param, value)');
    await db.query('CREATE INDEX fhir_number_owner ON fhir_number (resource_type, id)');

    await db.query(`CREATE TABLE fhir_position (resource_type text NOT NULL, id text NOT NULL, latitude double precision NOT NULL, longitude double precision NOT NULL, PRIMARY KEY (resource_type, id))`);
    await db.query('CREATE INDEX fhir_position_search ON fhir_position (latitude, longitude)');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['fhir_position', 'fhir_number', 'fhir_date', 'fhir_reference', 'fhir_string', 'fhir_token', 'fhir_history', 'fhir_resource']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
