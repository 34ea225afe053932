/**
 * /api/idealStockAmounts: list (paged; by facility, commodity type and period), read, create (409
 * when the facility already has an amount for the commodity type and period), update one
 * (If-Match or the body's version), and PUT on the collection, which saves a list by facility,
 * commodity type and period (creating or updating each), all or nothing, as OpenLMIS's does.
 */
import express, { type Request, type Router } from 'express';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion } from '../../http/request-params.js';
import { pathId, query } from '../orderables/catalogue-support.js';
import { idParam } from '../stock-configuration/query-params.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { validateIdealStockAmount, validateIdealStockAmounts } from './ideal-stock-amount.schema.js';
import { idealStockAmountErrors, idealStockAmountService, SORTABLE } from './ideal-stock-amount.service.js';

const PATH = '/idealStockAmounts';

export function idealStockAmountRoutes({ dataSource, directory }: ReferenceDataContext): Router {
  const service = idealStockAmountService(dataSource, directory);
  const router = express.Router();
  const id = (req: Request) => pathId(req, (given) => service.notFound(given));

  router.get(PATH, async (req, res) => {
    const filter = {
      facilityId: idParam(req, 'facilityId'),
      commodityTypeId: query.uuid(req, 'commodityTypeId'),
      processingPeriodId: query.uuid(req, 'processingPeriodId'),
    };
    res.json(await service.list(filter, pageRequest(req, SORTABLE, 'facilityId')));
  });
  router.get(`${PATH}/:id`, async (req, res) => {
    const found = await service.get(id(req));
    res.setHeader('ETag', `W/"${found.version}"`).json(found);
  });
  router.post(PATH, async (req, res) => {
    const created = await service.create(validateIdealStockAmount(req.body));
    res.status(201).setHeader('Location', `${req.baseUrl}${PATH}/${created.id}`).setHeader('ETag', `W/"${created.version}"`).json(created);
  });
  router.put(PATH, async (req, res) => {
    res.json(await service.upsertMany(validateIdealStockAmounts(req.body)));
  });
  router.put(`${PATH}/:id`, async (req, res) => {
    const amountId = id(req);
    const input = validateIdealStockAmount(req.body);
    const bodyId = (req.body as { id?: unknown }).id;
    if (bodyId !== undefined && bodyId !== amountId) {
      throw idealStockAmountErrors(400, 'idMismatch', `The body is ideal stock amount ${String(bodyId)}, but the path names ${amountId}`);
    }
    const updated = await service.update(amountId, input, expectedVersion(req));
    res.setHeader('ETag', `W/"${updated.version}"`).json(updated);
  });
  return router;
}
