/**
 * /api/roles: list (paged; filters name, contained, and rightType), read, create, update
 * (If-Match or body version), delete (409 while the role is assigned).
 */
import express, { type Router } from 'express';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion, isUuid } from '../../http/request-params.js';
import type { AccessContext } from '../access-context.js';
import { queryText } from '../request-params.js';
import { RIGHT_TYPES, type RightType } from '../rights/right-catalogue.js';
import { validateRole } from './role.schema.js';
import { RoleService } from './role.service.js';

const PATH = '/roles';
const SORTABLE = { name: 'name', rightType: 'type' };

export function roleRoutes({ dataSource }: AccessContext): Router {
  const service = new RoleService(dataSource.manager);
  const id = (req: express.Request) => {
    const text = req.params.id as string;
    if (!isUuid(text)) throw service.notFound(text);
    return text;
  };
  const router = express.Router();

  router.get(PATH, async (req, res) => {
    const filter = { name: queryText(req, 'name'), rightType: queryText(req, 'rightType', (t) => RIGHT_TYPES.includes(t as RightType)) as RightType | undefined };
    res.json(await service.list(filter, pageRequest(req, SORTABLE, 'name')));
  });
  router.get(`${PATH}/:id`, async (req, res) => {
    const role = await service.get(id(req));
    res.setHeader('ETag', `W/"${role.version}"`).json(role);
  });
  router.post(PATH, async (req, res) => {
    const role = await service.create(validateRole(req.body));
    res.status(201).setHeader('Location', `${req.baseUrl}${PATH}/${role.id}`).setHeader('ETag', `W/"${role.version}"`).json(role);
  });
  router.put(`${PATH}/:id`, async (req, res) => {
    const role = await service.update(id(req), validateRole(req.body), expectedVersion(req));
    res.setHeader('ETag', `W/"${role.version}"`).json(role);
  });
  router.delete(`${PATH}/:id`, async (req, res) => {
    await service.remove(id(req));
    res.status(204).end();
  });
  return router;
}
