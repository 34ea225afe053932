/** Processing schedules: unique case-sensitive codes; their periods are managed in processing-periods/. */
import type { Repositories } from '../shared/context.js';
import { CodedEntityService } from '../shared/coded-entity.service.js';
import { ProcessingSchedule } from './processing-schedule.entity.js';
import type { ProcessingScheduleInput } from './processing-schedule.schema.js';

export function processingScheduleService(db: Repositories): CodedEntityService<ProcessingSchedule, ProcessingScheduleInput> {
  return new CodedEntityService(db, ProcessingSchedule, {
    key: 'processingSchedule',
    label: 'Processing schedule',
  });
}
