/**
 * /api/validReasons: list (paged; by program, facility type, reason and reason type, under the
 * OpenLMIS names `program`, `facilityType`, `reason` or with an `Id` suffix), read, assign (POST:
 * 201 when created, 200 when it existed), remove (DELETE).
 */
import express, { type Request, type Router } from 'express';
import { ApiError } from '../../http/errors.js';
import { pageRequest } from '../../http/paging.js';
import { isUuid } from '../../http/request-params.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { enumParams, textParam, uuidParam } from '../stock-configuration/query-params.js';
import { REASON_TYPES } from '../stock-reasons/stock-reason.entity.js';
import { validateValidReason } from './valid-reason.schema.js';
import { ValidReasonService, type ValidReasonFilter } from './valid-reason.service.js';

const PATH = '/validReasons';
const SORTABLE = { reasonName: 'r.name', reasonType: 'r.reasonType', hidden: 'a.hidden' };

export function validReasonRoutes({ dataSource }: ReferenceDataContext): Router {
  const service = new ValidReasonService(dataSource);
  const router = express.Router();
  const assignmentId = (req: Request) => {
    const id = req.params.id as string;
    if (!isUuid(id)) throw service.notFound(id);
    return id;
  };

  router.get(PATH, async (req, res) => {
    res.json(await service.list(filterOf(req), pageRequest(req, SORTABLE, 'reasonName')));
  });
  router.get(`${PATH}/:id`, async (req, res) => {
    res.json(await service.get(assignmentId(req)));
  });
  router.post(PATH, async (req, res) => {
    const { assignment, created } = await service.assign(validateValidReason(req.body));
    res.status(created ? 201 : 200).setHeader('Location', `${req.baseUrl}${PATH}/${assignment.id}`).json(assignment);
  });
  router.delete(`${PATH}/:id`, async (req, res) => {
    await service.remove(assignmentId(req));
    res.status(204).end();
  });
  return router;
}

function filterOf(req: Request): ValidReasonFilter {
  return {
    programId: uuidParam(req, 'programId', 'program'),
    facilityTypeId: uuidParam(req, 'facilityTypeId', 'facilityType'),
    reasonId: uuidParam(req, 'reasonId', 'reason'),
    reasonTypes: enumParams(req, 'reasonType', REASON_TYPES),
    hidden: booleanParam(req, 'hidden'),
  };
}

function booleanParam(req: Request, name: string): boolean | undefined {
  const value = textParam(req, name);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw new ApiError(400, 'lastmile.error.query', `${name} must be true or false`);
  return value === 'true';
}
