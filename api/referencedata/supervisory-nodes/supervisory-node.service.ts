/**
 * Supervisory nodes and their tree (configuration guide, "Setting up Supervisory Nodes"): unique
 * case-sensitive codes, an optional facility (checked in the FHIR directory), an optional parent.
 * A node may never become its own ancestor. Re-parenting takes one tree-wide lock before it looks
 * at the ancestors, so two concurrent moves cannot each pass the check and together close a loop.
 * A node is deleted only when nothing hangs off it (children, its requisition group, supply lines).
 */
import { In, type EntityManager } from 'typeorm';
import type { FacilityDirectory } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import { CodedEntityService } from '../shared/coded-entity.service.js';
import type { Repositories } from '../shared/context.js';
import { raceOnReference, requireFacilities, requireRows, type Summary } from './references.js';
import { SupervisoryNode } from './supervisory-node.entity.js';
import type { SupervisoryNodeInput } from './supervisory-node.schema.js';
import { escapeLike } from '../../db/like.js';

export type SupervisoryNodeView = SupervisoryNode & {
  childNodes: Summary[];
  requisitionGroup: Summary | null;
};

export interface SupervisoryNodeFilter {
  code?: string;
  name?: string;
  /** Nodes whose requisition group has this member facility (OpenLMIS semantics). */
  facilityId?: string;
  /** Nodes whose requisition group supports this program. */
  programId?: string;
  /** Nodes whose own facility lies anywhere within this zone (a FHIR jurisdiction id). */
  zoneId?: string;
}

const KEY = 'supervisoryNode';
const LABEL = 'supervisory node';
const error = (status: number, problem: string, message: string, details?: unknown) => new ApiError(status, `referenceData.error.${KEY}.${problem}`, message, details);

export function supervisoryNodeService(db: Repositories, directory: FacilityDirectory): SupervisoryNodeService {
  return new SupervisoryNodeService(db, directory);
}

export class SupervisoryNodeService {
  constructor(
    private readonly db: Repositories,
    private readonly directory: FacilityDirectory,
  ) {}

  async list(filter: SupervisoryNodeFilter, paging: PageRequest): Promise<Page<SupervisoryNodeView>> {
    const query = this.db.getRepository(SupervisoryNode).createQueryBuilder('n');
    if (filter.code !== undefined) query.andWhere('n.code = :code', { code: filter.code });
    if (filter.name !== undefined) query.andWhere(`n.name ILIKE '%' || :name || '%'`, { name: escapeLike(filter.name) });
    if (filter.facilityId !== undefined) {
      query.andWhere(
        `EXISTS (SELECT 1 FROM requisition_groups g JOIN requisition_group_members m ON m.requisition_group_id = g.id
                  WHERE g.supervisory_node_id = n.id AND m.facility_id = :facilityId)`,
        { facilityId: filter.facilityId },
      );
    }
    if (filter.programId !== undefined) {
      query.andWhere(
        `EXISTS (SELECT 1 FROM requisition_groups g JOIN requisition_group_program_schedules s ON s.requisition_group_id = g.id
                  WHERE g.supervisory_node_id = n.id AND s.program_id = :programId)`,
        { programId: filter.programId },
      );
    }
    if (filter.zoneId !== undefined) {
      // location_directory is the FHIR layer's read-only SQL view of Locations, with their zone path.
      query.andWhere('n.facilityId IN (SELECT id FROM location_directory WHERE :zoneId = ANY(zone_path))', { zoneId: filter.zoneId });
    }
    for (const { field, direction } of paging.sort) query.addOrderBy(`n.${field}`, direction);
    query.addOrderBy('n.id', 'ASC').skip(paging.page * paging.size).take(paging.size);
    const [content, total] = await query.getManyAndCount();
    return toPage(await decorate(this.manager, content), total, paging);
  }

  async get(id: string): Promise<SupervisoryNodeView> {
    return view(this.manager, await rows(this.manager).get(id));
  }

  async findByCode(code: string): Promise<SupervisoryNodeView | undefined> {
    const found = await rows(this.manager).findByCode(code);
    return found && view(this.manager, found);
  }

  notFound(id: string): ApiError {
    return rows(this.manager).notFound(id);
  }

