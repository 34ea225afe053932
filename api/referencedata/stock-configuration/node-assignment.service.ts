/**
 * Valid sources and valid destinations (configuration guide, "Assign/Cancel organizations/
 * facilities as Destination"): for a program and a facility type, the nodes (facilities or
 * organizations) stock may come from or go to. One assignment per (program, facility type, node);
 * assigning again updates it (an upsert by that natural key, as OpenLMIS answers a repeated POST
 * with the existing assignment). Assignments are not part of stock history, so they may be removed.
 *
 * Lists join the FHIR layer's location_directory view for facility names and zone paths: one
 * query per page, however many facilities it shows.
 */
import type { EntityManager, EntityTarget, Repository } from 'typeorm';
import { CODE_SYSTEMS, type FacilityDirectory } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import { FacilityType } from '../facility-types/facility-type.entity.js';
import { GeographicLevel } from '../geographic-levels/geographic-level.entity.js';
import { Program } from '../programs/program.entity.js';
import type { Repositories } from '../shared/context.js';
import { violatedForeignKey } from './db-errors.js';
import type { NodeAssignmentColumns } from './node-assignment.entity.js';
import { nodeIdFor, NodeResolver, type NodeKey, type NodeTarget } from './node-resolver.js';
import { unknownReferences, unknownReferencesError } from './references.js';

/** The system of the type coding that gives a zone Location its geographic level (the level's code). */
const GEOGRAPHIC_LEVEL_SYSTEM = CODE_SYSTEMS.geographicLevel;

export interface NodeAssignmentInput {
  programId: string;
  facilityTypeId: string;
  node: { referenceId: string };
  geoLevelAffinityId?: string | null;
}

/** The OpenLMIS ValidSourceDestinationDto shape. */
export interface NodeAssignmentView {
  id: string;
  programId: string;
  facilityTypeId: string;
  node: { id: string; referenceId: string; refDataFacility: boolean };
  /** The facility's or organization's name; null if the facility has since left the directory. */
  name: string | null;
  /** Organizations take a free-text detail on stock events; facilities do not (OpenLMIS). */
  isFreeTextAllowed: boolean;
  geoLevelAffinityId: string | null;
}

export interface NodeAssignmentFilter {
  programId?: string;
  facilityTypeId?: string;
  /** The facility asking: drops facility nodes whose geographic level affinity rules it out. */
  facilityId?: string;
}

export interface NodeAssignmentKind {
  entity: EntityTarget<NodeAssignmentColumns>;
  /** For message keys: `validSource`, `validDestination`. */
  key: string;
  /** For messages: "Valid source". */
  label: string;
}

type Runner = Pick<EntityManager, 'query'>;

/** API sort names to SQL; only these ever reach ORDER BY. */
export const NODE_ASSIGNMENT_SORTABLE = { name: 'COALESCE(f.name, o.name)' };

const COLUMNS = `a.id, a.program_id, a.facility_type_id, a.geo_level_affinity_id, n.id AS node_id, n.facility_id, n.organization_id, COALESCE(f.name, o.name) AS name`;

/** A zone at the affinity level that contains both the node facility and the asking facility. */
const SAME_ZONE_AT_AFFINITY_LEVEL = (system: string, requesterPath: string) => `(a.geo_level_affinity_id IS NULL OR EXISTS (
  SELECT 1 FROM geographic_levels l JOIN location_directory z ON (${system} || l.code) = ANY (z.type_codes)
   WHERE l.id = a.geo_level_affinity_id AND z.id = ANY (f.zone_path) AND z.id = ANY (${requesterPath}::text[])))`;

export class NodeAssignmentService {
  private readonly repository: Repository<NodeAssignmentColumns>;
  private readonly table: string;
  private readonly nodes: NodeResolver;

  constructor(
    private readonly db: Repositories,
    private readonly directory: FacilityDirectory,
    private readonly kind: NodeAssignmentKind,
  ) {
    this.repository = db.getRepository(kind.entity);
    this.table = this.repository.metadata.tableName;
    this.nodes = new NodeResolver(db, directory, kind.key);
  }

