/**
 * /api/users: list (paged; filters username, name, email: contained, any case; homeFacilityId;
 * active), read, create, update (If-Match or body version), and DELETE, which deactivates: users
 * are never deleted. A path id that is not a UUID is left to other routes (e.g. /users/auth/...).
 */
import express, { type Request, type Router } from 'express';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion, isUuid } from '../../http/request-params.js';
import type { AccessContext } from '../access-context.js';
import { queryBoolean, queryText } from '../request-params.js';
import type { User } from './user.entity.js';
import { validateUser } from './user.schema.js';
import { UserService } from './user.service.js';

const PATH = '/users';
const SORTABLE = { username: 'username', firstName: 'firstName', lastName: 'lastName', email: 'email' };

export function userRoutes({ dataSource, directory }: AccessContext): Router {
  const service = new UserService(dataSource.manager, directory);
  const router = express.Router();
  router.param('id', (_req, _res, next, id: string) => (isUuid(id) ? next() : next('route')));

  router.get(PATH, async (req, res) => {
    const filter = {
      username: queryText(req, 'username'),
      name: queryText(req, 'name'),
      email: queryText(req, 'email'),
      homeFacilityId: queryText(req, 'homeFacilityId'),
      active: queryBoolean(req, 'active'),
    };
    res.json(await service.list(filter, pageRequest(req, SORTABLE, 'username')));
  });
  router.get(`${PATH}/:id`, async (req, res) => {
    send(res, await service.get(id(req)));
  });
  router.post(PATH, async (req, res) => {
    const user = await service.create(validateUser(req.body));
    res.status(201).setHeader('Location', `${req.baseUrl}${PATH}/${user.id}`);
    send(res, user);
  });
  router.put(`${PATH}/:id`, async (req, res) => {
    send(res, await service.update(id(req), validateUser(req.body), expectedVersion(req)));
  });
  router.delete(`${PATH}/:id`, async (req, res) => {
    send(res, await service.deactivate(id(req)));
  });
  return router;
}

function id(req: Request): string {
  return req.params.id as string;
}

function send(res: express.Response, user: User): void {
  res.setHeader('ETag', `W/"${user.version}"`).json(user);
}
