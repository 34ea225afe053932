/**
 * Roles (configuration guide, "Setup Roles"): a unique name (regardless of case) and at least one
 * right, all of one type, which becomes the role's type. A role's type cannot change while it is
 * assigned, and an assigned role cannot be deleted (409): its assignments would lose their meaning.
 */
import type { EntityManager } from 'typeorm';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import { RIGHT_TYPES, type RightName, type RightType } from '../rights/right-catalogue.js';
import { Right } from '../rights/right.entity.js';
import { Role, RoleRight } from './role.entity.js';
import type { RightReference, RoleInput } from './role.schema.js';
import { escapeLike } from '../../db/like.js';

export interface RoleView {
  id: string;
  name: string;
  description: string | null;
  rightType: RightType;
  rights: Array<{ id: string; name: RightName; type: RightType }>;
  /** How many role assignments name the role. */
  assignmentCount: number;
  version: number;
}

export interface RoleFilter {
  name?: string;
  rightType?: RightType;
}

const error = (status: number, problem: string, message: string, details?: unknown) => new ApiError(status, `auth.error.role.${problem}`, message, details);
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

export class RoleService {
  /** `manager`: the data source's, or an import's transaction. */
  constructor(private readonly manager: EntityManager) {}

  async list(filter: RoleFilter, paging: PageRequest): Promise<Page<RoleView>> {
    const query = this.manager.getRepository(Role).createQueryBuilder('r');
    if (filter.name !== undefined) query.andWhere(`r.name ILIKE '%' || :name || '%'`, { name: escapeLike(filter.name) });
    if (filter.rightType !== undefined) query.andWhere('r.type = :type', { type: filter.rightType });
    for (const { field, direction } of paging.sort) query.addOrderBy(`r.${field}`, direction);
    query.addOrderBy('r.id').skip(paging.page * paging.size).take(paging.size);
    const [roles, total] = await query.getManyAndCount();
    return toPage(await views(this.manager, roles), total, paging);
  }

  async get(id: string): Promise<RoleView> {
    const role = await this.manager.getRepository(Role).findOneBy({ id });
    if (!role) throw this.notFound(id);
    return (await views(this.manager, [role]))[0];
  }

  async findByName(name: string): Promise<RoleView | undefined> {
    const role = await this.manager.getRepository(Role).createQueryBuilder('r').where('lower(r.name) = lower(:name)', { name }).getOne();
    return role ? (await views(this.manager, [role]))[0] : undefined;
  }

  notFound(id: string): ApiError {
    return error(404, 'notFound', `Role ${id} does not exist`);
  }

  async create(input: RoleInput): Promise<RoleView> {
    return this.writing(input, async (tx) => {
      const { type, rights } = await resolveRights(tx, input);
      const role = await tx.getRepository(Role).save(tx.getRepository(Role).create({ name: input.name.trim(), description: input.description ?? null, type }));
      await writeRights(tx, role.id, type, rights);
      return role.id;
    });
  }

  /** Replaces the role's name, description and rights; a stale `expectedVersion` answers 409. */
  async update(id: string, input: RoleInput, expectedVersion?: number): Promise<RoleView> {
    return this.writing(input, async (tx) => {
      const [current] = await tx.query('SELECT type, version FROM roles WHERE id = $1 FOR UPDATE', [id]);
      if (!current) throw this.notFound(id);
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw error(409, 'versionConflict', `Role ${id} was changed by someone else; reload it and try again`);
      const { type, rights } = await resolveRights(tx, input);
      if (type !== current.type) await refuseIfAssigned(tx, id, `its rights are ${current.type} rights; it cannot take ${type} rights while it is assigned`);
      await tx.delete(RoleRight, { roleId: id });
      await tx.query('UPDATE roles SET name = $2, description = $3, type = $4, version = version + 1 WHERE id = $1', [id, input.name.trim(), input.description ?? null, type]);
      await writeRights(tx, id, type, rights);
      return id;
    });
  }

  /** Creates, or replaces the role with the input's name whatever its version (CSV import). */
  async upsertByName(input: RoleInput): Promise<'created' | 'updated'> {
    const existing = await this.findByName(input.name);
    if (existing) await this.update(existing.id, input);
    else await this.create(input);
    return existing ? 'updated' : 'created';
  }

  async remove(id: string): Promise<void> {
    await this.manager
      .transaction(async (tx) => {
        const [role] = await tx.query('SELECT id FROM roles WHERE id = $1 FOR UPDATE', [id]);
        if (!role) throw this.notFound(id);
        await refuseIfAssigned(tx, id, 'remove its assignments first');
        await tx.delete(Role, { id });
      })
      .catch(raceOnAssignment);
  }

