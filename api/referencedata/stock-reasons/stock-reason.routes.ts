/**
 * /api/stockCardLineItemReasons: list (paged; by name, type, category, tag), read, create, update;
 * DELETE answers 409 because stock history refers to reasons. Also the fixed option lists an admin
 * screen offers (/api/reasonTypes, /api/reasonCategories) and the tags in use
 * (/api/stockCardLineItemReasonTags), as OpenLMIS stock management serves them.
 */
import express, { type Request, type Router } from 'express';
import { ApiError } from '../../http/errors.js';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion, isUuid } from '../../http/request-params.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { enumParams, textParam } from '../stock-configuration/query-params.js';
import { REASON_CATEGORIES, REASON_TYPES } from './stock-reason.entity.js';
import { validateStockReason } from './stock-reason.schema.js';
import { StockReasonService } from './stock-reason.service.js';

const PATH = '/stockCardLineItemReasons';
const SORTABLE = { name: 'name', reasonType: 'reasonType', reasonCategory: 'reasonCategory' };

export function stockReasonRoutes({ dataSource }: ReferenceDataContext): Router {
  const service = new StockReasonService(dataSource);
  const router = express.Router();
  const reasonId = (req: Request) => {
    const id = req.params.id as string;
    if (!isUuid(id)) throw service.notFound(id);
    return id;
  };

  router.get(PATH, async (req, res) => {
    const filter = {
      name: textParam(req, 'name'),
      reasonTypes: enumParams(req, 'reasonType', REASON_TYPES),
      reasonCategories: enumParams(req, 'reasonCategory', REASON_CATEGORIES),
      tag: textParam(req, 'tag'),
    };
    res.json(await service.list(filter, pageRequest(req, SORTABLE, 'name')));
  });
  router.get(`${PATH}/:id`, async (req, res) => {
    const reason = await service.get(reasonId(req));
    res.setHeader('ETag', `W/"${reason.version}"`).json(reason);
  });
  router.post(PATH, async (req, res) => {
    const created = await service.create(validateStockReason(req.body));
    res.status(201).setHeader('Location', `${req.baseUrl}${PATH}/${created.id}`).setHeader('ETag', `W/"${created.version}"`).json(created);
  });
  router.put(`${PATH}/:id`, async (req, res) => {
    const updated = await service.update(reasonId(req), validateStockReason(req.body), expectedVersion(req));
    res.setHeader('ETag', `W/"${updated.version}"`).json(updated);
  });
  router.delete(`${PATH}/:id`, async (req) => {
    const reason = await service.get(reasonId(req));
    throw new ApiError(409, 'referenceData.error.stockCardLineItemReason.notDeletable', `Reason "${reason.name}" cannot be deleted: stock history refers to reasons. Remove its valid reason assignments to stop offering it`);
  });

  router.get('/reasonTypes', (_req, res) => {
    res.json(REASON_TYPES);
  });
  router.get('/reasonCategories', (_req, res) => {
    res.json(REASON_CATEGORIES);
  });
  router.get('/stockCardLineItemReasonTags', async (_req, res) => {
    res.json(await service.tags());
  });
  return router;
}
