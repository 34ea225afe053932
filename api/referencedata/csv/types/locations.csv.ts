/**
 * geographicZones.csv, facilities.csv and facilityPrograms.csv: the guide's zone, facility and
 * "associate facilities and programs" tables, written as Locations in one FHIR write session.
 */
import type { FacilityRecord } from '../../../../fhir/index.js';
import { FacilityService } from '../../facilities/facility.service.js';
import { validateFacility, type FacilityInput, type SupportedProgramInput } from '../../facilities/facility.schema.js';
import { GeographicZoneService } from '../../geographic-zones/geographic-zone.service.js';
import { validateGeographicZone, type GeographicZoneInput } from '../../geographic-zones/geographic-zone.schema.js';
import { loadClassifications, type Classifications } from '../../locations/classifications.js';
import { ApiError } from '../../../http/errors.js';
import { cell } from '../coded-csv-type.js';
import type { CsvColumn, CsvType, ImportScope } from '../csv-type.js';

const ZONE = {
  code: { header: 'Code', field: 'code', required: true },
  name: { header: 'Name', field: 'name', required: true },
  level: { header: 'Level', field: 'level', required: true, aliases: ['Level Code'] },
  parent: { header: 'Parent', field: 'parent', aliases: ['Parent Code'] },
  catchmentPopulation: { header: 'Catchment Population', field: 'catchmentPopulation' },
  latitude: { header: 'Latitude', field: 'latitude' },
  longitude: { header: 'Longitude', field: 'longitude' },
} satisfies Record<string, CsvColumn>;

const PAGE_ALL = { offset: 0, limit: 1_000_000, sort: [{ field: 'code' as const, direction: 'ASC' as const }] };

const zoneService = (scope: ImportScope) => new GeographicZoneService(scope.manager, scope.context.fhir.locations);
const facilityService = (scope: ImportScope) => new FacilityService(scope.manager, scope.context.fhir.locations);

export const geographicZonesCsv: CsvType<GeographicZoneInput, undefined> = {
  type: 'geographicZones',
  title: 'Geographic zones',
  store: 'fhir',
  columns: Object.values(ZONE),
  prepare: async () => undefined,
  toInput(row) {
    const parent = row.text(ZONE.parent);
    const fields = {
      code: row.text(ZONE.code),
      name: row.text(ZONE.name),
      level: { code: row.text(ZONE.level) },
      ...(parent ? { parent: { code: parent } } : {}),
      catchmentPopulation: row.integer(ZONE.catchmentPopulation),
      latitude: row.decimal(ZONE.latitude),
      longitude: row.decimal(ZONE.longitude),
    };
    return row.errors.length > 0 ? undefined : validateGeographicZone(defined(fields));
  },
  key: (input) => input.code,
  async write(input, scope) {
    const existed = (await scope.context.fhir.locations.idOfCode(input.code, scope.session!.db))?.kind === 'jurisdiction';
    await zoneService(scope).upsertByCode(input, scope.session);
    return existed ? 'updated' : 'created';
  },
  async *exportRows(context) {
    const { records } = await context.fhir.locations.listZones({}, PAGE_ALL);
    const codes = new Map(records.map((z) => [z.id, z.code]));
    // Parents first, so the exported file imports in one pass.
    for (const zone of byDepth(records)) {
      yield [zone.code, zone.name, zone.level?.code, zone.parentId ? codes.get(zone.parentId) : undefined, zone.catchmentPopulation, zone.position?.latitude, zone.position?.longitude].map(cell);
    }
  },
};

