/**
 * /api/facilities: list (paged; by code, name, zone with recurse, type, ids), read, create,
 * update. Facilities are mCSD Locations; they are deactivated or disabled, never deleted.
 */
import express, { type Request, type Router } from 'express';
import { pageRequest } from '../../http/paging.js';
import { expectedVersion } from '../../http/request-params.js';
import { booleanQuery, listQuery, textQuery } from '../locations/query.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { validateFacility } from './facility.schema.js';
import { FacilityService } from './facility.service.js';

const SORTABLE = { code: 'code', name: 'name' };

export function facilityRoutes({ dataSource, fhir }: ReferenceDataContext): Router {
  const service = new FacilityService(dataSource, fhir.locations);
  const router = express.Router();

  router.get('/facilities', async (req, res) => {
    const filter = {
      code: textQuery(req, 'code'),
      name: textQuery(req, 'name'),
      ids: listQuery(req, 'id'),
      zoneId: textQuery(req, 'zoneId'),
      recurse: booleanQuery(req, 'recurse'),
      typeCode: textQuery(req, 'type'),
    };
    res.json(await service.list(filter, pageRequest(req, SORTABLE, 'code')));
  });
  router.get('/facilities/:id', async (req, res) => {
    const facility = await service.get(facilityId(req));
    res.setHeader('ETag', `W/"${facility.version}"`).json(facility);
  });
  router.post('/facilities', async (req, res) => {
    const facility = await service.create(validateFacility(req.body));
    res.status(201).setHeader('Location', `${req.baseUrl}/facilities/${facility.id}`).setHeader('ETag', `W/"${facility.version}"`).json(facility);
  });
  router.put('/facilities/:id', async (req, res) => {
    const facility = await service.update(facilityId(req), validateFacility(req.body), expectedVersion(req));
    res.setHeader('ETag', `W/"${facility.version}"`).json(facility);
  });
  return router;
}

function facilityId(req: Request): string {
  return req.params.id as string;
}
