/** The columns of the guide's zone, facility and facility-program tables. */
import type { CsvColumn } from '../csv-type.js';

export const GEOGRAPHIC_ZONE_COLUMNS = {
  code: { header: 'Code', field: 'code', required: true },
  name: { header: 'Name', field: 'name', required: true },
  level: { header: 'Level', field: 'level', required: true, aliases: ['Level Code'] },
  parent: { header: 'Parent', field: 'parent', aliases: ['Parent Code'] },
  catchmentPopulation: { header: 'Catchment Population', field: 'catchmentPopulation' },
  latitude: { header: 'Latitude', field: 'latitude' },
  longitude: { header: 'Longitude', field: 'longitude' },
} satisfies Record<string, CsvColumn>;

export const FACILITY_COLUMNS = {
  code: { header: 'Facility Code', field: 'code', required: true, aliases: ['Code'] },
  name: { header: 'Name', field: 'name', required: true },
  description: { header: 'Description', field: 'description' },
  zone: { header: 'Geographic Zone', field: 'geographicZone', required: true, aliases: ['Geographic Zone Code'] },
  type: { header: 'Facility Type Code', field: 'type', required: true, aliases: ['Facility Type'] },
  operator: { header: 'Facility Operator', field: 'operator', aliases: ['Facility Operator Code', 'Operator'] },
  active: { header: 'Active', field: 'active', required: true },
  goLiveDate: { header: 'Go Live Date', field: 'goLiveDate', required: true, aliases: ['Operational Date'] },
  goDownDate: { header: 'Go Down Date', field: 'goDownDate' },
  comment: { header: 'Comment', field: 'comment' },
  enabled: { header: 'Enabled', field: 'enabled', required: true },
  latitude: { header: 'Latitude', field: 'location' },
  longitude: { header: 'Longitude', field: 'location' },
} satisfies Record<string, CsvColumn>;

export const FACILITY_PROGRAM_COLUMNS = {
  facility: { header: 'Facility Code', field: 'code', required: true },
  program: { header: 'Program Code', field: 'supportedPrograms', required: true, aliases: ['Program'] },
  active: { header: 'Program is Active', field: 'supportedPrograms', required: true, aliases: ['Active', 'Support Active'] },
  startDate: { header: 'Start Date', field: 'supportedPrograms', aliases: ['Support Start Date'] },
  locallyFulfilled: { header: 'Locally Fulfilled', field: 'supportedPrograms', aliases: ['Support Locally Fulfilled'] },
} satisfies Record<string, CsvColumn>;
