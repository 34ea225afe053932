/**
 * /api/orderables: list the latest versions (paged; by id, code, name, program), read the latest
 * version or `?versionNumber=N`, list every version (`/{id}/versions`), create, update (a new
 * version each time). Reads carry ETag (the version number) and Last-Modified, and answer 304 to
 * a matching If-Modified-Since, as OpenLMIS does. Never deleted.
 */
import express, { type Request, type Response, type Router } from 'express';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion } from '../../http/request-params.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { pathId, query, setVersionTag } from './catalogue-support.js';
import { orderableErrors } from './orderable.content.js';
import { validateOrderable } from './orderable.schema.js';
import { orderableService } from './orderable.service.js';
import type { OrderableView } from './orderable.view.js';

const SORTABLE = { productCode: 'productCode', fullProductName: 'fullProductName' };
const VERSION_SORTABLE = { versionNumber: 'versionNumber' };

export function orderableRoutes({ dataSource }: ReferenceDataContext): Router {
  const service = orderableService(dataSource);
  const router = express.Router();
  const id = (req: Request) => pathId(req, (given) => service.notFound(given));

  router.get('/orderables', async (req, res) => {
    const filter = {
      ids: query.uuids(req, 'id'),
      code: query.text(req, 'code'),
      name: query.text(req, 'name'),
      // OpenLMIS clients send the program's code as `program`.
      programCode: query.text(req, 'programCode') ?? query.text(req, 'program'),
      programId: query.uuid(req, 'programId'),
    };
    res.json(await service.list(filter, pageRequest(req, SORTABLE, 'productCode')));
  });
  router.get('/orderables/:id', async (req, res) => {
    const versionNumber = query.positiveInteger(req, 'versionNumber');
    const found = versionNumber === undefined ? await service.get(id(req)) : await service.getVersion(id(req), versionNumber);
    sendRead(req, res, found);
  });
  router.get('/orderables/:id/versions', async (req, res) => {
    res.json(await service.versions(id(req), pageRequest(req, VERSION_SORTABLE, 'versionNumber')));
  });
  router.post('/orderables', async (req, res) => {
    const created = await service.create(validateOrderable(req.body));
    setVersionTag(res.status(201).setHeader('Location', `${req.baseUrl}/orderables/${created.id}`), created.versionNumber).json(created);
  });
  router.put('/orderables/:id', async (req, res) => {
    const orderableId = id(req);
    const input = validateOrderable(req.body);
    const bodyId = (req.body as { id?: unknown }).id;
    if (bodyId !== undefined && bodyId !== orderableId) {
      throw orderableErrors(400, 'idMismatch', `The body is orderable ${String(bodyId)}, but the path names ${orderableId}`);
    }
    const updated = await service.update(orderableId, input, expectedVersionNumber(req));
    setVersionTag(res, updated.versionNumber).json(updated);
  });
  return router;
}

/** If-Match first, then the `versionNumber` a read returned, then a generic `version`. */
function expectedVersionNumber(req: Request): number | undefined {
  const bodyVersionNumber = (req.body as { versionNumber?: unknown }).versionNumber;
  if (req.get('if-match') === undefined && typeof bodyVersionNumber === 'number') return bodyVersionNumber;
  return expectedVersion(req);
}

/**
 * Answers 304 when the client's copy is current: If-None-Match names this version's ETag, or (without
 * it) If-Modified-Since is not older than the version. HTTP dates have whole seconds only.
 */
function sendRead(req: Request, res: Response, found: OrderableView): void {
  const etag = `W/"${found.versionNumber}"`;
  const lastModified = Math.floor(Date.parse(found.lastUpdated) / 1000) * 1000;
  res.setHeader('ETag', etag).setHeader('Last-Modified', new Date(lastModified).toUTCString());
  const noneMatch = req.get('if-none-match');
  const since = Date.parse(req.get('if-modified-since') ?? '');
  const current = noneMatch !== undefined ? noneMatch.split(',').some((tag) => tag.trim() === etag) : !Number.isNaN(since) && lastModified <= since;
  if (current) {
    res.status(304).end();
    return;
  }
  res.json(found);
}
