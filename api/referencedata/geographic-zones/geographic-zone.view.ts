/** A zone as /api/geographicZones answers it (OpenLMIS's shape), from its Location record. */
import type { ZoneRecord } from '../../../fhir/index.js';
import { LASTMILE_OWNER } from '../../../fhir/index.js';
import type { Classifications } from '../locations/classifications.js';

export interface GeographicZoneView {
  id: string;
  code: string | null;
  name: string;
  level: { id: string; code: string; name: string; levelNumber: number } | null;
  parent: { id: string } | null;
  catchmentPopulation: number | null;
  latitude: number | null;
  longitude: number | null;
  /** The registry that owns the zone; a zone not owned by 'lastmile' is read-only here. */
  owner: string;
  managedExternally: boolean;
  version: number;
  lastUpdated: string;
}

export function zoneView(record: ZoneRecord, classifications: Classifications): GeographicZoneView {
  const level = classifications.levels.withCode(record.level?.code);
  return {
    id: record.id,
    code: record.code ?? null,
    name: record.name,
    level: level ? { id: level.id, code: level.code, name: level.name, levelNumber: level.levelNumber } : null,
    parent: record.parentId ? { id: record.parentId } : null,
    catchmentPopulation: record.catchmentPopulation ?? null,
    latitude: record.position?.latitude ?? null,
    longitude: record.position?.longitude ?? null,
    owner: record.owner,
    managedExternally: record.owner !== LASTMILE_OWNER,
    version: record.version,
    lastUpdated: record.lastUpdated,
  };
}
