/**
 * /api/lots: list (paged; by id, trade item, lot code, expiration date range, expired, active),
 * read, create, update. Lots are deactivated (`active: false`), never deleted.
 */
import express, { type Request, type Router } from 'express';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion } from '../../http/request-params.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { pathId, query, setVersionTag } from '../orderables/catalogue-support.js';
import { validateLot } from './lot.schema.js';
import { lotService } from './lot.service.js';

const SORTABLE = { lotCode: 'lotCode', expirationDate: 'expirationDate', manufactureDate: 'manufactureDate' };

export function lotRoutes({ dataSource }: ReferenceDataContext): Router {
  const service = lotService(dataSource);
  const router = express.Router();
  const id = (req: Request) => pathId(req, (given) => service.notFound(given));

  router.get('/lots', async (req, res) => {
    const filter = {
      ids: query.uuids(req, 'id'),
      tradeItemIds: query.uuids(req, 'tradeItemId'),
      lotCode: query.text(req, 'lotCode'),
      expirationDateFrom: query.day(req, 'expirationDateFrom'),
      expirationDateTo: query.day(req, 'expirationDateTo'),
      expired: query.boolean(req, 'expired'),
      active: query.boolean(req, 'active'),
    };
    // Soonest expiry first by default: the order in which stock should leave (FEFO).
    res.json(await service.list(filter, pageRequest(req, SORTABLE, 'expirationDate')));
  });
  router.get('/lots/:id', async (req, res) => {
    const found = await service.get(id(req));
    setVersionTag(res, found.version).json(found);
  });
  router.post('/lots', async (req, res) => {
    const created = await service.create(validateLot(req.body));
    setVersionTag(res.status(201).setHeader('Location', `${req.baseUrl}/lots/${created.id}`), created.version).json(created);
  });
  router.put('/lots/:id', async (req, res) => {
    const updated = await service.update(id(req), validateLot(req.body), expectedVersion(req));
    setVersionTag(res, updated.version).json(updated);
  });
  return router;
}
