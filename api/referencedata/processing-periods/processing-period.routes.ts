/**
 * /api/processingPeriods: list (paged; by schedule and by dates), read, create, update, delete
 * (the last period only), and POST /api/processingSchedules/{id}/periods/generate.
 */
import express, { type Request, type Router } from 'express';
import type { ReferenceDataContext } from '../shared/context.js';
import { ApiError } from '../../http/errors.js';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion, isUuid } from '../../http/request-params.js';
import { validatePeriodGenerator, validateProcessingPeriod } from './processing-period.schema.js';
import { ProcessingPeriodService } from './processing-period.service.js';

const isDay = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text);
const SORTABLE = { startDate: 'startDate', name: 'name' };

export function processingPeriodRoutes({ dataSource }: ReferenceDataContext): Router {
  const service = new ProcessingPeriodService(dataSource);
  const router = express.Router();

  router.get('/processingPeriods', async (req, res) => {
    const filter = { processingScheduleId: query(req, 'processingScheduleId', isUuid), startDate: query(req, 'startDate', isDay), endDate: query(req, 'endDate', isDay) };
    res.json(await service.list(filter, pageRequest(req, SORTABLE, 'startDate')));
  });
  router.get('/processingPeriods/:id', async (req, res) => {
    const period = await service.get(periodId(req));
    res.setHeader('ETag', `W/"${period.version}"`).json(period);
  });
  router.post('/processingPeriods', async (req, res) => {
    const period = await service.create(validateProcessingPeriod(req.body));
    res.status(201).setHeader('Location', `${req.baseUrl}/processingPeriods/${period.id}`).json(period);
  });
  router.put('/processingPeriods/:id', async (req, res) => {
    res.json(await service.update(periodId(req), validateProcessingPeriod(req.body), expectedVersion(req)));
  });
  router.delete('/processingPeriods/:id', async (req, res) => {
    await service.remove(periodId(req));
    res.status(204).end();
  });
  router.post('/processingSchedules/:id/periods/generate', async (req, res) => {
    const scheduleId = req.params.id;
    if (!isUuid(scheduleId)) throw new ApiError(404, 'referenceData.error.processingSchedule.notFound', `Processing schedule ${scheduleId} does not exist`);
    res.status(201).json(await service.generate(scheduleId, validatePeriodGenerator(req.body)));
  });
  return router;
}

function periodId(req: Request): string {
  const id = req.params.id as string;
  if (!isUuid(id)) throw new ApiError(404, 'referenceData.error.processingPeriod.notFound', `Processing period ${id} does not exist`);
  return id;
}

function query(req: Request, name: string, valid: (text: string) => boolean): string | undefined {
  const value = req.query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !valid(value)) throw new ApiError(400, 'lastmile.error.query', `${name} is malformed`);
  return value;
}
