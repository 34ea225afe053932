/** geographicZones.csv: the guide's zone table; a parent may be a row earlier in the same file. */
import crypto from 'node:crypto';
import type { ZoneRecordInput } from '../../../../fhir/index.js';
import { GEOGRAPHIC_ZONE_COLUMNS as ZONE } from './location-columns.js';
import { validateGeographicZone, type GeographicZoneInput } from '../../geographic-zones/geographic-zone.schema.js';
import { zoneRecord } from '../../geographic-zones/zone-rules.js';
import { cell } from '../coded-csv-type.js';
import type { CsvType } from '../csv-type.js';
import { defined, EXPORT_ALL, parentsFirst } from './location-cells.js';
import { flush, knownAs, prepareLocationImport, queue, type LocationImport } from './location-import.js';

type ZoneImport = LocationImport<ZoneRecordInput & { id: string }>;

export const geographicZonesCsv: CsvType<GeographicZoneInput, ZoneImport> = {
  type: 'geographicZones',
  title: 'Geographic zones',
  store: 'fhir',
  columns: Object.values(ZONE),
  prepare: (scope) => prepareLocationImport(scope),
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
  async write(input, scope, state) {
    const known = knownAs(state, input.code, 'jurisdiction', 'geographicZone');
    const id = known?.id ?? crypto.randomUUID();
    const record = await zoneRecord(id, input, {
      classifications: state.classifications,
      zoneOf: (ref) => {
        const zone = ref.code !== undefined ? state.byCode.get(ref.code) : undefined;
        return zone?.kind === 'jurisdiction' ? { id: zone.id, name: zone.name, levelCode: zone.classification } : undefined;
      },
    });
    // Later rows may name this zone as their parent.
    state.byCode.set(input.code, { id, kind: 'jurisdiction', owner: known?.owner ?? 'lastmile', name: input.name, classification: record.level.code });
    await queue(scope, state, { ...record, id });
    return known ? 'updated' : 'created';
  },
  finish: (scope, state) => flush(scope, state),
  async *exportRows(context) {
    const { records } = await context.fhir.locations.listZones({}, EXPORT_ALL);
    const codes = new Map(records.map((z) => [z.id, z.code]));
    for (const zone of parentsFirst(records)) {
      yield [zone.code, zone.name, zone.level?.code, zone.parentId ? codes.get(zone.parentId) : undefined, zone.catchmentPopulation, zone.position?.latitude, zone.position?.longitude].map(cell);
    }
  },
};
