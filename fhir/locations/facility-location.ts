/**
 * A facility as an mCSD Facility Location that OpenLMIS's FHIR import can also read: our code as
 * identifier and alias, physical type `si`, the mCSD `facility` type plus the facility type code,
 * the zone as `partOf`, the operator as `managingOrganization`, status from active/enabled, and
 * the LMIS-only fields (supported programs, go-live/go-down dates, comment) as extensions.
 */
import type { Extension, Location } from '@medplum/fhirtypes';
import type { FacilityRecord, FacilityRecordInput, SupportedProgram } from './location-records.js';
import { CODE_SYSTEMS, EXTENSIONS, FACILITY_PROFILE } from './lastmile-terms.js';
import { codeOf, codingIn, compact, extensionsOf, fromPosition, partOf, physicalType, statusOf, toPosition, withCode, withExtensions, withTypes } from './location-elements.js';
import { parentId } from '../directory/location-kind.js';

const FACILITY_EXTENSIONS = [EXTENSIONS.supportedProgram, EXTENSIONS.operationalPeriod, EXTENSIONS.comment] as const;

/** The Location for `input`, keeping whatever else `existing` carries (telecom, address, others' extensions). */
export function facilityToLocation(input: FacilityRecordInput & { id: string }, existing?: Location): Location & { id: string } {
  const operator = input.operator ? { reference: `Organization/${input.operator.id}`, ...(input.operator.display ? { display: input.operator.display } : {}) } : undefined;
  return compact({
    ...existing,
    resourceType: 'Location',
    id: input.id,
    // mCSD requires a managing organization on a facility; claim the profile only when there is one.
    meta: operator ? { profile: [FACILITY_PROFILE] } : undefined,
    extension: withExtensions(existing?.extension, FACILITY_EXTENSIONS, facilityExtensions(input, existing)),
    identifier: withCode(existing?.identifier, input.code),
    status: input.status,
    name: input.name,
    alias: [input.code, ...(existing?.alias ?? []).filter((alias) => alias !== input.code && alias !== codeOf(existing!))],
    description: input.description,
    mode: existing?.mode ?? 'instance',
    type: withTypes(existing?.type, 'facility', CODE_SYSTEMS.facilityType, input.type),
    physicalType: physicalType('si'),
    position: toPosition(input.position),
    managingOrganization: operator,
    partOf: partOf(input.zoneId),
  }) as Location & { id: string };
}

export function locationToFacility(location: Location, stored: { id: string; version: number; lastUpdated: string; owner: string }): FacilityRecord {
  const period = extensionsOf(location, EXTENSIONS.operationalPeriod)[0]?.valuePeriod;
  const operatorId = /^Organization\/([A-Za-z0-9\-.]{1,64})$/.exec(location.managingOrganization?.reference ?? '')?.[1];
  const record = compact({
    ...stored,
    code: codeOf(location),
    name: location.name ?? '',
    description: location.description,
    zoneId: parentId(location),
    type: codingIn(location, CODE_SYSTEMS.facilityType),
    operator: operatorId ? compact({ id: operatorId, display: location.managingOrganization?.display }) : undefined,
    status: statusOf(location),
    goLiveDate: period?.start,
    goDownDate: period?.end,
    comment: extensionsOf(location, EXTENSIONS.comment)[0]?.valueString,
    position: fromPosition(location.position),
  }) as Omit<FacilityRecord, 'supportedPrograms'>;
  const supportedPrograms = extensionsOf(location, EXTENSIONS.supportedProgram).map(readSupportedProgram).filter((p): p is SupportedProgram => p !== undefined);
  return { ...record, supportedPrograms };
}

function facilityExtensions(input: FacilityRecordInput, existing?: Location): Extension[] {
  // Without programs in the input, the Location keeps its own (same order, so nothing changes).
  if (!input.supportedPrograms) return [...(existing ? extensionsOf(existing, EXTENSIONS.supportedProgram) : []), ...otherExtensions(input)];
  return [...programExtensions(input.supportedPrograms), ...otherExtensions(input)];
}

function programExtensions(programs: SupportedProgram[]): Extension[] {
  return programs.map((program) => ({
    url: EXTENSIONS.supportedProgram,
    extension: [
      { url: 'program', valueCoding: compact({ system: CODE_SYSTEMS.program, code: program.code, display: program.display }) },
      { url: 'active', valueBoolean: program.active },
      program.startDate ? { url: 'startDate', valueDate: program.startDate } : undefined,
      { url: 'locallyFulfilled', valueBoolean: program.locallyFulfilled },
    ].filter((e) => e !== undefined) as Extension[],
  }));
}

function otherExtensions(input: FacilityRecordInput): Extension[] {
  const extensions: Extension[] = [];
  if (input.goLiveDate || input.goDownDate) extensions.push({ url: EXTENSIONS.operationalPeriod, valuePeriod: compact({ start: input.goLiveDate, end: input.goDownDate }) });
  if (input.comment) extensions.push({ url: EXTENSIONS.comment, valueString: input.comment });
  return extensions;
}

function readSupportedProgram(extension: Extension): SupportedProgram | undefined {
  const part = (url: string) => extension.extension?.find((e) => e.url === url);
  const coding = part('program')?.valueCoding;
  if (!coding?.code) return undefined;
  return compact({
    code: coding.code,
    display: coding.display,
    active: part('active')?.valueBoolean ?? false,
    startDate: part('startDate')?.valueDate,
    locallyFulfilled: part('locallyFulfilled')?.valueBoolean ?? false,
  }) as SupportedProgram;
}