  /** Runs a write in a transaction and reads the role back; a duplicate name is a 409. */
  private async writing(input: RoleInput, write: (tx: EntityManager) => Promise<string>): Promise<RoleView> {
    try {
      const id = await this.manager.transaction(write);
      return await this.get(id);
    } catch (failure) {
      const driverError = (failure as { driverError?: { code?: string; constraint?: string } }).driverError;
      if (driverError?.code === UNIQUE_VIOLATION && driverError.constraint === 'roles_name_unique') {
        throw error(409, 'nameDuplicated', `A role named "${input.name.trim()}" already exists`);
      }
      return raceOnAssignment(failure);
    }
  }
}

/** The rights a body names, which must exist and share one type (and agree with `rightType`). */
async function resolveRights(tx: EntityManager, input: RoleInput): Promise<{ type: RightType; rights: Right[] }> {
  const all = await tx.getRepository(Right).find();
  const byId = new Map(all.map((right) => [right.id, right]));
  const byName = new Map(all.map((right) => [right.name as string, right]));
  const found = new Map<string, Right>();
  const unknown: RightReference[] = [];
  for (const reference of input.rights) {
    const right = (reference.id ? byId.get(reference.id.toLowerCase()) : undefined) ?? (reference.name ? byName.get(reference.name) : undefined);
    if (!right || (reference.id && reference.name && right.name !== reference.name)) unknown.push(reference);
    else found.set(right.id, right);
  }
  if (unknown.length > 0) throw error(400, 'rightUnknown', `Unknown right: ${unknown.map((r) => r.name ?? r.id).join(', ')}`, { fieldErrors: { rights: 'names unknown rights' }, unknown });
  const rights = [...found.values()];
  const types = [...new Set(rights.map((right) => right.type))].sort((a, b) => RIGHT_TYPES.indexOf(a) - RIGHT_TYPES.indexOf(b));
  if (types.length > 1) {
    const byType = Object.fromEntries(types.map((type) => [type, rights.filter((r) => r.type === type).map((r) => r.name)]));
    throw error(400, 'mixedRightTypes', `A role's rights must all be of one type; these are of ${types.join(' and ')}`, { fieldErrors: { rights: 'mixes right types' }, rightsByType: byType });
  }
  if (input.rightType && input.rightType !== types[0]) {
    throw error(400, 'rightTypeMismatch', `rightType is ${input.rightType} but the rights are ${types[0]} rights`, { fieldErrors: { rightType: `does not match the rights (${types[0]})` } });
  }
  return { type: types[0], rights };
}

async function writeRights(tx: EntityManager, roleId: string, type: RightType, rights: Right[]): Promise<void> {
  await tx.getRepository(RoleRight).insert(rights.map((right) => ({ roleId, rightId: right.id, type })));
}

async function refuseIfAssigned(tx: EntityManager, roleId: string, advice: string): Promise<void> {
  const [{ count }] = await tx.query('SELECT count(*)::int AS count FROM role_assignments WHERE role_id = $1', [roleId]);
  if (count > 0) throw error(409, 'assigned', `The role is assigned ${count} time(s): ${advice}`, { assignmentCount: count });
}

/** An assignment written meanwhile, after our check, trips the foreign key: the same 409. */
function raceOnAssignment(failure: unknown): never {
  if ((failure as { driverError?: { code?: string } }).driverError?.code === FOREIGN_KEY_VIOLATION) {
    throw error(409, 'assigned', 'The role was assigned meanwhile; reload it and try again');
  }
  throw failure;
}

/** Roles with their rights and assignment counts, in two queries for the whole page. */
async function views(manager: EntityManager, roles: Role[]): Promise<RoleView[]> {
  if (roles.length === 0) return [];
  const ids = roles.map((role) => role.id);
  const rights: Array<{ role_id: string; id: string; name: RightName; type: RightType }> = await manager.query(
    `SELECT rr.role_id, r.id, r.name, r.type FROM role_rights rr JOIN rights r ON r.id = rr.right_id WHERE rr.role_id = ANY($1::uuid[]) ORDER BY r.name`,
    [ids],
  );
  const counts: Array<{ role_id: string; count: number }> = await manager.query(
    'SELECT role_id, count(*)::int AS count FROM role_assignments WHERE role_id = ANY($1::uuid[]) GROUP BY role_id',
    [ids],
  );
  const countOf = new Map(counts.map((row) => [row.role_id, row.count]));
  return roles.map((role) => ({
    id: role.id,
    name: role.name,
    description: role.description,
    rightType: role.type,
    rights: rights.filter((right) => right.role_id === role.id).map(({ id, name, type }) => ({ id, name, type })),
    assignmentCount: countOf.get(role.id) ?? 0,
    version: role.version,
  }));
}
