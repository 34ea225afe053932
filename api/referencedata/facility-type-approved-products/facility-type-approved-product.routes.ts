/**
 * /api/facilityTypeApprovedProducts: list the latest versions (paged; by facility type and program
 * code or id, orderable, full supply, active — active ones only unless `active=false`, as in
 * OpenLMIS), read the latest version or `?versionNumber=N`, list every version
 * (`/{id}/versions`), create, update (a new version each time), and DELETE, which deactivates.
 */
import express, { type Request, type Router } from 'express';
import { ApiError } from '../../http/errors.js';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion } from '../../http/request-params.js';
import { pathId, query, setVersionTag } from '../orderables/catalogue-support.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { validateApprovedProduct } from './facility-type-approved-product.schema.js';
import { approvedProductErrors, approvedProductService } from './facility-type-approved-product.service.js';
import { SORTABLE, VERSION_SORTABLE } from './facility-type-approved-product.view.js';

const PATH = '/facilityTypeApprovedProducts';

export function approvedProductRoutes({ dataSource }: ReferenceDataContext): Router {
  const service = approvedProductService(dataSource);
  const router = express.Router();
  const id = (req: Request) => pathId(req, (given) => service.notFound(given));

  router.get(PATH, async (req, res) => {
    const filter = {
      facilityTypes: texts(req, 'facilityType'),
      program: query.text(req, 'program'),
      orderableIds: query.uuids(req, 'orderableId'),
      fullSupply: query.boolean(req, 'fullSupply'),
      active: query.boolean(req, 'active') ?? true,
    };
    res.json(await service.list(filter, pageRequest(req, SORTABLE, 'productCode')));
  });
  router.get(`${PATH}/:id`, async (req, res) => {
    const versionNumber = query.positiveInteger(req, 'versionNumber');
    const found = versionNumber === undefined ? await service.get(id(req)) : await service.getVersion(id(req), versionNumber);
    setVersionTag(res, found.versionNumber).json(found);
  });
  router.get(`${PATH}/:id/versions`, async (req, res) => {
    res.json(await service.versions(id(req), pageRequest(req, VERSION_SORTABLE, 'versionNumber')));
  });
  router.post(PATH, async (req, res) => {
    const created = await service.create(validateApprovedProduct(req.body));
    setVersionTag(res.status(201).setHeader('Location', `${req.baseUrl}${PATH}/${created.id}`), created.versionNumber).json(created);
  });
  router.put(`${PATH}/:id`, async (req, res) => {
    const approvedProductId = id(req);
    const input = validateApprovedProduct(req.body);
    const bodyId = (req.body as { id?: unknown }).id;
    if (bodyId !== undefined && bodyId !== approvedProductId) {
      throw approvedProductErrors(400, 'idMismatch', `The body is approved product ${String(bodyId)}, but the path names ${approvedProductId}`);
    }
    const updated = await service.update(approvedProductId, input, expectedVersionNumber(req));
    setVersionTag(res, updated.versionNumber).json(updated);
  });
  router.delete(`${PATH}/:id`, async (req, res) => {
    await service.deactivate(id(req), expectedVersion(req));
    res.status(204).end();
  });
  return router;
}

/** If-Match first, then the `versionNumber` a read returned, then a generic `version`. */
function expectedVersionNumber(req: Request): number | undefined {
  const bodyVersionNumber = (req.body as { versionNumber?: unknown }).versionNumber;
  if (req.get('if-match') === undefined && typeof bodyVersionNumber === 'number') return bodyVersionNumber;
  return expectedVersion(req);
}

/** A repeatable text parameter (`facilityType=a&facilityType=b`, or `facilityType=a,b`). */
function texts(req: Request, name: string): string[] | undefined {
  const given = req.query[name];
  if (given === undefined) return undefined;
  const values = ([] as unknown[]).concat(given);
  if (!values.every((value) => typeof value === 'string')) throw new ApiError(400, 'lastmile.error.query', `The query parameter ${name} must be plain text`);
  const list = (values as string[]).flatMap((value) => value.split(',')).filter((value) => value !== '');
  return list.length > 0 ? list : undefined;
}
