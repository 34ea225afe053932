/**
 * Every CSV type, in the order the configuration guide loads them: a file may only name what an
 * earlier one created (zones need levels, facilities need zones and types, ...).
 */
import type { CsvType } from './csv-type.js';
import { facilityOperatorsCsv, facilityTypesCsv, geographicLevelsCsv, processingSchedulesCsv, programsCsv } from './types/classifications.csv.js';
import { facilitiesCsv, facilityProgramsCsv, geographicZonesCsv } from './types/locations.csv.js';
import { processingPeriodsCsv } from './types/processing-periods.csv.js';

export const CSV_TYPES: ReadonlyArray<CsvType<any, any>> = [
  programsCsv,
  processingSchedulesCsv,
  processingPeriodsCsv,
  geographicLevelsCsv,
  geographicZonesCsv,
  facilityTypesCsv,
  facilityOperatorsCsv,
  facilitiesCsv,
  facilityProgramsCsv,
];

export function csvType(type: string): CsvType<any, any> | undefined {
  return CSV_TYPES.find((t) => t.type === type);
}

/** The load order of a set of type names (for importing several files at once). */
export function loadOrder(type: string): number {
  const index = CSV_TYPES.findIndex((t) => t.type === type);
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
}
