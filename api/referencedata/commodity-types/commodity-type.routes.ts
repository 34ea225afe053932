/**
 * /api/commodityTypes: list (paged; by id, classification system, classification id, name and
 * parent), read, the direct children of one, create, update. Never deleted.
 */
import express, { type Request, type Router } from 'express';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion } from '../../http/request-params.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { pathId, query, setVersionTag } from '../orderables/catalogue-support.js';
import { validateCommodityType } from './commodity-type.schema.js';
import { commodityTypeService } from './commodity-type.service.js';

const SORTABLE = { name: 'name', classificationSystem: 'classificationSystem', classificationId: 'classificationId' };

export function commodityTypeRoutes({ dataSource }: ReferenceDataContext): Router {
  const service = commodityTypeService(dataSource);
  const router = express.Router();
  const id = (req: Request) => pathId(req, (given) => service.notFound(given));

  router.get('/commodityTypes', async (req, res) => {
    const filter = {
      ids: query.uuids(req, 'id'),
      classificationSystem: query.text(req, 'classificationSystem'),
      classificationId: query.text(req, 'classificationId'),
      name: query.text(req, 'name'),
      parentId: query.uuid(req, 'parentId'),
    };
    res.json(await service.list(filter, pageRequest(req, SORTABLE, 'name')));
  });
  router.get('/commodityTypes/:id', async (req, res) => {
    const found = await service.get(id(req));
    setVersionTag(res, found.version).json(found);
  });
  router.get('/commodityTypes/:id/children', async (req, res) => {
    res.json(await service.children(id(req), pageRequest(req, SORTABLE, 'name')));
  });
  router.post('/commodityTypes', async (req, res) => {
    const created = await service.create(validateCommodityType(req.body));
    setVersionTag(res.status(201).setHeader('Location', `${req.baseUrl}/commodityTypes/${created.id}`), created.version).json(created);
  });
  router.put('/commodityTypes/:id', async (req, res) => {
    const updated = await service.update(id(req), validateCommodityType(req.body), expectedVersion(req));
    setVersionTag(res, updated.version).json(updated);
  });
  return router;
}
