/**
 * What facility and zone imports share: every Location code in memory (kind, owner, level), so a
 * row is checked without a query; and a buffer that writes the rows' Locations a thousand at a
 * time through the FHIR layer's bulk path. That is what lets a national facility list (tens of
 * thousands of rows) import in a couple of minutes on a small server.
 */
import { LASTMILE_OWNER, type FacilityRecordInput, type ZoneRecordInput } from '../../../../fhir/index.js';
import { ApiError } from '../../../http/errors.js';
import { loadClassifications, type Classifications } from '../../locations/classifications.js';
import type { ImportScope } from '../csv-type.js';

export interface KnownLocation {
  id: string;
  kind: string;
  owner: string;
  name: string;
  /** Facility type or geographic level code. */
  classification?: string;
}

export interface LocationImport<R> {
  classifications: Classifications;
  byCode: Map<string, KnownLocation>;
  pending: R[];
}

const BATCH = 1000;

export async function prepareLocationImport<R>(scope: ImportScope): Promise<LocationImport<R>> {
  const [classifications, byCode] = await Promise.all([loadClassifications(scope.manager), scope.context.fhir.locations.codes(scope.session!.db)]);
  return { classifications, byCode, pending: [] };
}

/** The Location a code names for a row of `kind`, refusing codes held by another kind or owned elsewhere. */
export function knownAs(state: LocationImport<unknown>, code: string, kind: 'facility' | 'jurisdiction', key: string): KnownLocation | undefined {
  const known = state.byCode.get(code);
  if (!known) return undefined;
  const field = { fieldErrors: { code: 'taken' } };
  if (known.kind !== kind) throw new ApiError(409, `referenceData.error.${key}.code.duplicated`, `The code "${code}" is already used by Location/${known.id}, which is not a ${kind}`, field);
  if (known.owner !== LASTMILE_OWNER) {
    throw new ApiError(409, `referenceData.error.${key}.externallyOwned`, `"${code}" is owned by the registry "${known.owner}" and is read-only here; change it there`, field);
  }
  return known;
}

export async function queue(scope: ImportScope, state: LocationImport<FacilityRecordInput & { id: string }>, record: FacilityRecordInput & { id: string }): Promise<void>;
export async function queue(scope: ImportScope, state: LocationImport<ZoneRecordInput & { id: string }>, record: ZoneRecordInput & { id: string }): Promise<void>;
export async function queue(scope: ImportScope, state: LocationImport<any>, record: { id: string }): Promise<void> {
  state.pending.push(record);
  if (state.pending.length >= BATCH) await flush(scope, state);
}

export async function flush(scope: ImportScope, state: LocationImport<any>): Promise<void> {
  const batch = state.pending.splice(0);
  if (batch.length === 0) return;
  const locations = scope.context.fhir.locations;
  if ('zoneId' in batch[0]) await locations.saveFacilities(batch, scope.session!);
  else await locations.saveZones(batch, scope.session!);
}