  async list(filter: NodeAssignmentFilter, paging: PageRequest): Promise<Page<NodeAssignmentView>> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.programId) where.push(`a.program_id = $${params.push(filter.programId)}`);
    if (filter.facilityTypeId) where.push(`a.facility_type_id = $${params.push(filter.facilityTypeId)}`);
    if (filter.facilityId) {
      const path = await this.requesterPath(filter.facilityId);
      where.push(SAME_ZONE_AT_AFFINITY_LEVEL(`$${params.push(`${GEOGRAPHIC_LEVEL_SYSTEM}|`)}`, `$${params.push(path)}`));
    }
    const condition = where.length > 0 ? where.join(' AND ') : 'true';
    const order = [...paging.sort.map(({ field, direction }) => `${field} ${direction}`), 'a.id ASC'].join(', ');
    const page = `ORDER BY ${order} LIMIT ${paging.size} OFFSET ${paging.page * paging.size}`;
    const rows = await this.select(this.repository, condition, params, page);
    const counted: Array<{ total: number }> = await this.repository.query(`SELECT count(*)::int AS total ${this.from()} WHERE ${condition}`, params);
    return toPage(rows, counted[0].total, paging);
  }

  async get(id: string): Promise<NodeAssignmentView> {
    const [found] = await this.select(this.repository, 'a.id = $1', [id]);
    if (!found) throw this.notFound(id);
    return found;
  }

  /** Creates the assignment, or updates the one for the same program, facility type and node. */
  async assign(input: NodeAssignmentInput): Promise<{ assignment: NodeAssignmentView; created: boolean }> {
    const target = await this.checkReferences(input);
    try {
      return await this.db.transaction(async (manager) => {
        const nodeId = await nodeIdFor(manager, target);
        const [row]: Array<{ id: string; created: boolean }> = await manager.query(
          // xmax is 0 only on a freshly inserted row: it tells a create from an update.
          `INSERT INTO ${this.table} (program_id, facility_type_id, node_id, geo_level_affinity_id) VALUES ($1, $2, $3, $4)
           ON CONFLICT (program_id, facility_type_id, node_id) DO UPDATE SET geo_level_affinity_id = EXCLUDED.geo_level_affinity_id
           RETURNING id, (xmax = 0) AS created`,
          [input.programId, input.facilityTypeId, nodeId, input.geoLevelAffinityId ?? null],
        );
        const [assignment] = await this.select(manager, 'a.id = $1', [row.id]);
        return { assignment, created: row.created };
      });
    } catch (failure) {
      // Checked above; only a reference removed in the meantime gets here.
      if (violatedForeignKey(failure)) throw unknownReferencesError(this.kind.key, { reference: 'A record this assignment refers to was removed meanwhile' });
      throw failure;
    }
  }

  async remove(id: string): Promise<void> {
    const result = await this.repository.delete({ id });
    if (!result.affected) throw this.notFound(id);
  }

  /** For imports: the reference id of a facility (by code) or an organization (by code or name). */
  nodeReference(key: NodeKey): Promise<string> {
    return this.nodes.referenceIdOf(key);
  }

  notFound(id: string): ApiError {
    return new ApiError(404, `referenceData.error.${this.kind.key}.notFound`, `${this.kind.label} assignment ${id} does not exist`);
  }

  /** Every unknown id in one 400; the node must be an active facility or organization. */
  private async checkReferences(input: NodeAssignmentInput): Promise<NodeTarget> {
    const unknown = await unknownReferences(this.db, [
      { field: 'programId', label: 'Program', entity: Program, id: input.programId },
      { field: 'facilityTypeId', label: 'Facility type', entity: FacilityType, id: input.facilityTypeId },
      { field: 'geoLevelAffinityId', label: 'Geographic level', entity: GeographicLevel, id: input.geoLevelAffinityId },
    ]);
    const target = await this.nodes.resolve(input.node.referenceId);
    if (!target) unknown['node.referenceId'] = `No facility or organization has id ${input.node.referenceId}`;
    if (Object.keys(unknown).length > 0 || !target) throw unknownReferencesError(this.kind.key, unknown);
    if (target.kind === 'organization' && input.geoLevelAffinityId) {
      throw new ApiError(400, `referenceData.error.${this.kind.key}.geoLevelAffinity.organization`, 'A geographic level affinity applies to facility nodes only; an organization has no zone');
    }
    return target;
  }

  private async requesterPath(facilityId: string): Promise<string[]> {
    const facility = await this.directory.get(facilityId);
    if (facility?.kind !== 'facility') throw unknownReferencesError(this.kind.key, { facilityId: `Facility ${facilityId} does not exist` });
    return facility.path;
  }

  private from(): string {
    return `FROM ${this.table} a
      JOIN stock_nodes n ON n.id = a.node_id
      LEFT JOIN stock_organizations o ON o.id = n.organization_id
      LEFT JOIN location_directory f ON f.id = n.facility_id`;
  }

  private async select(runner: Runner, condition: string, params: unknown[], tail = ''): Promise<NodeAssignmentView[]> {
    const rows: AssignmentRow[] = await runner.query(`SELECT ${COLUMNS} ${this.from()} WHERE ${condition} ${tail}`, params);
    return rows.map(toView);
  }
}

interface AssignmentRow {
  id: string;
  program_id: string;
  facility_type_id: string;
  geo_level_affinity_id: string | null;
  node_id: string;
  facility_id: string | null;
  organization_id: string | null;
  name: string | null;
}

function toView(row: AssignmentRow): NodeAssignmentView {
  const refDataFacility = row.facility_id !== null;
  return {
    id: row.id,
    programId: row.program_id,
    facilityTypeId: row.facility_type_id,
    node: { id: row.node_id, referenceId: (row.facility_id ?? row.organization_id) as string, refDataFacility },
    name: row.name,
    isFreeTextAllowed: !refDataFacility,
    geoLevelAffinityId: row.geo_level_affinity_id,
  };
}
