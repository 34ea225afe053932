/**
 * Turning a node reference (OpenLMIS's `node.referenceId`: a facility id or an organization id)
 * into a node. Facilities are mCSD Locations, checked through the facility directory: the id must
 * name a Location of kind facility that is not inactive. Organizations are ours: the id must name
 * an active one. A facility wins if both share an id, as in OpenLMIS.
 */
import type { EntityManager } from 'typeorm';
import type { FacilityDirectory } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';
import { isUuid } from '../../http/request-params.js';
import { Organization } from '../organizations/organization.entity.js';
import type { Repositories } from '../shared/context.js';

export type NodeTarget = { kind: 'facility'; facilityId: string } | { kind: 'organization'; organizationId: string };

/** How an import names a node: a facility by its code, an organization by its code or name. */
export type NodeKey = { facilityCode: string } | { organizationCode: string } | { organizationName: string };

export class NodeResolver {
  constructor(
    private readonly db: Repositories,
    private readonly directory: FacilityDirectory,
    /** `referenceData.error.<key>.…` for the answers, e.g. `validSource`. */
    private readonly key: string,
  ) {}

  /** The node the reference names, or undefined when nothing has that id. */
  async resolve(referenceId: string): Promise<NodeTarget | undefined> {
    const location = await this.directory.get(referenceId);
    if (location) {
      if (location.kind !== 'facility') throw this.error('node.notFacility', `Location ${referenceId} ("${location.name}") is a ${location.kind}, not a facility`);
      if (location.status === 'inactive') throw this.error('node.inactive', `Facility ${referenceId} ("${location.name}") is inactive`);
      return { kind: 'facility', facilityId: location.id };
    }
    const organization = isUuid(referenceId) ? await this.db.getRepository(Organization).findOneBy({ id: referenceId }) : null;
    if (!organization) return undefined;
    if (!organization.active) throw this.error('node.inactive', `Organization ${referenceId} ("${organization.name}") is inactive`);
    return { kind: 'organization', organizationId: organization.id };
  }

  /** The reference id of a node named the way CSV files name it; 400 when nothing matches. */
  async referenceIdOf(key: NodeKey): Promise<string> {
    const organizations = this.db.getRepository(Organization);
    let found: { id: string } | null | undefined;
    if ('facilityCode' in key) found = await this.directory.getByCode(key.facilityCode).then((l) => (l?.kind === 'facility' ? l : undefined));
    else if ('organizationCode' in key) found = await organizations.findOneBy({ code: key.organizationCode });
    else found = await organizations.findOneBy({ name: key.organizationName });
    if (!found) throw new ApiError(400, `referenceData.error.${this.key}.reference.unknown`, `Unknown references: no ${describe(key)}`, { unknown: key });
    return found.id;
  }

  private error(problem: string, message: string): ApiError {
    return new ApiError(400, `referenceData.error.${this.key}.${problem}`, message);
  }
}

/**
 * The node's id, creating the node on first use. The no-op update on conflict makes RETURNING
 * yield the existing row, so two writers racing for the same node both get its one id.
 */
export async function nodeIdFor(manager: EntityManager, target: NodeTarget): Promise<string> {
  const column = target.kind === 'facility' ? 'facility_id' : 'organization_id';
  const value = target.kind === 'facility' ? target.facilityId : target.organizationId;
  const rows: Array<{ id: string }> = await manager.query(
    `INSERT INTO stock_nodes (${column}) VALUES ($1) ON CONFLICT (${column}) DO UPDATE SET ${column} = EXCLUDED.${column} RETURNING id`,
    [value],
  );
  return rows[0].id;
}

function describe(key: NodeKey): string {
  if ('facilityCode' in key) return `facility has code "${key.facilityCode}"`;
  if ('organizationCode' in key) return `organization has code "${key.organizationCode}"`;
  return `organization is named "${key.organizationName}"`;
}