  /** A new node has no descendants, so whatever parent it names cannot close a loop. */
  async create(input: SupervisoryNodeInput): Promise<SupervisoryNodeView> {
    await this.checkFacility(input);
    return this.db.transaction(async (tx) => {
      if (input.parentNodeId) await requireParent(tx, input.parentNodeId);
      const created = await rows(tx).create(input).catch(raceOnReference(KEY, LABEL));
      return view(tx, created);
    });
  }

  async update(id: string, input: SupervisoryNodeInput, expectedVersion?: number): Promise<SupervisoryNodeView> {
    await this.checkFacility(input);
    return this.db.transaction(async (tx) => {
      await rows(tx).get(id);
      if (input.parentNodeId) {
        await lockTree(tx);
        await refuseCycle(tx, id, input.parentNodeId);
      }
      const updated = await rows(tx).update(id, input, expectedVersion).catch(raceOnReference(KEY, LABEL));
      return view(tx, updated);
    });
  }

  /** Creates, or updates the node with the input's code whatever its version (CSV re-import). */
  async upsertByCode(input: SupervisoryNodeInput): Promise<SupervisoryNodeView> {
    const existing = await rows(this.manager).findByCode(input.code);
    return existing ? this.update(existing.id, input) : this.create(input);
  }

  /** Deletes a node nothing hangs off; otherwise 409 naming what still depends on it. */
  async remove(id: string): Promise<void> {
    await this.db
      .transaction(async (tx) => {
        const [node] = await tx.query('SELECT id, code FROM supervisory_nodes WHERE id = $1 FOR UPDATE', [id]);
        if (!node) throw this.notFound(id);
        await refuseOrphans(tx, node);
        await tx.delete(SupervisoryNode, { id });
      })
      .catch(raceOnReference(KEY, LABEL));
  }

  /**
   * The facilities a node supervises (RBAC, configuration guide "Supervision rights"): the members
   * of its requisition group and of every group below it, for one program when given (through the
   * groups' program schedules).
   */
  async supervisedFacilityIds(id: string, programId?: string): Promise<string[]> {
    await rows(this.manager).get(id);
    const rowsFound: Array<{ facility_id: string }> = await this.manager.query(
      `WITH RECURSIVE subtree AS (
         SELECT id FROM supervisory_nodes WHERE id = $1
         UNION SELECT n.id FROM supervisory_nodes n JOIN subtree ON n.parent_node_id = subtree.id
       )
       SELECT DISTINCT m.facility_id
         FROM subtree
         JOIN requisition_groups g ON g.supervisory_node_id = subtree.id
         JOIN requisition_group_members m ON m.requisition_group_id = g.id
        WHERE $2::uuid IS NULL
           OR EXISTS (SELECT 1 FROM requisition_group_program_schedules s WHERE s.requisition_group_id = g.id AND s.program_id = $2::uuid)
        ORDER BY m.facility_id`,
      [id, programId ?? null],
    );
    return rowsFound.map((row) => row.facility_id);
  }

  /** Where reads go: the data source, or the caller's transaction. */
  private get manager(): EntityManager {
    return this.db.getRepository(SupervisoryNode).manager;
  }

  private async checkFacility(input: SupervisoryNodeInput): Promise<void> {
    if (input.facilityId) await requireFacilities(this.directory, KEY, [{ field: 'facilityId', facilityId: input.facilityId }]);
  }
}

function rows(db: Repositories): CodedEntityService<SupervisoryNode, SupervisoryNodeInput> {
  return new CodedEntityService(db, SupervisoryNode, {
    key: KEY,
    label: 'Supervisory node',
    ownFields: (input) => ({ facilityId: input.facilityId ?? null, parentNodeId: input.parentNodeId ?? null }),
  });
}

async function requireParent(tx: EntityManager, parentNodeId: string): Promise<void> {
  await requireRows(tx, 'supervisory_nodes', [parentNodeId], KEY, 'parentNodeUnknown', 'parent supervisory node');
}

/**
 * Serialises every re-parenting (rare, administrative) on one transaction-scoped advisory lock,
 * keyed by the table's oid. Taken before reading the ancestors, so the check sees every move that
 * committed before it.
 */
