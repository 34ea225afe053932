/**
 * /api/supervisoryNodes: list (paged), read, create, update (If-Match or body version), delete
 * (only when nothing hangs off the node), and GET /api/supervisoryNodes/{id}/supervisedFacilities
 * ?programId= (the members of the requisition groups of the node and every node below it).
 * List filters, as OpenLMIS reads them: code (exact), name (contains), facilityId (a member of the
 * node's requisition group), programId (supported by that group), zoneId (the node's own facility
 * lies in that zone or below); facilityId with programId finds the node that first approves a
 * facility's requisitions for a program.
 */
import express, { type Router } from 'express';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion } from '../../http/request-params.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { facilityFilter, filter, pathId, uuidFilter } from './params.js';
import { validateSupervisoryNode } from './supervisory-node.schema.js';
import { supervisoryNodeService } from './supervisory-node.service.js';

const PATH = '/supervisoryNodes';
const SORTABLE = { code: 'code', name: 'name' };

export function supervisoryNodeRoutes({ dataSource, directory }: ReferenceDataContext): Router {
  const service = supervisoryNodeService(dataSource, directory);
  const id = (req: express.Request) => pathId(req, (text) => service.notFound(text));
  const router = express.Router();

  router.get(PATH, async (req, res) => {
    const found = {
      code: filter(req, 'code'),
      name: filter(req, 'name'),
      facilityId: facilityFilter(req, 'facilityId'),
      programId: uuidFilter(req, 'programId'),
      zoneId: facilityFilter(req, 'zoneId'),
    };
    res.json(await service.list(found, pageRequest(req, SORTABLE, 'code')));
  });
  router.get(`${PATH}/:id`, async (req, res) => {
    const node = await service.get(id(req));
    res.setHeader('ETag', `W/"${node.version}"`).json(node);
  });
  router.get(`${PATH}/:id/supervisedFacilities`, async (req, res) => {
    res.json({ facilityIds: await service.supervisedFacilityIds(id(req), uuidFilter(req, 'programId')) });
  });
  router.post(PATH, async (req, res) => {
    const node = await service.create(validateSupervisoryNode(req.body));
    res.status(201).setHeader('Location', `${req.baseUrl}${PATH}/${node.id}`).setHeader('ETag', `W/"${node.version}"`).json(node);
  });
  router.put(`${PATH}/:id`, async (req, res) => {
    const node = await service.update(id(req), validateSupervisoryNode(req.body), expectedVersion(req));
    res.setHeader('ETag', `W/"${node.version}"`).json(node);
  });
  router.delete(`${PATH}/:id`, async (req, res) => {
    await service.remove(id(req));
    res.status(204).end();
  });
  return router;
}
