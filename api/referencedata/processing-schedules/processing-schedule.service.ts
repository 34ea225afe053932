/** Processing schedules: unique case-sensitive codes; their periods are managed in processing-periods/. */
import type { DataSource } from 'typeorm';
import { CodedEntityService } from '../shared/coded-entity.service.js';
import { ProcessingSchedule } from './processing-schedule.entity.js';
import type { ProcessingScheduleInput } from './processing-schedule.schema.js';

export function processingScheduleService(dataSource: DataSource): CodedEntityService<ProcessingSchedule, ProcessingScheduleInput> {
  return new CodedEntityService(dataSource, ProcessingSchedule, {
    key: 'processingSchedule',
    label: 'Processing schedule',
  });
}
