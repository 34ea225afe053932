/**
 * CSV files for the guide's first setup steps, with its example tables' columns: programs,
 * facility types, facility operators, geographic levels and processing schedules.
 */
import { facilityOperatorService } from '../../facility-operators/facility-operator.service.js';
import { validateFacilityOperator } from '../../facility-operators/facility-operator.schema.js';
import { facilityTypeService } from '../../facility-types/facility-type.service.js';
import { validateFacilityType } from '../../facility-types/facility-type.schema.js';
import { geographicLevelService } from '../../geographic-levels/geographic-level.service.js';
import { validateGeographicLevel } from '../../geographic-levels/geographic-level.schema.js';
import { processingScheduleService } from '../../processing-schedules/processing-schedule.service.js';
import { validateProcessingSchedule } from '../../processing-schedules/processing-schedule.schema.js';
import { programService } from '../../programs/program.service.js';
import { validateProgram } from '../../programs/program.schema.js';
import { codedCsvType } from '../coded-csv-type.js';
import type { CsvColumn } from '../csv-type.js';

const column = (header: string, field: string, required = false, aliases: string[] = []): CsvColumn => ({ header, field, required, aliases: [field, ...aliases] });
const CODE = (header = 'Code') => column(header, 'code', true);
const NAME = column('Name', 'name', true);
const DESCRIPTION = column('Description', 'description');
const DISPLAY_ORDER = column('Display Order', 'displayOrder');

const PROGRAM = {
  code: CODE('Program Code'),
  name: NAME,
  description: DESCRIPTION,
  active: column('Active', 'active'),
  periodsSkippable: column('Period Skippable', 'periodsSkippable', false, ['Periods Skippable']),
  showNonFullSupplyTab: column('Show Non Full Supply tab', 'showNonFullSupplyTab'),
  skipAuthorization: column('Skip Authorization Step', 'skipAuthorization', false, ['Skip Authorization']),
  enableDatePhysicalStockCountCompleted: column('Enable Date Physical Stock Count Completed', 'enableDatePhysicalStockCountCompleted'),
};

export const programsCsv = codedCsvType({
  type: 'programs',
  title: 'Programs',
  columns: Object.values(PROGRAM),
  service: programService,
  validate: validateProgram,
  toInput: (row) => ({
    code: row.text(PROGRAM.code)!,
    name: row.text(PROGRAM.name)!,
    description: row.text(PROGRAM.description),
    active: row.boolean(PROGRAM.active),
    periodsSkippable: row.boolean(PROGRAM.periodsSkippable),
    showNonFullSupplyTab: row.boolean(PROGRAM.showNonFullSupplyTab),
    skipAuthorization: row.boolean(PROGRAM.skipAuthorization),
    enableDatePhysicalStockCountCompleted: row.boolean(PROGRAM.enableDatePhysicalStockCountCompleted),
  }),
  toCells: (p) => [p.code, p.name, p.description, p.active, p.periodsSkippable, p.showNonFullSupplyTab, p.skipAuthorization, p.enableDatePhysicalStockCountCompleted],
});

const FACILITY_TYPE = { code: CODE('Facility Type'), name: NAME, description: DESCRIPTION, displayOrder: DISPLAY_ORDER, active: column('Active', 'active') };

export const facilityTypesCsv = codedCsvType({
  type: 'facilityTypes',
  title: 'Facility types',
  columns: Object.values(FACILITY_TYPE),
  service: facilityTypeService,
  validate: validateFacilityType,
  toInput: (row) => ({
    code: row.text(FACILITY_TYPE.code)!,
    name: row.text(FACILITY_TYPE.name)!,
    description: row.text(FACILITY_TYPE.description),
    displayOrder: row.integer(FACILITY_TYPE.displayOrder),
    active: row.boolean(FACILITY_TYPE.active),
  }),
  toCells: (t) => [t.code, t.name, t.description, t.displayOrder, t.active],
});

const OPERATOR = { code: CODE(), name: NAME, description: DESCRIPTION, displayOrder: DISPLAY_ORDER };

export const facilityOperatorsCsv = codedCsvType({
  type: 'facilityOperators',
  title: 'Facility operators',
  columns: Object.values(OPERATOR),
  service: facilityOperatorService,
  validate: validateFacilityOperator,
  toInput: (row) => ({ code: row.text(OPERATOR.code)!, name: row.text(OPERATOR.name)!, description: row.text(OPERATOR.description), displayOrder: row.integer(OPERATOR.displayOrder) }),
  toCells: (o) => [o.code, o.name, o.description, o.displayOrder],
});

const LEVEL = { code: CODE(), name: NAME, levelNumber: column('Level Number', 'levelNumber', true) };

export const geographicLevelsCsv = codedCsvType({
  type: 'geographicLevels',
  title: 'Geographic levels',
  columns: Object.values(LEVEL),
  service: geographicLevelService,
  validate: validateGeographicLevel,
  toInput: (row) => ({ code: row.text(LEVEL.code)!, name: row.text(LEVEL.name)!, levelNumber: row.integer(LEVEL.levelNumber) }),
  toCells: (l) => [l.code, l.name, l.levelNumber],
  orderBy: 'levelNumber',
});

const SCHEDULE = { code: CODE(), name: NAME, description: DESCRIPTION };

export const processingSchedulesCsv = codedCsvType({
  type: 'processingSchedules',
  title: 'Processing schedules',
  columns: Object.values(SCHEDULE),
  service: processingScheduleService,
  validate: validateProcessingSchedule,
  toInput: (row) => ({ code: row.text(SCHEDULE.code)!, name: row.text(SCHEDULE.name)!, description: row.text(SCHEDULE.description) }),
  toCells: (s) => [s.code, s.name, s.description],
});
