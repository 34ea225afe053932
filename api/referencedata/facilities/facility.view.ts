/** A facility as /api/facilities answers it (OpenLMIS's shape), from its Location record. */
import { LASTMILE_OWNER, type FacilityRecord } from '../../../fhir/index.js';
import type { Classifications } from '../locations/classifications.js';

interface Named {
  id: string;
  code: string | null;
  name: string;
}

export interface FacilityView {
  id: string;
  code: string | null;
  name: string;
  description: string | null;
  geographicZone: Named | null;
  type: Named | null;
  operator: Named | null;
  active: boolean;
  enabled: boolean;
  goLiveDate: string | null;
  goDownDate: string | null;
  comment: string | null;
  location: { latitude: number; longitude: number } | null;
  supportedPrograms: Array<Named & { supportActive: boolean; supportLocallyFulfilled: boolean; supportStartDate: string | null }>;
  /** The registry that owns the facility; one not owned by 'lastmile' is read-only here. */
  owner: string;
  managedExternally: boolean;
  version: number;
  lastUpdated: string;
}

/** Zones are named from a map the caller fills with one query for a whole page. */
export function facilityView(record: FacilityRecord, classifications: Classifications, zones: Map<string, Named>): FacilityView {
  const type = classifications.facilityTypes.withCode(record.type?.code);
  const operator = classifications.operators.withId(record.operator?.id);
  return {
    id: record.id,
    code: record.code ?? null,
    name: record.name,
    description: record.description ?? null,
    geographicZone: record.zoneId ? (zones.get(record.zoneId) ?? { id: record.zoneId, code: null, name: '' }) : null,
    type: type ? named(type) : record.type ? { id: '', code: record.type.code, name: record.type.display ?? record.type.code } : null,
    operator: operator ? named(operator) : null,
    // active: it may submit requisitions and receive deliveries; enabled: not decommissioned.
    active: record.status === 'active',
    enabled: record.status !== 'inactive',
    goLiveDate: record.goLiveDate ?? null,
    goDownDate: record.goDownDate ?? null,
    comment: record.comment ?? null,
    location: record.position ?? null,
    supportedPrograms: record.supportedPrograms.map((support) => {
      const program = classifications.programs.withCode(support.code);
      return {
        id: program?.id ?? '',
        code: support.code,
        name: program?.name ?? support.display ?? support.code,
        supportActive: support.active,
        supportLocallyFulfilled: support.locallyFulfilled,
        supportStartDate: support.startDate ?? null,
      };
    }),
    owner: record.owner,
    managedExternally: record.owner !== LASTMILE_OWNER,
    version: record.version,
    lastUpdated: record.lastUpdated,
  };
}

function named(entity: { id: string; code: string; name: string }): Named {
  return { id: entity.id, code: entity.code, name: entity.name };
}
