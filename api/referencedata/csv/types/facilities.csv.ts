/** facilities.csv: the guide's facility table, written as Locations a thousand at a time. */
import crypto from 'node:crypto';
import type { FacilityRecordInput } from '../../../../fhir/index.js';
import { facilityRecord } from '../../facilities/facility-rules.js';
import { validateFacility, type FacilityInput } from '../../facilities/facility.schema.js';
import { loadClassifications } from '../../locations/classifications.js';
import { cell } from '../coded-csv-type.js';
import type { CsvType } from '../csv-type.js';
import { FACILITY_COLUMNS as FACILITY } from './location-columns.js';
import { defined, EXPORT_ALL } from './location-cells.js';
import { flush, knownAs, prepareLocationImport, queue, type LocationImport } from './location-import.js';

type FacilityImport = LocationImport<FacilityRecordInput & { id: string }>;

export const facilitiesCsv: CsvType<FacilityInput, FacilityImport> = {
  type: 'facilities',
  title: 'Facilities',
  store: 'fhir',
  columns: Object.values(FACILITY),
  prepare: (scope) => prepareLocationImport(scope),
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
  async write(input, scope, state) {
    const known = knownAs(state, input.code, 'facility', 'facility');
    const id = known?.id ?? crypto.randomUUID();
    const record = await facilityRecord(id, input, {
      classifications: state.classifications,
      zoneIdOf: (ref) => {
        const zone = ref.code !== undefined ? state.byCode.get(ref.code) : undefined;
        return zone?.kind === 'jurisdiction' ? zone.id : undefined;
      },
    });
    state.byCode.set(input.code, { id, kind: 'facility', owner: known?.owner ?? 'lastmile', name: input.name, classification: record.type.code });
    // facilities.csv does not carry supported programs (facilityPrograms.csv does): keep the Location's.
    await queue(scope, state, { ...record, id, supportedPrograms: undefined });
    return known ? 'updated' : 'created';
  },
  finish: (scope, state) => flush(scope, state),
  async *exportRows(context) {
    const classifications = await loadClassifications(context.dataSource);
    const { records: zones } = await context.fhir.locations.listZones({}, EXPORT_ALL);
    const zoneCodes = new Map(zones.map((z) => [z.id, z.code]));
    const { records } = await context.fhir.locations.listFacilities({}, EXPORT_ALL);
    for (const f of records) {
      const operator = classifications.operators.withId(f.operator?.id);
      const zone = f.zoneId ? zoneCodes.get(f.zoneId) : undefined;
      yield [f.code, f.name, f.description, zone, f.type?.code, operator?.code, f.status === 'active', f.goLiveDate, f.goDownDate, f.comment, f.status !== 'inactive', f.position?.latitude, f.position?.longitude].map(cell);
    }
  },
};