const FACILITY = {
  code: { header: 'Facility Code', field: 'code', required: true, aliases: ['Code'] },
  name: { header: 'Name', field: 'name', required: true },
  description: { header: 'Description', field: 'description' },
  zone: { header: 'Geographic Zone', field: 'geographicZone', required: true, aliases: ['Geographic Zone Code'] },
  type: { header: 'Facility Type Code', field: 'type', required: true, aliases: ['Facility Type'] },
  operator: { header: 'Facility Operator', field: 'operator', aliases: ['Facility Operator Code', 'Operator'] },
  active: { header: 'Active', field: 'active', required: true },
  goLiveDate: { header: 'Go Live Date', field: 'goLiveDate', required: true, aliases: ['Go Live Date (Operational Date)', 'Operational Date'] },
  goDownDate: { header: 'Go Down Date', field: 'goDownDate' },
  comment: { header: 'Comment', field: 'comment' },
  enabled: { header: 'Enabled', field: 'enabled', required: true },
  latitude: { header: 'Latitude', field: 'location' },
  longitude: { header: 'Longitude', field: 'location' },
} satisfies Record<string, CsvColumn>;

export const facilitiesCsv: CsvType<FacilityInput, Classifications> = {
  type: 'facilities',
  title: 'Facilities',
  store: 'fhir',
  columns: Object.values(FACILITY),
  prepare: (scope) => loadClassifications(scope.manager),
  toInput(row) {
    const [latitude, longitude] = [row.decimal(FACILITY.latitude), row.decimal(FACILITY.longitude)];
    const operator = row.text(FACILITY.operator);
    const fields = {
      code: row.text(FACILITY.code),
      name: row.text(FACILITY.name),
      description: row.text(FACILITY.description),
      geographicZone: { code: row.text(FACILITY.zone) },
      type: { code: row.text(FACILITY.type) },
      ...(operator ? { operator: { code: operator } } : {}),
      active: row.boolean(FACILITY.active),
      enabled: row.boolean(FACILITY.enabled),
      goLiveDate: row.date(FACILITY.goLiveDate),
      goDownDate: row.date(FACILITY.goDownDate),
      comment: row.text(FACILITY.comment),
      ...(latitude !== undefined || longitude !== undefined ? { location: { latitude, longitude } } : {}),
      supportedPrograms: [],
    };
    return row.errors.length > 0 ? undefined : validateFacility(defined(fields));
  },
  key: (input) => input.code,
  async write(input, scope, classifications) {
    const existing = await existingFacility(scope, input.code);
    // facilities.csv does not carry supported programs (facilityPrograms.csv does): keep them.
    const supportedPrograms = existing ? supportOf(existing, classifications) : [];
    await facilityService(scope).upsertByCode({ ...input, supportedPrograms }, scope.session);
    return existing ? 'updated' : 'created';
  },
  async *exportRows(context) {
    const classifications = await loadClassifications(context.dataSource);
    const { records: zones } = await context.fhir.locations.listZones({}, PAGE_ALL);
    const zoneCodes = new Map(zones.map((z) => [z.id, z.code]));
    const { records } = await context.fhir.locations.listFacilities({}, PAGE_ALL);
    for (const f of records) {
      const operator = classifications.operators.withId(f.operator?.id);
      yield [f.code, f.name, f.description, f.zoneId ? zoneCodes.get(f.zoneId) : undefined, f.type?.code, operator?.code, f.status === 'active', f.goLiveDate, f.goDownDate, f.comment, f.status !== 'inactive', f.position?.latitude, f.position?.longitude].map(cell);
    }
  },
};

const SUPPORT = {
  facility: { header: 'Facility Code', field: 'code', required: true },
  program: { header: 'Program Code', field: 'supportedPrograms', required: true, aliases: ['Program'] },
  active: { header: 'Program is Active', field: 'supportedPrograms', required: true, aliases: ['Active', 'Support Active'] },
  startDate: { header: 'Start Date', field: 'supportedPrograms', aliases: ['Support Start Date'] },
  locallyFulfilled: { header: 'Locally Fulfilled', field: 'supportedPrograms', aliases: ['Support Locally Fulfilled'] },
} satisfies Record<string, CsvColumn>;

interface SupportRow {
  facilityCode: string;
  support: SupportedProgramInput;
}

