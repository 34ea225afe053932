/**
 * Requisition groups (configuration guide, "Setting up Requisition Groups" and "Associating
 * Requisition Group Programs and Schedules"): unique case-sensitive codes; one supervisory node,
 * which supervises no other group; member facilities and drop-off facilities checked in the FHIR
 * directory; one schedule per program of the group, with no drop-off facility when delivery is
 * direct. A facility gets each program through one group only (requisition-group.coverage.ts).
 * A group, its members and schedules are written in one transaction (a savepoint inside an import's).
 */
import { In, type EntityManager } from 'typeorm';
import type { FacilityDirectory } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import { CodedEntityService } from '../shared/coded-entity.service.js';
import type { Repositories } from '../shared/context.js';
import { raceOnReference, requireFacilities, requireRows, type FacilityReference } from '../supervisory-nodes/references.js';
import { coverageOf, explainConflict, isCoverageViolation, rebuildCoverage, scheduleFor, type Coverage, type FacilitySchedule } from './requisition-group.coverage.js';
import { RequisitionGroup, RequisitionGroupMember, RequisitionGroupProgramSchedule } from './requisition-group.entity.js';
import type { ProgramScheduleInput, RequisitionGroupInput } from './requisition-group.schema.js';
import { escapeLike } from '../../db/like.js';

export type ProgramScheduleView = Omit<RequisitionGroupProgramSchedule, 'requisitionGroupId'>;

export type RequisitionGroupView = RequisitionGroup & {
  memberFacilityIds: string[];
  programSchedules: ProgramScheduleView[];
};

export interface RequisitionGroupFilter {
  code?: string;
  name?: string;
  supervisoryNodeId?: string;
  /** Groups that support this program. */
  programId?: string;
  /** Groups that have this member facility. */
  facilityId?: string;
}

const KEY = 'requisitionGroup';
const LABEL = 'requisition group';
const error = (status: number, problem: string, message: string, details?: unknown) => new ApiError(status, `referenceData.error.${KEY}.${problem}`, message, details);

export function requisitionGroupService(db: Repositories, directory: FacilityDirectory): RequisitionGroupService {
  return new RequisitionGroupService(db, directory);
}

export class RequisitionGroupService {
  constructor(
    private readonly db: Repositories,
    private readonly directory: FacilityDirectory,
  ) {}

  async list(filter: RequisitionGroupFilter, paging: PageRequest): Promise<Page<RequisitionGroupView>> {
    const query = this.db.getRepository(RequisitionGroup).createQueryBuilder('g');
    if (filter.code !== undefined) query.andWhere('g.code = :code', { code: filter.code });
    if (filter.name !== undefined) query.andWhere(`g.name ILIKE '%' || :name || '%'`, { name: escapeLike(filter.name) });
    if (filter.supervisoryNodeId !== undefined) query.andWhere('g.supervisoryNodeId = :node', { node: filter.supervisoryNodeId });
    if (filter.programId !== undefined) {
      query.andWhere('EXISTS (SELECT 1 FROM requisition_group_program_schedules s WHERE s.requisition_group_id = g.id AND s.program_id = :programId)', { programId: filter.programId });
    }
    if (filter.facilityId !== undefined) {
      query.andWhere('EXISTS (SELECT 1 FROM requisition_group_members m WHERE m.requisition_group_id = g.id AND m.facility_id = :facilityId)', { facilityId: filter.facilityId });
    }
    for (const { field, direction } of paging.sort) query.addOrderBy(`g.${field}`, direction);
    query.addOrderBy('g.id', 'ASC').skip(paging.page * paging.size).take(paging.size);
    const [content, total] = await query.getManyAndCount();
    return toPage(await decorate(this.manager, content), total, paging);
  }

  async get(id: string): Promise<RequisitionGroupView> {
    return view(this.manager, await rows(this.manager).get(id));
  }

  async findByCode(code: string): Promise<RequisitionGroupView | undefined> {
    const found = await rows(this.manager).findByCode(code);
    return found && view(this.manager, found);
  }

  notFound(id: string): ApiError {
    return rows(this.manager).notFound(id);
  }

