/** The REST routes of a coded entity: GET list (paged; code and name filters), GET one, POST, PUT. */
import express, { type Request, type Router } from 'express';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion, isUuid } from '../../http/request-params.js';
import type { Validator } from '../../http/validation.js';
import type { CodedEntityInput } from './coded-entity.entity.js';
import type { CodedEntity, CodedEntityService } from './coded-entity.service.js';

export interface CodedEntityRoutes<E extends CodedEntity, I extends CodedEntityInput> {
  /** The collection path, as OpenLMIS names it: `/programs`, `/facilityTypes`, ... */
  path: string;
  service: CodedEntityService<E, I>;
  validate: Validator<I>;
  /** API sort names to entity properties. */
  sortable: Record<string, string>;
  defaultSort: string;
  /** Runs after every create and update (e.g. republishing the entity's FHIR CodeSystem). */
  afterWrite?: () => Promise<void>;
}

export function codedEntityRoutes<E extends CodedEntity, I extends CodedEntityInput>({ path, service, validate, sortable, defaultSort, afterWrite }: CodedEntityRoutes<E, I>): Router {
  const router = express.Router();
  const id = (req: Request) => {
    if (!isUuid(req.params.id as string)) throw service.notFound(req.params.id as string);
    return req.params.id as string;
  };

  router.get(path, async (req, res) => {
    res.json(await service.list({ code: text(req, 'code'), name: text(req, 'name') }, pageRequest(req, sortable, defaultSort)));
  });
  router.get(`${path}/:id`, async (req, res) => {
    const found = await service.get(id(req));
    res.setHeader('ETag', `W/"${found.version}"`).json(found);
  });
  router.post(path, async (req, res) => {
    const created = await service.create(validate(req.body));
    await afterWrite?.();
    res.status(201).setHeader('Location', `${req.baseUrl}${path}/${created.id}`).setHeader('ETag', `W/"${created.version}"`).json(created);
  });
  router.put(`${path}/:id`, async (req, res) => {
    const updated = await service.update(id(req), validate(req.body), expectedVersion(req));
    await afterWrite?.();
    res.setHeader('ETag', `W/"${updated.version}"`).json(updated);
  });
  return router;
}

function text(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
