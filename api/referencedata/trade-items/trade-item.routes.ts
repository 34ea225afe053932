/**
 * /api/tradeItems: list (paged; by id, GTIN, manufacturer and classification), read, create,
 * update. Never deleted.
 */
import express, { type Request, type Router } from 'express';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion } from '../../http/request-params.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { pathId, query, setVersionTag } from '../orderables/catalogue-support.js';
import { validateTradeItem } from './trade-item.schema.js';
import { tradeItemService } from './trade-item.service.js';

const SORTABLE = { manufacturerOfTradeItem: 'manufacturerOfTradeItem', gtin: 'gtin' };

export function tradeItemRoutes({ dataSource }: ReferenceDataContext): Router {
  const service = tradeItemService(dataSource);
  const router = express.Router();
  const id = (req: Request) => pathId(req, (given) => service.notFound(given));

  router.get('/tradeItems', async (req, res) => {
    const filter = {
      ids: query.uuids(req, 'id'),
      gtin: query.text(req, 'gtin'),
      manufacturerOfTradeItem: query.text(req, 'manufacturerOfTradeItem'),
      classificationSystem: query.text(req, 'classificationSystem'),
      classificationId: query.text(req, 'classificationId'),
    };
    res.json(await service.list(filter, pageRequest(req, SORTABLE, 'manufacturerOfTradeItem')));
  });
  router.get('/tradeItems/:id', async (req, res) => {
    const found = await service.get(id(req));
    setVersionTag(res, found.version).json(found);
  });
  router.post('/tradeItems', async (req, res) => {
    const created = await service.create(validateTradeItem(req.body));
    setVersionTag(res.status(201).setHeader('Location', `${req.baseUrl}/tradeItems/${created.id}`), created.version).json(created);
  });
  router.put('/tradeItems/:id', async (req, res) => {
    const updated = await service.update(id(req), validateTradeItem(req.body), expectedVersion(req));
    setVersionTag(res, updated.version).json(updated);
  });
  return router;
}
