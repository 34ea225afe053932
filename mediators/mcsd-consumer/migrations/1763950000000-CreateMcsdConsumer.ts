import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mCSD update consumer's tables: the registries it pulls (sources, with their checkpoints and
 * the resumable state of an unfinished pull), the runs and what went wrong in them, the staging
 * area a pull lands in before it is applied, and the links between registry records and the
 * Lastmile records they were matched to.
 */
export class CreateMcsdConsumer1763950000000 implements MigrationInterface {
  name = 'CreateMcsdConsumer1763950000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mcsd_sources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' AND name <> 'lastmile'),
        base_url text NOT NULL,
        auth jsonb NOT NULL,
        resource_types text[] NOT NULL,
        interval_seconds integer CHECK (interval_seconds > 0),
        identifier_system text,
        id_prefix text NOT NULL DEFAULT '',
        page_size integer NOT NULL DEFAULT 500,
        enabled boolean NOT NULL DEFAULT true,
        managed_by text NOT NULL DEFAULT 'api' CHECK (managed_by IN ('api', 'env')),
        checkpoints jsonb NOT NULL DEFAULT '{}',
        pull_state jsonb,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE mcsd_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_id uuid NOT NULL REFERENCES mcsd_sources (id) ON DELETE CASCADE,
        source_name text NOT NULL,
        trigger text NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'interrupted')),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        duration_ms integer,
        pages integer NOT NULL DEFAULT 0,
        fetched integer NOT NULL DEFAULT 0,
        created integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        deleted integer NOT NULL DEFAULT 0,
        skipped integer NOT NULL DEFAULT 0,
        conflicts integer NOT NULL DEFAULT 0,
        resumed boolean NOT NULL DEFAULT false,
        checkpoints jsonb,
        errors jsonb NOT NULL DEFAULT '[]'
      )`);
    await db.query('CREATE INDEX mcsd_runs_started ON mcsd_runs (started_at DESC, id)');
    await db.query('CREATE INDEX mcsd_runs_source ON mcsd_runs (source_id, started_at DESC)');
    await db.query(`
      CREATE TABLE mcsd_run_issues (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES mcsd_runs (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('skipped', 'conflict')),
        resource_type text,
        remote_id text,
        reason text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX mcsd_run_issues_run ON mcsd_run_issues (run_id, id)');
    // One row per registry resource of the pull in progress: only its newest version. Rows that
    // could not be applied stay ('conflict') and are retried by the next pull.
    await db.query(`
      CREATE TABLE mcsd_staged (
        source_id uuid NOT NULL REFERENCES mcsd_sources (id) ON DELETE CASCADE,
        resource_type text NOT NULL,
        remote_id text NOT NULL,
        method text NOT NULL CHECK (method IN ('PUT', 'DELETE')),
        version_time timestamptz,
        version_id bigint,
        content text,
        parent_remote_id text,
        depth integer,
        state text NOT NULL CHECK (state IN ('pending', 'applied', 'conflict', 'skipped')),
        reason text,
        PRIMARY KEY (source_id, resource_type, remote_id)
      )`);
    await db.query('CREATE INDEX mcsd_staged_queue ON mcsd_staged (source_id, resource_type, state, method, depth, remote_id)');
    await db.query('CREATE INDEX mcsd_staged_parent ON mcsd_staged (source_id, resource_type, parent_remote_id)');
    // A registry record linked to an existing Lastmile record (matched by identifier and adopted).
    await db.query(`
      CREATE TABLE mcsd_links (
        source_id uuid NOT NULL REFERENCES mcsd_sources (id) ON DELETE CASCADE,
        resource_type text NOT NULL,
        remote_id text NOT NULL,
        local_id text NOT NULL,
        matched_identifier text NOT NULL,
        local_code text,
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_id, resource_type, remote_id),
        UNIQUE (resource_type, local_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['mcsd_links', 'mcsd_staged', 'mcsd_run_issues', 'mcsd_runs', 'mcsd_sources']) await db.query(`DROP TABLE ${table}`);
  }
}
