/** Small builders and readers for the Location elements facilities and zones share. */
import type { CodeableConcept, Extension, Identifier, Location } from '@medplum/fhirtypes';
import type { Coded, GeoPoint, LocationStatus } from './location-records.js';
import { LASTMILE_CODE_SYSTEM, MCSD_LOCATION_TYPES, OPENLMIS_PHYSICAL_TYPE, R4_PHYSICAL_TYPE } from './lastmile-terms.js';

/** Our code identifier replaces any earlier one; identifiers from other systems are kept. */
export function withCode(identifiers: Identifier[] | undefined, code: string): Identifier[] {
  return [{ system: LASTMILE_CODE_SYSTEM, value: code }, ...(identifiers ?? []).filter((i) => i.system !== LASTMILE_CODE_SYSTEM)];
}

export function codeOf(location: Location): string | undefined {
  return location.identifier?.find((i) => i.system === LASTMILE_CODE_SYSTEM)?.value ?? location.alias?.[0];
}

/** The mCSD kind first, then our classification; other type concepts (e.g. service types) are kept. */
export function withTypes(types: CodeableConcept[] | undefined, kind: 'facility' | 'jurisdiction', classificationSystem: string, classification: Coded): CodeableConcept[] {
  const ours = (concept: CodeableConcept) => concept.coding?.some((c) => c.system === MCSD_LOCATION_TYPES || c.system === classificationSystem);
  return [
    { coding: [{ system: MCSD_LOCATION_TYPES, code: kind }] },
    { coding: [{ system: classificationSystem, code: classification.code, ...(classification.display ? { display: classification.display } : {}) }] },
    ...(types ?? []).filter((concept) => !ours(concept)),
  ];
}

export function codingIn(location: Location, system: string): Coded | undefined {
  const coding = location.type?.flatMap((concept) => concept.coding ?? []).find((c) => c.system === system && c.code);
  return coding ? { code: coding.code!, ...(coding.display ? { display: coding.display } : {}) } : undefined;
}

/** OpenLMIS reads the first coding (`si` or `area`); FHIR R4 names the same code in its own system. */
export function physicalType(code: 'si' | 'area'): CodeableConcept {
  const display = code === 'si' ? 'Site' : 'Area';
  return { coding: [{ system: OPENLMIS_PHYSICAL_TYPE, code, display }, { system: R4_PHYSICAL_TYPE, code, display }] };
}

export function toPosition(point: GeoPoint | undefined): Location['position'] {
  return point ? { latitude: point.latitude, longitude: point.longitude } : undefined;
}

export function fromPosition(position: Location['position']): GeoPoint | undefined {
  return position && typeof position.latitude === 'number' && typeof position.longitude === 'number' ? { latitude: position.latitude, longitude: position.longitude } : undefined;
}

export function statusOf(location: Location): LocationStatus {
  return location.status ?? 'active';
}

/** Replaces our extensions (by URL) and keeps everyone else's. */
export function withExtensions(existing: Extension[] | undefined, urls: readonly string[], ours: Extension[]): Extension[] | undefined {
  const kept = (existing ?? []).filter((extension) => !urls.includes(extension.url));
  const all = [...ours, ...kept];
  return all.length > 0 ? all : undefined;
}

export function extensionsOf(location: Location, url: string): Extension[] {
  return (location.extension ?? []).filter((extension) => extension.url === url);
}

export function partOf(id: string | undefined): Location['partOf'] {
  return id ? { reference: `Location/${id}` } : undefined;
}

/** Drops undefined members so stored JSON has no empty keys (FHIR forbids empty elements). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;
}
