/** processingPeriods.csv: the guide's period table (name, description, dates, schedule code, report only). */
import { ProcessingSchedule } from '../../processing-schedules/processing-schedule.entity.js';
import { ProcessingPeriod } from '../../processing-periods/processing-period.entity.js';
import { ProcessingPeriodService } from '../../processing-periods/processing-period.service.js';
import { validateProcessingPeriod, type ProcessingPeriodInput } from '../../processing-periods/processing-period.schema.js';
import { cell } from '../coded-csv-type.js';
import type { CsvColumn, CsvType } from '../csv-type.js';

const PERIOD = {
  name: { header: 'Name', field: 'name', required: true },
  description: { header: 'Description', field: 'description' },
  startDate: { header: 'Start Date', field: 'startDate', required: true, aliases: ['startDate'] },
  endDate: { header: 'End Date', field: 'endDate', required: true, aliases: ['endDate'] },
  schedule: { header: 'Processing Schedule', field: 'processingScheduleId', required: true, aliases: ['Schedule Code', 'processingSchedule'] },
  reportOnly: { header: 'Report Only', field: 'reportOnly', aliases: ['reportOnly'] },
} satisfies Record<string, CsvColumn>;

export const processingPeriodsCsv: CsvType<ProcessingPeriodInput, Map<string, string>> = {
  type: 'processingPeriods',
  title: 'Processing periods',
  store: 'typeorm',
  columns: Object.values(PERIOD),
  async prepare(scope) {
    const schedules = await scope.manager.find(ProcessingSchedule);
    return new Map(schedules.map((s) => [s.code, s.id]));
  },
  toInput(row, schedules) {
    const fields = {
      name: row.text(PERIOD.name),
      description: row.text(PERIOD.description),
      startDate: row.date(PERIOD.startDate),
      endDate: row.date(PERIOD.endDate),
      processingScheduleId: row.code(PERIOD.schedule, (code) => schedules.get(code), 'processing schedule'),
      reportOnly: row.boolean(PERIOD.reportOnly, false),
    };
    return row.errors.length > 0 ? undefined : validateProcessingPeriod(fields);
  },
  key: (input) => `${input.processingScheduleId}/${input.name}`,
  async write(input, scope) {
    const { created } = await new ProcessingPeriodService(scope.manager).upsertByName(input);
    return created ? 'created' : 'updated';
  },
  async *exportRows(context) {
    const periods = await context.dataSource.getRepository(ProcessingPeriod).find({ order: { processingScheduleId: 'ASC', startDate: 'ASC' } });
    const schedules = new Map((await context.dataSource.getRepository(ProcessingSchedule).find()).map((s) => [s.id, s.code]));
    for (const p of periods) yield [p.name, p.description, p.startDate, p.endDate, schedules.get(p.processingScheduleId), p.reportOnly].map(cell);
  },
};
