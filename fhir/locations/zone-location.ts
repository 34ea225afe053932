/**
 * A geographic zone as an mCSD Jurisdiction Location that OpenLMIS's FHIR import can also read:
 * our code as identifier and alias, physical type `area`, the mCSD `jurisdiction` type plus the
 * geographic level code, the parent zone as `partOf`, the centroid as `position`, and the
 * catchment population as an extension.
 */
import type { Location } from '@medplum/fhirtypes';
import type { ZoneRecord, ZoneRecordInput } from './location-records.js';
import { CODE_SYSTEMS, EXTENSIONS } from './lastmile-terms.js';
import { codeOf, codingIn, compact, extensionsOf, fromPosition, partOf, physicalType, statusOf, toPosition, withCode, withExtensions, withTypes } from './location-elements.js';
import { parentId } from '../directory/location-kind.js';

export function zoneToLocation(input: ZoneRecordInput & { id: string }, existing?: Location): Location & { id: string } {
  const population = input.catchmentPopulation !== undefined ? [{ url: EXTENSIONS.catchmentPopulation, valueInteger: input.catchmentPopulation }] : [];
  return compact({
    ...existing,
    resourceType: 'Location',
    id: input.id,
    extension: withExtensions(existing?.extension, [EXTENSIONS.catchmentPopulation], population),
    identifier: withCode(existing?.identifier, input.code),
    status: existing?.status ?? 'active',
    name: input.name,
    alias: [input.code, ...(existing?.alias ?? []).filter((alias) => alias !== input.code && alias !== codeOf(existing!))],
    mode: existing?.mode ?? 'instance',
    type: withTypes(existing?.type, 'jurisdiction', CODE_SYSTEMS.geographicLevel, input.level),
    physicalType: physicalType('area'),
    position: toPosition(input.position),
    partOf: partOf(input.parentId),
  }) as Location & { id: string };
}

export function locationToZone(location: Location, stored: { id: string; version: number; lastUpdated: string; owner: string }): ZoneRecord {
  return compact({
    ...stored,
    code: codeOf(location),
    name: location.name ?? '',
    level: codingIn(location, CODE_SYSTEMS.geographicLevel),
    parentId: parentId(location),
    catchmentPopulation: extensionsOf(location, EXTENSIONS.catchmentPopulation)[0]?.valueInteger,
    position: fromPosition(location.position),
    status: statusOf(location),
  }) as ZoneRecord;
}