  async create(input: RequisitionGroupInput): Promise<RequisitionGroupView> {
    return this.write(input, undefined, (tx) => rows(tx).create(input));
  }

  /** Members or schedules left out of the input are kept as they are. */
  async update(id: string, input: RequisitionGroupInput, expectedVersion?: number): Promise<RequisitionGroupView> {
    await rows(this.manager).get(id); // 404 before any complaint about the body's references
    return this.write(input, id, (tx) => rows(tx).update(id, input, expectedVersion));
  }

  /** Creates, or updates the group with the input's code whatever its version (CSV re-import). */
  async upsertByCode(input: RequisitionGroupInput): Promise<RequisitionGroupView> {
    const existing = await rows(this.manager).findByCode(input.code);
    return existing ? this.update(existing.id, input) : this.create(input);
  }

  /** Removes the group with its members and schedules; its node stays. Requisitions refer to nodes, not groups. */
  async remove(id: string): Promise<void> {
    const result = await this.db.getRepository(RequisitionGroup).delete({ id });
    if (!result.affected) throw this.notFound(id);
  }

  /** The schedule (and group and approval node) a facility follows for a program; 404 when none. */
  async scheduleFor(facilityId: string, programId: string): Promise<FacilitySchedule> {
    const found = await scheduleFor(this.manager, facilityId, programId);
    if (!found) {
      throw error(404, 'scheduleNotFound', `Facility ${facilityId} is not a member of any requisition group that supports program ${programId}`);
    }
    return found;
  }

  private async write(input: RequisitionGroupInput, selfId: string | undefined, save: (tx: EntityManager) => Promise<RequisitionGroup>): Promise<RequisitionGroupView> {
    checkSchedules(input.programSchedules ?? []);
    await requireFacilities(this.directory, KEY, facilityReferences(input));
    let attempted: Coverage | undefined;
    return this.db
      .transaction(async (tx) => {
        await requireReferences(tx, input, selfId);
        const group = await save(tx);
        if (input.memberFacilityIds) await replaceMembers(tx, group.id, input.memberFacilityIds);
        if (input.programSchedules) await replaceSchedules(tx, group.id, input.programSchedules);
        attempted = await coverageOf(tx, group);
        await rebuildCoverage(tx, attempted);
        return view(tx, group);
      })
      .catch(async (failure: unknown) => {
        // Another group covering one of our pairs committed while we wrote: now that our writes
        // are rolled back, its row is visible and can be named.
        if (isCoverageViolation(failure)) {
          if (attempted) await explainConflict(this.manager, attempted);
          throw error(409, 'facilityProgramConflict', 'Another requisition group gave one of these facilities one of these programs meanwhile; reload and try again');
        }
        return raceOnReference(KEY, LABEL)(failure);
      });
  }

  /** Where reads go: the data source, or the caller's transaction. */
  private get manager(): EntityManager {
    return this.db.getRepository(RequisitionGroup).manager;
  }
}

function rows(db: Repositories): CodedEntityService<RequisitionGroup, RequisitionGroupInput> {
  return new CodedEntityService(db, RequisitionGroup, {
    key: KEY,
    label: 'Requisition group',
    uniqueConstraints: {
      requisition_groups_supervisory_node_unique: { field: 'supervisoryNodeId', messageKey: `referenceData.error.${KEY}.supervisoryNodeTaken` },
    },
    ownFields: (input) => ({ supervisoryNodeId: input.supervisoryNodeId }),
  });
}

/** Rules on the body alone: one schedule per program; a drop-off facility only without direct delivery. */
function checkSchedules(schedules: ProgramScheduleInput[]): void {
  const seen = new Set<string>();
  for (const schedule of schedules) {
    if (seen.has(schedule.programId)) {
      throw error(400, 'programScheduleDuplicated', `Program ${schedule.programId} is listed twice; a requisition group runs each program on one schedule`);
    }
    seen.add(schedule.programId);
    if (schedule.directDelivery && schedule.dropOffFacilityId) {
      throw error(400, 'dropOffWithDirectDelivery', `Program ${schedule.programId} is delivered directly, so it takes no drop-off facility (${schedule.dropOffFacilityId})`);
    }
  }
}

