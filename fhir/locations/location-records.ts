/**
 * Facilities and geographic zones as the LMIS sees them, in FHIR's vocabulary: codes rather than
 * database ids for classifications, Location and Organization ids for places and operators. The
 * reference data module maps these to its own API shapes; only this folder knows the JSON.
 */
export type LocationStatus = 'active' | 'suspended' | 'inactive';

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

export interface Coded {
  code: string;
  display?: string;
}

export interface SupportedProgram extends Coded {
  active: boolean;
  startDate?: string;
  locallyFulfilled: boolean;
}

/** What is written; `id` absent creates a new Location. */
export interface FacilityRecordInput {
  id?: string;
  code: string;
  name: string;
  description?: string;
  zoneId: string;
  type: Coded;
  /** The operator's Organization id (an operator is published as an Organization). */
  operator?: { id: string; display?: string };
  status: LocationStatus;
  goLiveDate?: string;
  goDownDate?: string;
  comment?: string;
  position?: GeoPoint;
  /** Undefined keeps the programs the Location already lists (an import of facilities.csv, which has none). */
  supportedPrograms?: SupportedProgram[];
}

export interface ZoneRecordInput {
  id?: string;
  code: string;
  name: string;
  level: Coded;
  parentId?: string;
  catchmentPopulation?: number;
  position?: GeoPoint;
}

/** What a stored Location says, with its version and owner. Fields an external registry did not set are absent. */
interface Stored {
  id: string;
  version: number;
  lastUpdated: string;
  /** 'lastmile', or the external registry whose sync owns the Location (read-only here). */
  owner: string;
}

export type FacilityRecord = Stored & Omit<FacilityRecordInput, 'id' | 'code' | 'type' | 'zoneId' | 'supportedPrograms'> & { code?: string; type?: Coded; zoneId?: string; supportedPrograms: SupportedProgram[] };
export type ZoneRecord = Stored & Omit<ZoneRecordInput, 'id' | 'code' | 'level'> & { code?: string; level?: Coded; status: LocationStatus };
