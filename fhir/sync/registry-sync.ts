/**
 * What a registry sync (the mCSD update consumer in mediators/) needs from the FHIR layer beyond
 * owned writes (`store.putMany(requests, owner, session)`): who owns which resources, which
 * Locations already carry an identifier, handing a Lastmile-owned resource over to the registry
 * that maintains it from now on, and the validation every client write gets.
 */
import { conflict } from '../outcomes.js';
import { FHIR_CHANGED_CHANNEL } from '../store/read-cache.js';
import type { Queryable, WriteSession } from '../store/session.js';

export { validateFhirResource as validateSyncedResource } from '../validation/validate.js';

export interface CurrentOwner {
  owner: string;
  deleted: boolean;
}

export interface IdentifierHolder {
  id: string;
  owner: string;
  system: string;
  value: string;
}

/** Owner and deletion flag of each resource that exists (or existed), keyed `Type/id`. */
export async function currentOwners(db: Queryable, keys: Array<[type: string, id: string]>): Promise<Map<string, CurrentOwner>> {
  if (keys.length === 0) return new Map();
  const { rows } = await db.query(
    `SELECT r.resource_type, r.id, r.owner, r.deleted FROM fhir_resource r
       JOIN unnest($1::text[], $2::text[]) AS k(resource_type, id) USING (resource_type, id)`,
    [keys.map((k) => k[0]), keys.map((k) => k[1])],
  );
  return new Map(rows.map((row) => [`${row.resource_type}/${row.id}`, { owner: row.owner, deleted: row.deleted }]));
}

/** The live resources of a type carrying any of these identifiers (system and value both match). */
export async function findByIdentifier(db: Queryable, resourceType: string, identifiers: Array<{ system: string; value: string }>): Promise<IdentifierHolder[]> {
  if (identifiers.length === 0) return [];
  const { rows } = await db.query(
    `SELECT DISTINCT r.id, r.owner, t.system, t.code AS value
       FROM fhir_token t JOIN unnest($2::text[], $3::text[]) AS i(system, value) ON t.system = i.system AND t.code = i.value
       JOIN fhir_resource r ON r.resource_type = t.resource_type AND r.id = t.id AND NOT r.deleted
      WHERE t.resource_type = $1 AND t.param = 'identifier'`,
    [resourceType, identifiers.map((i) => i.system), identifiers.map((i) => i.value)],
  );
  return rows as IdentifierHolder[];
}

/**
 * Hands a live resource from one owner to another inside the caller's session (a registry
 * adopting a Lastmile record it matched by identifier). Ownership is not part of the resource's
 * content, so no version is written; the registry's own version usually follows in the session.
 */
export async function transferOwnership(session: WriteSession, resourceType: string, id: string, from: string, to: string): Promise<void> {
  const { rowCount } = await session.db.query(
    'UPDATE fhir_resource SET owner = $4 WHERE resource_type = $1 AND id = $2 AND owner = $3 AND NOT deleted',
    [resourceType, id, from, to],
  );
  if (rowCount !== 1) throw conflict(`${resourceType}/${id} is not a live resource owned by "${from}", so it cannot be handed to "${to}"`);
  if (resourceType === 'Location') await session.db.query('UPDATE fhir_location_directory SET owner = $2 WHERE id = $1', [id, to]);
  // Other instances' read caches drop it when this commits, as for any write.
  await session.db.query('SELECT pg_notify($1, $2)', [FHIR_CHANGED_CHANNEL, `${resourceType}/${id}`]);
  session.changed.push(`${resourceType}/${id}`);
}
