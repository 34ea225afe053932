/**
 * facilityPrograms.csv: the guide's "associate facilities and programs" table. Each row adds or
 * replaces one program on a facility's Location; programs a file leaves out are kept.
 */
import type { FacilityRecord } from '../../../../fhir/index.js';
import { ApiError } from '../../../http/errors.js';
import { FacilityService } from '../../facilities/facility.service.js';
import type { FacilityInput, SupportedProgramInput } from '../../facilities/facility.schema.js';
import { loadClassifications, type Classifications } from '../../locations/classifications.js';
import { cell } from '../coded-csv-type.js';
import type { CsvType, ImportScope } from '../csv-type.js';
import { EXPORT_ALL, defined } from './location-cells.js';
import { FACILITY_PROGRAM_COLUMNS as SUPPORT } from './location-columns.js';

const facilityService = (scope: ImportScope) => new FacilityService(scope.manager, scope.context.fhir.locations);

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
    const { records } = await context.fhir.locations.listFacilities({}, EXPORT_ALL);
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
