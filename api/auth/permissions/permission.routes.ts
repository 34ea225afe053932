/**
 * A user's effective permissions (OpenLMIS's user endpoints):
 * - GET /api/users/{id}/permissionStrings: the sorted strings `RIGHT`, `RIGHT|facilityId` and
 *   `RIGHT|facilityId|programId`, with an ETag that is a hash of the set (If-None-Match: 304);
 * - GET /api/users/{id}/hasRight?rightId=|right=&programId=&facilityId=|warehouseId=:
 *   `{ "result": true|false }`.
 */
import express, { type Request, type Router } from 'express';
import { ApiError } from '../../http/errors.js';
import { isUuid } from '../../http/request-params.js';
import type { AccessContext } from '../access-context.js';
import { queryText, queryUuid } from '../request-params.js';
import { rightNamed, rightWithId, type RightDefinition } from '../rights/right-catalogue.js';
import type { AuthorizationService } from './permission.service.js';

export function permissionRoutes(context: AccessContext, permissions: AuthorizationService): Router {
  const router = express.Router();
  router.param('id', (_req, _res, next, id: string) => (isUuid(id) ? next() : next('route')));

  /** The user's permissions; 404 when there is no such user. */
  const forUser = async (req: Request) => {
    const id = req.params.id as string;
    const [user] = await context.dataSource.query('SELECT id FROM users WHERE id = $1', [id]);
    if (!user) throw new ApiError(404, 'auth.error.user.notFound', `User ${id} does not exist`);
    return permissions.forRequest(req, id);
  };

  router.get('/users/:id/permissionStrings', async (req, res) => {
    const found = await forUser(req);
    const etag = found.etag();
    res.setHeader('ETag', etag).setHeader('Cache-Control', 'private, no-cache');
    if (req.get('if-none-match')?.split(',').some((tag) => tag.trim() === etag)) {
      res.status(304).end();
      return;
    }
    res.json(found.strings());
  });

  router.get('/users/:id/hasRight', async (req, res) => {
    const right = rightAsked(req);
    const facilityId = queryText(req, 'facilityId') ?? queryText(req, 'warehouseId');
    const found = await forUser(req);
    res.json({ result: found.has(right.name, { programId: queryUuid(req, 'programId'), facilityId }) });
  });
  return router;
}

/** The right named by `rightId` (OpenLMIS clients) or `right` (its name). */
function rightAsked(req: Request): RightDefinition {
  const id = queryUuid(req, 'rightId');
  const name = queryText(req, 'right');
  if (id === undefined && name === undefined) throw new ApiError(400, 'auth.error.right.required', 'Name the right: rightId=<uuid> or right=<name>');
  const right = id !== undefined ? rightWithId(id) : rightNamed(name!);
  if (!right) throw new ApiError(400, 'auth.error.right.unknown', `There is no right ${id ?? name}; GET /api/rights lists them`);
  return right;
}
