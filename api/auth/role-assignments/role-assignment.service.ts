/**
 * A user's role assignments. PUT replaces the whole set, as OpenLMIS's user save does; an import
 * adds to it. Every assignment is checked before anything is written: the role exists, the scope
 * fits the role's type (scope-rules.ts), and the program, supervisory node and warehouse (a
 * facility Location) it names exist. A home-facility supervision assignment is accepted for a
 * user without a home facility (the guide's "Keep Roles"); it grants nothing until one is set.
 */
import type { EntityManager } from 'typeorm';
import type { FacilityDirectory } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';
import type { RightType } from '../rights/right-catalogue.js';
import { RoleAssignment } from './role-assignment.entity.js';
import type { RoleAssignmentInput } from './role-assignment.schema.js';
import { scopeProblems } from './scope-rules.js';

export interface RoleAssignmentView {
  id: string;
  roleId: string;
  roleName: string;
  roleType: RightType;
  programId: string | null;
  programCode: string | null;
  supervisoryNodeId: string | null;
  supervisoryNodeCode: string | null;
  warehouseId: string | null;
  warehouseCode: string | null;
  /** A supervision role at the user's home facility (no supervisory node). */
  homeFacility: boolean;
}

interface Problem {
  /** The assignment's position in the body, from 0. */
  index: number;
  field: string;
  /** The last part of the message key: scopeMismatch, roleUnknown, programUnknown, ... */
  problem: string;
  message: string;
}

type Resolved = Omit<RoleAssignment, 'id' | 'userId'>;

const error = (status: number, problem: string, message: string, details?: unknown) => new ApiError(status, `auth.error.roleAssignment.${problem}`, message, details);
const FOREIGN_KEY_VIOLATION = '23503';

export class RoleAssignmentService {
  constructor(
    private readonly manager: EntityManager,
    private readonly directory: FacilityDirectory,
  ) {}

  async list(userId: string): Promise<RoleAssignmentView[]> {
    await this.requireUser(this.manager, userId, false);
    return this.views(this.manager, userId);
  }

  /** Replaces the user's assignments with `inputs` (duplicates collapse into one). */
  async replace(userId: string, inputs: RoleAssignmentInput[]): Promise<RoleAssignmentView[]> {
    return this.manager
      .transaction(async (tx) => {
        await this.requireUser(tx, userId, true);
        const resolved = await this.resolve(tx, inputs);
        await tx.delete(RoleAssignment, { userId });
        await insert(tx, userId, resolved);
        return this.views(tx, userId);
      })
      .catch(raceOnReference);
  }

  /** Adds assignments the user does not hold yet; answers how many were new. */
  async add(userId: string, inputs: RoleAssignmentInput[]): Promise<number> {
    return this.manager
      .transaction(async (tx) => {
        await this.requireUser(tx, userId, true);
        return insert(tx, userId, await this.resolve(tx, inputs));
      })
      .catch(raceOnReference);
  }

