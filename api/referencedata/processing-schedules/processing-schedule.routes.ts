/** /api/processingSchedules: list (paged, filter by code and name), read, create, update. */
import type { Router } from 'express';
import type { ReferenceDataContext } from '../shared/context.js';
import { codedEntityRoutes } from '../shared/coded-entity.routes.js';
import { validateProcessingSchedule } from './processing-schedule.schema.js';
import { processingScheduleService } from './processing-schedule.service.js';

export function processingScheduleRoutes({ dataSource }: ReferenceDataContext): Router {
  return codedEntityRoutes({
    path: '/processingSchedules',
    service: processingScheduleService(dataSource),
    validate: validateProcessingSchedule,
    sortable: { code: 'code', name: 'name' },
    defaultSort: 'code',
  });
}
