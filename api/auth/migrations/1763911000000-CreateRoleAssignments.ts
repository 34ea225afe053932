import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Role assignments: a user holds a role in a scope that fits the role's type (configuration guide,
 * "Assign Roles"): supervision by program, at the home facility (no node) or at a supervisory node;
 * fulfillment at a warehouse (a facility's Location id); administration and reporting everywhere.
 * The CHECK and the (role, type) reference keep every row's scope right even if a writer forgets;
 * a role that is assigned cannot change its type (the reference has no cascade).
 */
export class CreateRoleAssignments1763911000000 implements MigrationInterface {
  name = 'CreateRoleAssignments1763911000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE role_assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role_id uuid NOT NULL,
        role_type text NOT NULL,
        program_id uuid REFERENCES programs (id),
        supervisory_node_id uuid REFERENCES supervisory_nodes (id),
        warehouse_id text,
        CONSTRAINT role_assignments_role_fk FOREIGN KEY (role_id, role_type) REFERENCES roles (id, type),
        CONSTRAINT role_assignments_scope CHECK (
          (role_type = 'SUPERVISION' AND program_id IS NOT NULL AND warehouse_id IS NULL)
          OR (role_type = 'ORDER_FULFILLMENT' AND warehouse_id IS NOT NULL AND program_id IS NULL AND supervisory_node_id IS NULL)
          OR (role_type IN ('GENERAL_ADMIN', 'REPORTS') AND program_id IS NULL AND supervisory_node_id IS NULL AND warehouse_id IS NULL)
        ),
        CONSTRAINT role_assignments_unique UNIQUE NULLS NOT DISTINCT (user_id, role_id, program_id, supervisory_node_id, warehouse_id)
      )`);
    await db.query('CREATE INDEX role_assignments_role ON role_assignments (role_id)');
    await db.query('CREATE INDEX role_assignments_program ON role_assignments (program_id)');
    await db.query('CREATE INDEX role_assignments_node ON role_assignments (supervisory_node_id)');
    await db.query('CREATE INDEX role_assignments_warehouse ON role_assignments (warehouse_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE role_assignments');
  }
}
