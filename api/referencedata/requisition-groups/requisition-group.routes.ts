/**
 * /api/requisitionGroups: list (paged; code, name, supervisoryNodeId, programId, facilityId), read,
 * create, update (If-Match or body version), delete; and
 * GET /api/requisitionGroups/schedule?facilityId=&programId=: the processing schedule a facility
 * follows for a program, with its group and approval node (OpenLMIS answers this at
 * /api/processingSchedules/search?facilityId=&programId=).
 */
import express, { type Router } from 'express';
import { ApiError } from '../../http/errors.js';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion } from '../../http/request-params.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { facilityFilter, filter, pathId, uuidFilter } from '../supervisory-nodes/params.js';
import { validateRequisitionGroup } from './requisition-group.schema.js';
import { requisitionGroupService } from './requisition-group.service.js';

const PATH = '/requisitionGroups';
const SORTABLE = { code: 'code', name: 'name' };

export function requisitionGroupRoutes({ dataSource, directory }: ReferenceDataContext): Router {
  const service = requisitionGroupService(dataSource, directory);
  const id = (req: express.Request) => pathId(req, (text) => service.notFound(text));
  const router = express.Router();

  router.get(PATH, async (req, res) => {
    const found = {
      code: filter(req, 'code'),
      name: filter(req, 'name'),
      supervisoryNodeId: uuidFilter(req, 'supervisoryNodeId'),
      programId: uuidFilter(req, 'programId'),
      facilityId: facilityFilter(req, 'facilityId'),
    };
    res.json(await service.list(found, pageRequest(req, SORTABLE, 'code')));
  });
  // Before /:id, which would otherwise take "schedule" for an id.
  router.get(`${PATH}/schedule`, async (req, res) => {
    const facilityId = facilityFilter(req, 'facilityId');
    const programId = uuidFilter(req, 'programId');
    if (!facilityId || !programId) throw new ApiError(400, 'lastmile.error.query', 'facilityId and programId are both required');
    res.json(await service.scheduleFor(facilityId, programId));
  });
  router.get(`${PATH}/:id`, async (req, res) => {
    const group = await service.get(id(req));
    res.setHeader('ETag', `W/"${group.version}"`).json(group);
  });
  router.post(PATH, async (req, res) => {
    const group = await service.create(validateRequisitionGroup(req.body));
    res.status(201).setHeader('Location', `${req.baseUrl}${PATH}/${group.id}`).setHeader('ETag', `W/"${group.version}"`).json(group);
  });
  router.put(`${PATH}/:id`, async (req, res) => {
    const group = await service.update(id(req), validateRequisitionGroup(req.body), expectedVersion(req));
    res.setHeader('ETag', `W/"${group.version}"`).json(group);
  });
  router.delete(`${PATH}/:id`, async (req, res) => {
    await service.remove(id(req));
    res.status(204).end();
  });
  return router;
}
