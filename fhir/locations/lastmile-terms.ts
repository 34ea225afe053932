/**
 * The URLs Lastmile puts on the Locations and Organizations it publishes: its code identifier,
 * the CodeSystems of its classifications (facility types, geographic levels, programs) and its
 * extensions. External systems resolve the codes through the CodeSystems served at /fhir.
 */
export { LASTMILE_CODE_SYSTEM } from '../directory/location-kind.js';

const BASE = 'https://lastmile.health/fhir';

export const CODE_SYSTEMS = {
  facilityType: `${BASE}/CodeSystem/facility-type`,
  geographicLevel: `${BASE}/CodeSystem/geographic-level`,
  program: `${BASE}/CodeSystem/program`,
} as const;

export type ClassificationKind = keyof typeof CODE_SYSTEMS;

export const EXTENSIONS = {
  supportedProgram: `${BASE}/StructureDefinition/supported-program`,
  operationalPeriod: `${BASE}/StructureDefinition/operational-period`,
  comment: `${BASE}/StructureDefinition/facility-comment`,
  catchmentPopulation: `${BASE}/StructureDefinition/catchment-population`,
} as const;

export const MCSD_LOCATION_TYPES = 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types';
/** The physical type system OpenLMIS's FHIR import reads (`si` for a site, `area` for a zone). */
export const OPENLMIS_PHYSICAL_TYPE = 'http://hl7.org/fhir/location-physical-type';
/** The same codes in the system FHIR R4 names for them. */
export const R4_PHYSICAL_TYPE = 'http://terminology.hl7.org/CodeSystem/location-physical-type';

export const FACILITY_PROFILE = `${BASE}/StructureDefinition/lastmile-facility-location`;