export const facilityProgramsCsv: CsvType<SupportRow, Classifications> = {
  type: 'facilityPrograms',
  title: 'Programs supported by facilities',
  store: 'fhir',
  columns: Object.values(SUPPORT),
  prepare: (scope) => loadClassifications(scope.manager),
  toInput(row, classifications) {
    const facilityCode = row.text(SUPPORT.facility);
    // The guide's example names programs by name ("Family Planning"); codes are accepted too.
    const program = row.code(SUPPORT.program, (v) => classifications.programs.withCode(v) ?? [...classifications.programs.all()].find((p) => p.name === v), 'program');
    const support = { id: program?.id, supportActive: row.boolean(SUPPORT.active) ?? false, supportStartDate: row.date(SUPPORT.startDate) ?? null, supportLocallyFulfilled: row.boolean(SUPPORT.locallyFulfilled, false) ?? false };
    return row.errors.length > 0 || !facilityCode ? undefined : { facilityCode, support };
  },
  key: ({ facilityCode, support }) => `${facilityCode}/${support.id}`,
  async write({ facilityCode, support }, scope, classifications) {
    const existing = await existingFacility(scope, facilityCode);
    if (!existing) throw notAFacility(facilityCode);
    const current = supportOf(existing, classifications);
    const known = current.some((s) => s.id === support.id);
    // Replaced in place, so re-importing the same rows leaves the Location unchanged (no new version).
    const supportedPrograms = known ? current.map((s) => (s.id === support.id ? support : s)) : [...current, support];
    await facilityService(scope).update(existing.id, { ...recordInput(existing), supportedPrograms }, undefined, scope.session);
    return known ? 'updated' : 'created';
  },
  async *exportRows(context) {
    const { records } = await context.fhir.locations.listFacilities({}, PAGE_ALL);
    for (const f of records) for (const s of f.supportedPrograms) yield [f.code, s.code, s.active, s.startDate, s.locallyFulfilled].map(cell);
  },
};

async function existingFacility(scope: ImportScope, code: string): Promise<FacilityRecord | undefined> {
  const found = await scope.context.fhir.locations.idOfCode(code, scope.session!.db);
  return found?.kind === 'facility' ? scope.context.fhir.locations.getFacility(found.id, scope.session!.db) : undefined;
}

function supportOf(record: FacilityRecord, classifications: Classifications): SupportedProgramInput[] {
  return record.supportedPrograms.map((s) => ({
    id: classifications.programs.withCode(s.code)?.id,
    code: classifications.programs.withCode(s.code) ? undefined : s.code,
    supportActive: s.active,
    supportStartDate: s.startDate ?? null,
    supportLocallyFulfilled: s.locallyFulfilled,
  })).map(defined) as SupportedProgramInput[];
}

function notAFacility(code: string): ApiError {
  const message = `there is no facility with code "${code}"`;
  return new ApiError(400, 'referenceData.error.facility.notFound', message, { fieldErrors: { code: message } });
}

/** Drops undefined members, so the ajv schema's defaults apply to blank cells. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Zones ordered parents first. */
function byDepth<T extends { id: string; parentId?: string }>(zones: T[]): T[] {
  const byId = new Map(zones.map((z) => [z.id, z]));
  const depth = (z: T, seen = 0): number => (z.parentId && byId.has(z.parentId) && seen < 64 ? 1 + depth(byId.get(z.parentId)!, seen + 1) : 0);
  return [...zones].sort((a, b) => depth(a) - depth(b));
}

/** A stored facility as the service's input, to change one thing (its supported programs) and keep the rest. */
function recordInput(record: FacilityRecord): FacilityInput {
  return {
    code: record.code!,
    name: record.name,
    description: record.description ?? null,
    geographicZone: { id: record.zoneId! },
    type: { code: record.type?.code ?? '' },
    operator: record.operator ? { id: record.operator.id } : null,
    active: record.status === 'active',
    enabled: record.status !== 'inactive',
    goLiveDate: record.goLiveDate ?? '',
    goDownDate: record.goDownDate ?? null,
    comment: record.comment ?? null,
    location: record.position ?? null,
    supportedPrograms: [],
  };
}
