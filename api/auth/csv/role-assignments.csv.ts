/**
 * roleAssignments.csv: one role assignment per row, as the guide's "Assign Roles" examples read:
 * a user, a role, and the scope the role's type takes: a program (with a supervisory node, or
 * blank for the home facility) for supervision roles, a warehouse for fulfillment roles, nothing
 * for administration and reporting roles. Rows add to a user's assignments; none are removed.
 */
import type { EntityManager } from 'typeorm';
import { ApiError } from '../../http/errors.js';
import { cell } from '../../referencedata/csv/coded-csv-type.js';
import type { CsvColumn, CsvType } from '../../referencedata/csv/csv-type.js';
import { FacilityCodes, FacilityIds, NamedTable } from '../../referencedata/csv/types/lookups.js';
import { RoleAssignmentService } from '../role-assignments/role-assignment.service.js';

const COLUMNS = {
  username: { header: 'Username', field: 'userId', required: true },
  role: { header: 'Role', field: 'roleId', required: true, aliases: ['Role Name'] },
  program: { header: 'Program', field: 'programId', aliases: ['Program Code'] },
  node: { header: 'Supervisory Node', field: 'supervisoryNodeId', aliases: ['Supervisory Node Code'] },
  warehouse: { header: 'Warehouse', field: 'warehouseId', aliases: ['Warehouse Code', 'Fulfillment Facility'] },
} satisfies Record<string, CsvColumn>;

interface AssignmentRow {
  userId: string;
  username: string;
  roleId: string;
  roleName: string;
  programId?: string;
  supervisoryNodeId?: string;
  warehouseCode?: string;
}

interface Named {
  id: string;
  code: string;
  name: string;
}

interface Lookups {
  users: Map<string, { id: string; username: string }>;
  roles: Map<string, Named>;
  programs: NamedTable<Named>;
  nodes: NamedTable<Named>;
  facilities: FacilityCodes;
}

export const roleAssignmentsCsv: CsvType<AssignmentRow, Lookups> = {
  type: 'roleAssignments',
  title: 'Role assignments',
  store: 'typeorm',
  columns: Object.values(COLUMNS),
  async prepare(scope) {
    const { users, roles, programs, nodes } = await lookups(scope.manager);
    return { users, roles, programs, nodes, facilities: new FacilityCodes(scope.context) };
  },
  toInput(row, { users, roles, programs, nodes }) {
    const user = row.code(COLUMNS.username, (text) => users.get(text.toLowerCase()), 'user (username)');
    const role = row.code(COLUMNS.role, (text) => roles.get(text.toLowerCase()), 'role (name)');
    const programId = row.code(COLUMNS.program, (text) => programs.find(text)?.id, 'program');
    const supervisoryNodeId = row.code(COLUMNS.node, (text) => nodes.find(text)?.id, 'supervisory node');
    const warehouseCode = row.text(COLUMNS.warehouse);
    if (row.errors.length > 0 || !user || !role) return undefined;
    return { userId: user.id, username: user.username, roleId: role.id, roleName: role.name, programId, supervisoryNodeId, warehouseCode };
  },
  key: (row) => [row.username.toLowerCase(), row.roleName.toLowerCase(), row.programId, row.supervisoryNodeId, row.warehouseCode].join(' / '),
  async write(row, scope, { facilities }) {
    const warehouseId = row.warehouseCode ? await facilities.idOf(row.warehouseCode, 'roleAssignment', COLUMNS.warehouse.field) : undefined;
    const service = new RoleAssignmentService(scope.manager, scope.context.directory);
    const added = await service.add(row.userId, [{ roleId: row.roleId, programId: row.programId, supervisoryNodeId: row.supervisoryNodeId, warehouseId }]).catch(inItsColumn);
    return added > 0 ? 'created' : 'updated';
  },
  async *exportRows(context) {
    const manager = context.dataSource.manager;
    const { programs, nodes } = await lookups(manager);
    const facilities = new FacilityIds(context);
    const rows: Array<{ username: string; role: string; program_id: string | null; node_id: string | null; warehouse_id: string | null }> = await manager.query(
      `SELECT u.username, r.name AS role, a.program_id, a.supervisory_node_id AS node_id, a.warehouse_id
         FROM role_assignments a JOIN users u ON u.id = a.user_id JOIN roles r ON r.id = a.role_id
        ORDER BY u.username, r.name, a.program_id, a.supervisory_node_id NULLS FIRST, a.warehouse_id`,
    );
    for (const row of rows) yield [row.username, row.role, programs.codeOf(row.program_id), nodes.codeOf(row.node_id), await facilities.codeOf(row.warehouse_id)].map(cell);
  },
};

async function lookups(manager: EntityManager) {
  const users: Array<{ id: string; username: string }> = await manager.query('SELECT id, username FROM users');
  const roles: Named[] = await manager.query(`SELECT id, name AS code, name FROM roles`);
  const programs: Named[] = await manager.query('SELECT id, code, name FROM programs');
  const nodes: Named[] = await manager.query('SELECT id, code, name FROM supervisory_nodes');
  return {
    users: new Map(users.map((user) => [user.username.toLowerCase(), user])),
    roles: new Map(roles.map((role) => [role.name.toLowerCase(), role])),
    programs: new NamedTable(programs),
    nodes: new NamedTable(nodes),
  };
}

/** The service reports problems by assignment (`[0].programId`); a CSV row is one assignment: by field. */
function inItsColumn(failure: unknown): never {
  const problems = (failure as ApiError).details as { problems?: Array<{ field: string; message: string }> } | undefined;
  if (!(failure instanceof ApiError) || !problems?.problems) throw failure;
  const fieldErrors = Object.fromEntries(problems.problems.map((p) => [p.field, p.message]));
  const message = problems.problems.map((p) => `${p.field} ${p.message}`).join('; ');
  throw new ApiError(failure.status, failure.messageKey, message, { fieldErrors });
}