async function lockTree(tx: EntityManager): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock('supervisory_nodes'::regclass::oid::bigint)`);
}

/** Refuses a parent that is the node itself or lies below it: the tree would loop. */
async function refuseCycle(tx: EntityManager, id: string, parentNodeId: string): Promise<void> {
  await requireParent(tx, parentNodeId);
  if (parentNodeId === id) throw error(400, 'cycle', 'A supervisory node cannot be its own parent', { path: [id] });
  // The new parent's ancestors, nearest first; UNION (not UNION ALL) stops even on a damaged tree.
  const ancestors: Array<{ id: string; code: string }> = await tx.query(
    `WITH RECURSIVE up(id, code, parent_node_id, depth) AS (
       SELECT id, code, parent_node_id, 0 FROM supervisory_nodes WHERE id = $1
       UNION SELECT n.id, n.code, n.parent_node_id, up.depth + 1 FROM supervisory_nodes n JOIN up ON n.id = up.parent_node_id WHERE up.depth < 10000
     )
     SELECT id, code FROM up ORDER BY depth`,
    [parentNodeId],
  );
  const at = ancestors.findIndex((ancestor) => ancestor.id === id);
  if (at < 0) return;
  const path = ancestors.slice(0, at + 1).reverse().map((ancestor) => ancestor.code);
  const [self, parent] = [path[0], path[path.length - 1]];
  throw error(400, 'cycle', `"${self}" cannot be placed under "${parent}": "${parent}" is already below it (${path.join(' > ')}), so the hierarchy would loop`, { path });
}

async function refuseOrphans(tx: EntityManager, node: { id: string; code: string }): Promise<void> {
  const [usage]: Array<{ children: number; group_code: string | null; supply_lines: number }> = await tx.query(
    `SELECT (SELECT count(*) FROM supervisory_nodes WHERE parent_node_id = $1)::int AS children,
            (SELECT code FROM requisition_groups WHERE supervisory_node_id = $1) AS group_code,
            (SELECT count(*) FROM supply_lines WHERE supervisory_node_id = $1)::int AS supply_lines`,
    [node.id],
  );
  if (usage.children > 0) throw error(409, 'hasChildNodes', `Supervisory node "${node.code}" has ${usage.children} child node(s); move or remove them first`);
  if (usage.group_code) throw error(409, 'hasRequisitionGroup', `Supervisory node "${node.code}" supervises requisition group "${usage.group_code}"; move or remove the group first`);
  if (usage.supply_lines > 0) throw error(409, 'hasSupplyLines', `Supervisory node "${node.code}" has ${usage.supply_lines} supply line(s); remove them first`);
}

async function view(manager: EntityManager, node: SupervisoryNode): Promise<SupervisoryNodeView> {
  const [decorated] = await decorate(manager, [node]);
  return decorated;
}

/** Adds each node's children and requisition group, in two queries for the whole page. */
async function decorate(manager: EntityManager, nodes: SupervisoryNode[]): Promise<SupervisoryNodeView[]> {
  if (nodes.length === 0) return [];
  const ids = nodes.map((node) => node.id);
  const children = await manager.getRepository(SupervisoryNode).find({
    where: { parentNodeId: In(ids) },
    select: { id: true, code: true, name: true, parentNodeId: true },
    order: { code: 'ASC' },
  });
  const groups: Array<Summary & { nodeId: string }> = await manager.query(
    'SELECT id, code, name, supervisory_node_id AS "nodeId" FROM requisition_groups WHERE supervisory_node_id = ANY($1::uuid[])',
    [ids],
  );
  const childrenOf = new Map<string, Summary[]>();
  for (const { id, code, name, parentNodeId } of children) {
    const siblings = childrenOf.get(parentNodeId!) ?? [];
    siblings.push({ id, code, name });
    childrenOf.set(parentNodeId!, siblings);
  }
  const groupOf = new Map(groups.map(({ id, code, name, nodeId }) => [nodeId, { id, code, name }]));
  return nodes.map((node) => ({ ...node, childNodes: childrenOf.get(node.id) ?? [], requisitionGroup: groupOf.get(node.id) ?? null }));
}
