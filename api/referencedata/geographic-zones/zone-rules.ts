/**
 * The guide's zone rules, turning a validated request into the Location record to write: a level
 * that exists; a parent for every zone below the top level, at a higher level than the zone;
 * coordinates in 8,5 format. Lookups are given, so the REST service and the CSV import (where a
 * parent may be a row earlier in the same file) apply exactly the same rules.
 */
import type { ZoneRecordInput } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';
import type { Classifications, EntityRef } from '../locations/classifications.js';
import { coordinateProblem } from '../locations/coordinates.js';
import type { GeographicZoneInput } from './geographic-zone.schema.js';

export interface KnownZone {
  id: string;
  name: string;
  levelCode?: string;
}

export interface ZoneLookups {
  classifications: Classifications;
  zoneOf(ref: EntityRef): Promise<KnownZone | undefined> | KnownZone | undefined;
}

export const zoneError = (status: number, key: string, message: string, field?: string) =>
  new ApiError(status, `referenceData.error.geographicZone.${key}`, message, field ? { fieldErrors: { [field]: message } } : undefined);

export async function zoneRecord(id: string | undefined, input: GeographicZoneInput, lookups: ZoneLookups): Promise<ZoneRecordInput> {
  const level = lookups.classifications.levels.resolve(input.level, 'level');
  const parentId = await checkParent(input, level.levelNumber, lookups);
  const coordinates = coordinateProblem(input.latitude, input.longitude);
  if (coordinates) throw zoneError(400, 'coordinates', coordinates, 'latitude');
  return {
    id,
    code: input.code,
    name: input.name,
    level: { code: level.code, display: level.name },
    parentId,
    catchmentPopulation: input.catchmentPopulation ?? undefined,
    position: input.latitude != null && input.longitude != null ? { latitude: input.latitude, longitude: input.longitude } : undefined,
  };
}

/** Every zone but the top level's has a parent zone, at a higher level (a smaller level number). */
async function checkParent(input: GeographicZoneInput, levelNumber: number, lookups: ZoneLookups): Promise<string | undefined> {
  if (!input.parent) {
    if (levelNumber > 1) throw zoneError(400, 'parent.required', `A zone at level ${levelNumber} needs a parent zone`, 'parent');
    return undefined;
  }
  const parent = await lookups.zoneOf(input.parent);
  if (!parent) throw zoneError(400, 'parent.notFound', `parent: there is no geographic zone ${input.parent.id ?? `with code "${input.parent.code}"`}`, 'parent');
  const parentLevel = lookups.classifications.levels.withCode(parent.levelCode);
  if (parentLevel && parentLevel.levelNumber >= levelNumber) {
    throw zoneError(400, 'parent.level', `The parent zone "${parent.name}" is at level ${parentLevel.levelNumber}; a zone at level ${levelNumber} needs a parent at a higher level`, 'parent');
  }
  return parent.id;
}
