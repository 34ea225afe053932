/**
 * GET /api/users/{id}/roleAssignments: the user's assignments, with role names and scope codes.
 * PUT /api/users/{id}/roleAssignments: replaces them all with the body's array (an empty array
 * removes every assignment), as OpenLMIS's user save does.
 */
import express, { type Router } from 'express';
import { isUuid } from '../../http/request-params.js';
import type { AccessContext } from '../access-context.js';
import { validateRoleAssignments } from './role-assignment.schema.js';
import { RoleAssignmentService } from './role-assignment.service.js';

const PATH = '/users/:id/roleAssignments';

export function roleAssignmentRoutes({ dataSource, directory }: AccessContext): Router {
  const service = new RoleAssignmentService(dataSource.manager, directory);
  const router = express.Router();
  router.param('id', (_req, _res, next, id: string) => (isUuid(id) ? next() : next('route')));

  router.get(PATH, async (req, res) => {
    res.json(await service.list(req.params.id as string));
  });
  router.put(PATH, async (req, res) => {
    res.json(await service.replace(req.params.id as string, validateRoleAssignments(req.body)));
  });
  return router;
}