  private async requireUser(tx: EntityManager, userId: string, lock: boolean): Promise<void> {
    const [user] = await tx.query(`SELECT id FROM users WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [userId]);
    if (!user) throw new ApiError(404, 'auth.error.user.notFound', `User ${userId} does not exist`);
  }

  /** Checks every input, reporting every problem at once (400), and gives each its role's type. */
  private async resolve(tx: EntityManager, inputs: RoleAssignmentInput[]): Promise<Resolved[]> {
    const roleTypes = await idsIn(tx, 'SELECT id, type FROM roles WHERE id = ANY($1::uuid[])', inputs.map((i) => i.roleId));
    const programs = await idsIn(tx, 'SELECT id, id AS type FROM programs WHERE id = ANY($1::uuid[])', present(inputs.map((i) => i.programId)));
    const nodes = await idsIn(tx, 'SELECT id, id AS type FROM supervisory_nodes WHERE id = ANY($1::uuid[])', present(inputs.map((i) => i.supervisoryNodeId)));
    const warehouses = await this.warehouseProblems(present(inputs.map((i) => i.warehouseId)));
    const problems: Problem[] = [];
    const report = (index: number, field: string, problem: string, message: string) => problems.push({ index, field, problem, message });
    inputs.forEach((input, index) => {
      const type = roleTypes.get(input.roleId) as RightType | undefined;
      if (!type) return report(index, 'roleId', 'roleUnknown', `role ${input.roleId} does not exist`);
      for (const { field, message } of scopeProblems(type, input)) report(index, field, 'scopeMismatch', message);
      if (input.programId && !programs.has(input.programId)) report(index, 'programId', 'programUnknown', `program ${input.programId} does not exist`);
      if (input.supervisoryNodeId && !nodes.has(input.supervisoryNodeId)) report(index, 'supervisoryNodeId', 'supervisoryNodeUnknown', `supervisory node ${input.supervisoryNodeId} does not exist`);
      const warehouse = input.warehouseId ? warehouses.get(input.warehouseId) : undefined;
      if (warehouse) report(index, 'warehouseId', 'warehouseUnknown', `${input.warehouseId} ${warehouse}`);
    });
    if (problems.length > 0) {
      const fieldErrors = Object.fromEntries(problems.map((p) => [`[${p.index}].${p.field}`, p.message]));
      const listed = problems.slice(0, 5).map((p) => `assignment ${p.index + 1}: ${p.field} ${p.message}`).join('; ');
      throw error(400, problems[0].problem, `Invalid role assignments: ${listed}`, { fieldErrors, problems });
    }
    return inputs.map((input) => ({
      roleId: input.roleId,
      roleType: roleTypes.get(input.roleId) as RightType,
      programId: input.programId ?? null,
      supervisoryNodeId: input.supervisoryNodeId ?? null,
      warehouseId: input.warehouseId ?? null,
    }));
  }

  /** A warehouse must be a facility Location: what is wrong with each id that is not. */
  private async warehouseProblems(ids: string[]): Promise<Map<string, string>> {
    const locations = await Promise.all(ids.map((id) => this.directory.get(id)));
    const problems = new Map<string, string>();
    ids.forEach((id, index) => {
      const location = locations[index];
      if (!location) problems.set(id, 'is not a known facility');
      else if (location.kind !== 'facility') problems.set(id, `is a ${location.kind}, not a facility`);
    });
    return problems;
  }

  private async views(tx: EntityManager, userId: string): Promise<RoleAssignmentView[]> {
    const rows: Array<Omit<RoleAssignmentView, 'warehouseCode' | 'homeFacility'>> = await tx.query(
      `SELECT a.id, a.role_id AS "roleId", r.name AS "roleName", a.role_type AS "roleType",
              a.program_id AS "programId", p.code AS "programCode",
              a.supervisory_node_id AS "supervisoryNodeId", n.code AS "supervisoryNodeCode", a.warehouse_id AS "warehouseId"
         FROM role_assignments a
         JOIN roles r ON r.id = a.role_id
         LEFT JOIN programs p ON p.id = a.program_id
         LEFT JOIN supervisory_nodes n ON n.id = a.supervisory_node_id
        WHERE a.user_id = $1
        ORDER BY array_position(ARRAY['SUPERVISION', 'ORDER_FULFILLMENT', 'GENERAL_ADMIN', 'REPORTS'], a.role_type), r.name, p.code, n.code NULLS FIRST, a.warehouse_id`,
      [userId],
    );
    const warehouseIds = present(rows.map((row) => row.warehouseId));
    const locations = await Promise.all(warehouseIds.map((id) => this.directory.get(id)));
    const codes = new Map(warehouseIds.map((id, index) => [id, locations[index]?.code ?? null]));
    return rows.map((row) => ({
      ...row,
      warehouseCode: row.warehouseId ? (codes.get(row.warehouseId) ?? null) : null,
      homeFacility: row.roleType === 'SUPERVISION' && row.supervisoryNodeId === null,
    }));
  }
}

/** Inserts the assignments the user lacks (duplicates among them too collapse); how many were new. */
async function insert(tx: EntityManager, userId: string, assignments: Resolved[]): Promise<number> {
  if (assignments.length === 0) return 0;
  const result = await tx.createQueryBuilder().insert().into(RoleAssignment).values(assignments.map((a) => ({ ...a, userId }))).orIgnore().returning('id').execute();
  return (result.raw as unknown[]).length;
}

async function idsIn(tx: EntityManager, sql: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows: Array<{ id: string; type: string }> = await tx.query(sql, [unique]);
  return new Map(rows.map((row) => [row.id, row.type]));
}

function present(values: Array<string | null | undefined>): string[] {
  return [...new Set(values.filter((value): value is string => Boolean(value)))];
}

/** A role, program or node removed (or a role's type changed) after our checks: 409, try again. */
function raceOnReference(failure: unknown): never {
  if ((failure as { driverError?: { code?: string } }).driverError?.code === FOREIGN_KEY_VIOLATION) {
    throw error(409, 'referenceChanged', 'A role, program or supervisory node these assignments name changed meanwhile; reload and try again');
  }
  throw failure;
}