function facilityReferences(input: RequisitionGroupInput): FacilityReference[] {
  const members = (input.memberFacilityIds ?? []).map((facilityId) => ({ field: 'memberFacilityIds', facilityId }));
  const dropOffs = (input.programSchedules ?? []).flatMap(({ dropOffFacilityId }) => (dropOffFacilityId ? [{ field: 'programSchedules.dropOffFacilityId', facilityId: dropOffFacilityId }] : []));
  return [...members, ...dropOffs];
}

/** The node, programs and schedules must exist, and the node must not supervise another group. */
async function requireReferences(tx: EntityManager, input: RequisitionGroupInput, selfId: string | undefined): Promise<void> {
  const nodes = await requireRows(tx, 'supervisory_nodes', [input.supervisoryNodeId], KEY, 'supervisoryNodeUnknown', 'supervisory node');
  const schedules = input.programSchedules ?? [];
  await requireRows(tx, 'programs', schedules.map((s) => s.programId), KEY, 'programUnknown', 'program');
  await requireRows(tx, 'processing_schedules', schedules.map((s) => s.processingScheduleId), KEY, 'processingScheduleUnknown', 'processing schedule');
  const [other] = await tx.query('SELECT code FROM requisition_groups WHERE supervisory_node_id = $1 AND id IS DISTINCT FROM $2::uuid', [input.supervisoryNodeId, selfId ?? null]);
  if (other) {
    const node = nodes.get(input.supervisoryNodeId)!;
    throw error(409, 'supervisoryNodeTaken', `Supervisory node "${node.code}" already supervises requisition group "${other.code}"; a node supervises one group`);
  }
}

async function replaceMembers(tx: EntityManager, groupId: string, facilityIds: string[]): Promise<void> {
  await tx.query('DELETE FROM requisition_group_members WHERE requisition_group_id = $1', [groupId]);
  await tx.query('INSERT INTO requisition_group_members (requisition_group_id, facility_id) SELECT $1, unnest($2::text[])', [groupId, facilityIds]);
}

async function replaceSchedules(tx: EntityManager, groupId: string, schedules: ProgramScheduleInput[]): Promise<void> {
  await tx.delete(RequisitionGroupProgramSchedule, { requisitionGroupId: groupId });
  if (schedules.length === 0) return;
  await tx.insert(
    RequisitionGroupProgramSchedule,
    schedules.map((s) => ({ requisitionGroupId: groupId, programId: s.programId, processingScheduleId: s.processingScheduleId, directDelivery: s.directDelivery, dropOffFacilityId: s.dropOffFacilityId ?? null })),
  );
}

async function view(manager: EntityManager, group: RequisitionGroup): Promise<RequisitionGroupView> {
  const [decorated] = await decorate(manager, [group]);
  return decorated;
}

/** Adds each group's members and schedules, in two queries for the whole page. */
async function decorate(manager: EntityManager, groups: RequisitionGroup[]): Promise<RequisitionGroupView[]> {
  if (groups.length === 0) return [];
  const ids = groups.map((group) => group.id);
  const members = await manager.find(RequisitionGroupMember, { where: { requisitionGroupId: In(ids) }, order: { facilityId: 'ASC' } });
  const schedules = await manager.find(RequisitionGroupProgramSchedule, { where: { requisitionGroupId: In(ids) }, order: { programId: 'ASC' } });
  const membersOf = collect(members, (m) => m.requisitionGroupId, (m) => m.facilityId);
  const schedulesOf = collect(schedules, (s) => s.requisitionGroupId, ({ requisitionGroupId: _group, ...schedule }) => schedule);
  return groups.map((group) => ({ ...group, memberFacilityIds: membersOf.get(group.id) ?? [], programSchedules: schedulesOf.get(group.id) ?? [] }));
}

function collect<T, V>(items: T[], keyOf: (item: T) => string, valueOf: (item: T) => V): Map<string, V[]> {
  const byKey = new Map<string, V[]>();
  for (const item of items) {
    const values = byKey.get(keyOf(item)) ?? [];
    values.push(valueOf(item));
    byKey.set(keyOf(item), values);
  }
  return byKey;
}
