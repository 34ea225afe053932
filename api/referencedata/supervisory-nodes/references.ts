/**
 * How the supervision hierarchy checks what its records point at: facilities through the FHIR
 * facility directory (they are mCSD Locations, not rows of ours), and our own rows (programs,
 * schedules, nodes) by id. An unknown reference is the client's mistake: 400, naming it.
 */
import type { EntityManager } from 'typeorm';
import type { FacilityDirectory } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';

/** A FHIR resource id: what facility references hold. */
export const FACILITY_ID = { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' } as const;
export const UUID = { type: 'string', format: 'uuid' } as const;

export interface FacilityReference {
  /** Where the reference sits in the body, e.g. `memberFacilityIds` or `programSchedules.dropOffFacilityId`. */
  field: string;
  facilityId: string;
}

const LOOKUPS_AT_ONCE = 8; // the directory reads from the shared pool: do not take all of it

/** Every reference must name an existing Location of kind 'facility'. */
export async function requireFacilities(directory: FacilityDirectory, entityKey: string, references: FacilityReference[]): Promise<void> {
  const problems: Array<FacilityReference & { problem: string }> = [];
  const distinct = [...new Map(references.map((reference) => [reference.facilityId, reference])).values()];
  for (let start = 0; start < distinct.length; start += LOOKUPS_AT_ONCE) {
    const batch = distinct.slice(start, start + LOOKUPS_AT_ONCE);
    const found = await Promise.all(batch.map((reference) => directory.get(reference.facilityId)));
    batch.forEach((reference, index) => {
      const location = found[index];
      if (!location) problems.push({ ...reference, problem: 'does not exist' });
      else if (location.kind !== 'facility') problems.push({ ...reference, problem: `is a ${location.kind}, not a facility` });
    });
  }
  if (problems.length === 0) return;
  const listed = problems.slice(0, 5).map((p) => `${p.field}: ${p.facilityId} ${p.problem}`).join('; ');
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  throw new ApiError(400, `referenceData.error.${entityKey}.facilityUnknown`, `Unknown facility: ${listed}${more}`, { facilities: problems });
}

export interface Summary {
  id: string;
  code: string;
  name: string;
}

type OwnTable = 'programs' | 'processing_schedules' | 'supervisory_nodes';

/** The rows of `table` among `ids`, with their code and name (for messages and views). */
export async function summaries(manager: EntityManager, table: OwnTable, ids: string[]): Promise<Map<string, Summary>> {
  if (ids.length === 0) return new Map();
  const rows: Summary[] = await manager.query(`SELECT id, code, name FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((row) => [row.id, row]));
}

/** Refuses ids of `table` that do not exist: 400 `referenceData.error.<entityKey>.<problem>`. */
export async function requireRows(manager: EntityManager, table: OwnTable, ids: string[], entityKey: string, problem: string, label: string): Promise<Map<string, Summary>> {
  const found = await summaries(manager, table, [...new Set(ids)]);
  const missing = [...new Set(ids)].filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new ApiError(400, `referenceData.error.${entityKey}.${problem}`, `Unknown ${label}: ${missing.join(', ')}`, { missing });
  }
  return found;
}

const FOREIGN_KEY_VIOLATION = '23503';

/**
 * A row this write points at, or that points at the deleted row, changed meanwhile (a concurrent
 * delete or insert won the race after our checks): 409, the client reloads and tries again.
 */
export function raceOnReference(entityKey: string, label: string) {
  return (error: unknown): never => {
    if ((error as { driverError?: { code?: string } }).driverError?.code === FOREIGN_KEY_VIOLATION) {
      throw new ApiError(409, `referenceData.error.${entityKey}.referenceChanged`, `A record this ${label} refers to, or one referring to it, changed meanwhile; reload and try again`);
    }
    throw error;
  };
}
