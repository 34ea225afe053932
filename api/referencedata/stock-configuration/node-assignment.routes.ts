/**
 * The REST routes of valid sources and valid destinations: GET list (paged; programId and
 * facilityTypeId together or not at all, as OpenLMIS pairs them; facilityId applies geographic
 * level affinity), GET one, POST (201 when created, 200 when the assignment existed), DELETE.
 */
import express, { type Request, type Router } from 'express';
import { ApiError } from '../../http/errors.js';
import { pageRequest } from '../../http/paging.js';
import { isUuid } from '../../http/request-params.js';
import type { Validator } from '../../http/validation.js';
import { NODE_ASSIGNMENT_SORTABLE, type NodeAssignmentFilter, type NodeAssignmentInput, type NodeAssignmentService } from './node-assignment.service.js';
import { idParam, uuidParam } from './query-params.js';

export function nodeAssignmentRoutes(path: string, service: NodeAssignmentService, validate: Validator<NodeAssignmentInput>): Router {
  const router = express.Router();
  const assignmentId = (req: Request) => {
    const id = req.params.id as string;
    if (!isUuid(id)) throw service.notFound(id);
    return id;
  };

  router.get(path, async (req, res) => {
    res.json(await service.list(filterOf(req), pageRequest(req, NODE_ASSIGNMENT_SORTABLE, 'name')));
  });
  router.get(`${path}/:id`, async (req, res) => {
    res.json(await service.get(assignmentId(req)));
  });
  router.post(path, async (req, res) => {
    const { assignment, created } = await service.assign(validate(req.body));
    res.status(created ? 201 : 200).setHeader('Location', `${req.baseUrl}${path}/${assignment.id}`).json(assignment);
  });
  router.delete(`${path}/:id`, async (req, res) => {
    await service.remove(assignmentId(req));
    res.status(204).end();
  });
  return router;
}

function filterOf(req: Request): NodeAssignmentFilter {
  const filter = { programId: uuidParam(req, 'programId', 'program'), facilityTypeId: uuidParam(req, 'facilityTypeId', 'facilityType'), facilityId: idParam(req, 'facilityId') };
  if ((filter.programId === undefined) !== (filter.facilityTypeId === undefined)) {
    throw new ApiError(400, 'lastmile.error.query', 'programId and facilityTypeId go together: give both, or neither to list every assignment');
  }
  return filter;
}
