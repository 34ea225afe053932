import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supervision hierarchy (configuration guide, "Setup Supervisory Nodes, Requisition Groups,
 * Supply Lines"): supervisory nodes form a tree, a requisition group hangs off one node and lists
 * member facilities and the schedule of each program, a supply line names who supplies a node's
 * orders for a program. Facilities are FHIR Locations, so facility columns hold FHIR ids (text)
 * without foreign keys; the services check them against the facility directory.
 *
 * `requisition_group_coverage` is derived from members x program schedules, one row per
 * (facility, program) a group covers. Its primary key is the rule "a facility gets a program
 * through one requisition group only" (so on one schedule, routed to one node): even concurrent
 * writers cannot break it. Its foreign keys make stale rows impossible.
 */
export class CreateSupervisionHierarchy1763840000000 implements MigrationInterface {
  name = 'CreateSupervisionHierarchy1763840000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE supervisory_nodes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CONSTRAINT supervisory_nodes_code_unique UNIQUE CHECK (btrim(code) <> ''),
        name text NOT NULL CHECK (btrim(name) <> ''),
        description text,
        facility_id text,
        parent_node_id uuid CONSTRAINT supervisory_nodes_parent_fk REFERENCES supervisory_nodes (id),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT supervisory_nodes_not_own_parent CHECK (parent_node_id <> id)
      )`);
    await db.query('CREATE INDEX supervisory_nodes_parent ON supervisory_nodes (parent_node_id)');
    await db.query('CREATE INDEX supervisory_nodes_facility ON supervisory_nodes (facility_id)');

    await db.query(`
      CREATE TABLE requisition_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CONSTRAINT requisition_groups_code_unique UNIQUE CHECK (btrim(code) <> ''),
        name text NOT NULL CHECK (btrim(name) <> ''),
        description text,
        supervisory_node_id uuid NOT NULL
          CONSTRAINT requisition_groups_supervisory_node_unique UNIQUE
          CONSTRAINT requisition_groups_supervisory_node_fk REFERENCES supervisory_nodes (id),
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`
      CREATE TABLE requisition_group_members (
        requisition_group_id uuid NOT NULL REFERENCES requisition_groups (id) ON DELETE CASCADE,
        facility_id text NOT NULL,
        PRIMARY KEY (requisition_group_id, facility_id)
      )`);
    await db.query('CREATE INDEX requisition_group_members_facility ON requisition_group_members (facility_id)');
    await db.query(`
      CREATE TABLE requisition_group_program_schedules (
        requisition_group_id uuid NOT NULL REFERENCES requisition_groups (id) ON DELETE CASCADE,
        program_id uuid NOT NULL REFERENCES programs (id),
        processing_schedule_id uuid NOT NULL REFERENCES processing_schedules (id),
        direct_delivery boolean NOT NULL,
        drop_off_facility_id text,
        PRIMARY KEY (requisition_group_id, program_id),
        CONSTRAINT requisition_group_program_schedules_drop_off CHECK (NOT (direct_delivery AND drop_off_facility_id IS NOT NULL))
      )`);
    await db.query('CREATE INDEX requisition_group_program_schedules_program ON requisition_group_program_schedules (program_id)');
    await db.query('CREATE INDEX requisition_group_program_schedules_schedule ON requisition_group_program_schedules (processing_schedule_id)');
    await db.query(`
      CREATE TABLE requisition_group_coverage (
        facility_id text NOT NULL,
        program_id uuid NOT NULL,
        requisition_group_id uuid NOT NULL,
        CONSTRAINT requisition_group_coverage_facility_program_unique PRIMARY KEY (facility_id, program_id),
        FOREIGN KEY (requisition_group_id, facility_id) REFERENCES requisition_group_members (requisition_group_id, facility_id) ON DELETE CASCADE,
        FOREIGN KEY (requisition_group_id, program_id) REFERENCES requisition_group_program_schedules (requisition_group_id, program_id) ON DELETE CASCADE
      )`);
    await db.query('CREATE INDEX requisition_group_coverage_group ON requisition_group_coverage (requisition_group_id)');

    await db.query(`
      CREATE TABLE supply_lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text CONSTRAINT supply_lines_code_unique UNIQUE CHECK (btrim(code) <> ''),
        description text,
        supervisory_node_id uuid NOT NULL CONSTRAINT supply_lines_supervisory_node_fk REFERENCES supervisory_nodes (id),
        program_id uuid NOT NULL REFERENCES programs (id),
        supplying_facility_id text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT supply_lines_node_program_unique UNIQUE (supervisory_node_id, program_id)
      )`);
    await db.query('CREATE INDEX supply_lines_program ON supply_lines (program_id)');
    await db.query('CREATE INDEX supply_lines_supplying_facility ON supply_lines (supplying_facility_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE supply_lines');
    await db.query('DROP TABLE requisition_group_coverage');
    await db.query('DROP TABLE requisition_group_program_schedules');
    await db.query('DROP TABLE requisition_group_members');
    await db.query('DROP TABLE requisition_groups');
    await db.query('DROP TABLE supervisory_nodes');
  }
}
