/**
 * /api/supplyLines: list (paged; code, supervisoryNodeId, programId, supplyingFacilityId), read,
 * create, update (If-Match or body version), delete.
 */
import express, { type Router } from 'express';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion } from '../../http/request-params.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { facilityFilter, filter, pathId, uuidFilter } from '../supervisory-nodes/params.js';
import { validateSupplyLine } from './supply-line.schema.js';
import { supplyLineService } from './supply-line.service.js';

const PATH = '/supplyLines';
const SORTABLE = { code: 'code', supervisoryNodeId: 'supervisoryNodeId', programId: 'programId' };

export function supplyLineRoutes({ dataSource, directory }: ReferenceDataContext): Router {
  const service = supplyLineService(dataSource, directory);
  const id = (req: express.Request) => pathId(req, (text) => service.notFound(text));
  const router = express.Router();

  router.get(PATH, async (req, res) => {
    const found = {
      code: filter(req, 'code'),
      supervisoryNodeId: uuidFilter(req, 'supervisoryNodeId'),
      programId: uuidFilter(req, 'programId'),
      supplyingFacilityId: facilityFilter(req, 'supplyingFacilityId'),
    };
    res.json(await service.list(found, pageRequest(req, SORTABLE, 'supervisoryNodeId')));
  });
  router.get(`${PATH}/:id`, async (req, res) => {
    const line = await service.get(id(req));
    res.setHeader('ETag', `W/"${line.version}"`).json(line);
  });
  router.post(PATH, async (req, res) => {
    const line = await service.create(validateSupplyLine(req.body));
    res.status(201).setHeader('Location', `${req.baseUrl}${PATH}/${line.id}`).setHeader('ETag', `W/"${line.version}"`).json(line);
  });
  router.put(`${PATH}/:id`, async (req, res) => {
    const line = await service.update(id(req), validateSupplyLine(req.body), expectedVersion(req));
    res.setHeader('ETag', `W/"${line.version}"`).json(line);
  });
  router.delete(`${PATH}/:id`, async (req, res) => {
    await service.remove(id(req));
    res.status(204).end();
  });
  return router;
}
