/**
 * The grants a user's role assignments make (OpenLMIS's RBAC semantics, behaviour doc 5.3), read
 * with a fixed number of set-based queries whatever the number of assignments or facilities:
 * - administration and reporting roles: each right, everywhere;
 * - fulfillment roles: each right at the warehouse;
 * - supervision roles without a node: each right at the user's home facility, for the program;
 * - supervision roles at a node: each right at every facility the node supervises for the
 *   program: the members of its requisition group and of every group below it (recursively),
 *   where the group runs the program (requisition_group_coverage: members x the group's program
 *   schedules) and the facility's Location lists the program as actively supported.
 */
import type { EntityManager } from 'typeorm';
import type { FhirLayer } from '../../../fhir/index.js';
import type { RightName, RightType } from '../rights/right-catalogue.js';
import type { Grant } from './user-permissions.js';

type Locations = FhirLayer['locations'];

/** None for an unknown or inactive user. */
export async function loadGrants(db: EntityManager, locations: Locations, userId: string): Promise<Grant[]> {
  const [user]: Array<{ active: boolean; home_facility_id: string | null }> = await db.query('SELECT active, home_facility_id FROM users WHERE id = $1', [userId]);
  if (!user?.active) return [];
  const [rightsOfRole, direct, supervised] = await Promise.all([roleRights(db, userId), directAssignments(db, userId), supervisedCoverage(db, userId)]);
  const supported = await supportedPairs(locations, supervised);
  const grants: Grant[] = [];
  const grant = (roleId: string, scope: Omit<Grant, 'right'>) => {
    for (const right of rightsOfRole.get(roleId) ?? []) grants.push({ right, ...scope });
  };
  for (const assignment of direct) {
    if (assignment.role_type === 'ORDER_FULFILLMENT') grant(assignment.role_id, { facilityId: assignment.warehouse_id! });
    else if (assignment.role_type !== 'SUPERVISION') grant(assignment.role_id, {});
    else if (user.home_facility_id) grant(assignment.role_id, { facilityId: user.home_facility_id, programId: assignment.program_id! });
  }
  for (const row of supervised) {
    if (supported.has(`${row.facility_id}|${row.program_code}`)) grant(row.role_id, { facilityId: row.facility_id, programId: row.program_id });
  }
  return grants;
}

/** The rights of every role the user holds. */
async function roleRights(db: EntityManager, userId: string): Promise<Map<string, RightName[]>> {
  const rows: Array<{ role_id: string; name: RightName }> = await db.query(
    `SELECT rr.role_id, r.name FROM role_rights rr JOIN rights r ON r.id = rr.right_id
      WHERE rr.role_id IN (SELECT role_id FROM role_assignments WHERE user_id = $1)`,
    [userId],
  );
  const rights = new Map<string, RightName[]>();
  for (const { role_id, name } of rows) rights.set(role_id, [...(rights.get(role_id) ?? []), name]);
  return rights;
}

interface DirectAssignment {
  role_id: string;
  role_type: RightType;
  program_id: string | null;
  warehouse_id: string | null;
}

/** Assignments that need no hierarchy: everything but supervision at a node. */
function directAssignments(db: EntityManager, userId: string): Promise<DirectAssignment[]> {
  return db.query('SELECT role_id, role_type, program_id, warehouse_id FROM role_assignments WHERE user_id = $1 AND supervisory_node_id IS NULL', [userId]);
}

interface SupervisedFacility {
  role_id: string;
  program_id: string;
  program_code: string;
  facility_id: string;
}

/**
 * (role, program, facility) for every supervision assignment at a node: the node's subtree
 * (UNION stops on a damaged, looping tree), its groups' coverage of the assignment's program.
 */
function supervisedCoverage(db: EntityManager, userId: string): Promise<SupervisedFacility[]> {
  return db.query(
    `WITH RECURSIVE assigned AS (
       SELECT id, role_id, program_id, supervisory_node_id FROM role_assignments WHERE user_id = $1 AND supervisory_node_id IS NOT NULL
     ), subtree(assignment_id, node_id) AS (
       SELECT id, supervisory_node_id FROM assigned
       UNION SELECT s.assignment_id, n.id FROM supervisory_nodes n JOIN subtree s ON n.parent_node_id = s.node_id
     )
     SELECT DISTINCT a.role_id, a.program_id, p.code AS program_code, c.facility_id
       FROM assigned a
       JOIN subtree s ON s.assignment_id = a.id
       JOIN requisition_groups g ON g.supervisory_node_id = s.node_id
       JOIN requisition_group_coverage c ON c.requisition_group_id = g.id AND c.program_id = a.program_id
       JOIN programs p ON p.id = a.program_id`,
    [userId],
  );
}

/** `facilityId|programCode` for each facility among `rows` that actively supports the program (one read of the Locations). */
async function supportedPairs(locations: Locations, rows: SupervisedFacility[]): Promise<Set<string>> {
  const ids = [...new Set(rows.map((row) => row.facility_id))];
  if (ids.length === 0) return new Set();
  const { records } = await locations.listFacilities({ ids }, { offset: 0, limit: ids.length, sort: [] });
  return new Set(records.flatMap((facility) => facility.supportedPrograms.filter((program) => program.active).map((program) => `${facility.id}|${program.code}`)));
}
